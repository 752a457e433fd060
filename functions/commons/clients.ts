import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_ENV, type TableKey } from '#commons/table-schema';

/**
 * SDK clients are built once per container, at module load. Endpoints come from the standard
 * AWS_ENDPOINT_URL_* variables, which is how the local stack points them at local services.
 */
const requestHandler = { requestTimeout: 5_000, connectionTimeout: 2_000 };

export const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ requestHandler }), {
  marshallOptions: { removeUndefinedValues: true },
});
export const sesClient = new SESClient({ requestHandler });
export const sfnClient = new SFNClient({ requestHandler });

export function tableName(key: TableKey): string {
  const name = process.env[TABLE_ENV[key]];
  if (!name) throw new Error(`${TABLE_ENV[key]} is not set`);
  return name;
}

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}
