import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_ENV, type TableKey } from '#adapters/dynamodb/schema';
import { REQUEST_HANDLER } from '#adapters/aws/request-handler';

/** Built once per container; AWS_ENDPOINT_URL_DYNAMODB points it at DynamoDB Local when set. */
export const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ requestHandler: REQUEST_HANDLER }), {
  marshallOptions: { removeUndefinedValues: true },
});

export function tableName(key: TableKey): string {
  const name = process.env[TABLE_ENV[key]];
  if (!name) throw new Error(`${TABLE_ENV[key]} is not set`);
  return name;
}
