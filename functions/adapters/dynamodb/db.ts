import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableKey } from '#adapters/dynamodb/schema';

/**
 * What every DynamoDB adapter is built on: the document client and the physical name of each
 * table it uses (CDK names them; a function is told only the ones it may touch).
 */
export interface DynamoDb {
  client: DynamoDBDocumentClient;
  table(key: TableKey): string;
}
