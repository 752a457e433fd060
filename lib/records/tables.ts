import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDb } from '#adapters/dynamodb/db';
import { RECORD_TABLES, type RecordTable } from '#adapters/dynamodb/records-seed';
import { TABLE_ENV, type TableKey } from '#adapters/dynamodb/schema';

/**
 * The records tables as the Lambdas find them (MERCHANTS_TABLE, TERMINALS_TABLE, MODELS_TABLE,
 * INVOICES_TABLE, RECORD_VERSIONS_TABLE: the stateful stack's outputs, or the lines `npm start`
 * writes to .local/stack.env), on a client from the SDK's usual chain (AWS_ENDPOINT_URL_DYNAMODB
 * for DynamoDB Local). Throws naming each variable that is not set.
 */
export function recordsDbFromEnv(env: NodeJS.ProcessEnv = process.env): {
  db: DynamoDb;
  tableNames: Record<RecordTable, string>;
} {
  const missing = RECORD_TABLES.map((r) => TABLE_ENV[r]).filter((name) => !env[name]);
  if (missing.length)
    throw new Error(
      `set ${missing.join(', ')} to the table names in the Code97Stateful stack outputs (locally: set -a; . .local/stack.env; set +a)`,
    );
  const tableNames = Object.fromEntries(RECORD_TABLES.map((r) => [r, String(env[TABLE_ENV[r]])])) as Record<
    RecordTable,
    string
  >;
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const table = (key: TableKey) => {
    const name = (tableNames as Partial<Record<TableKey, string>>)[key];
    if (!name) throw new Error(`the records commands use the records tables only, not ${key}`);
    return name;
  };
  return { db: { client, table }, tableNames };
}
