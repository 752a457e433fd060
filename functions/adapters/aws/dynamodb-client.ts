import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { REQUEST_HANDLER } from '#adapters/aws/request-handler';

/** Built once per container; the SDK takes its endpoint from AWS_ENDPOINT_URL_DYNAMODB when set. */
export const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ requestHandler: REQUEST_HANDLER }), {
  marshallOptions: { removeUndefinedValues: true },
});
