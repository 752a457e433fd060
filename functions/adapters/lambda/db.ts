import { documentClient } from '#adapters/aws/dynamodb-client';
import type { DynamoDb } from '#adapters/dynamodb/db';
import { tableFromEnv } from '#adapters/lambda/env';

/** The function's DynamoDB: the container's client and the tables its template names. */
export const db: DynamoDb = { client: documentClient, table: tableFromEnv };
