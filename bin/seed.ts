/**
 * npm run seed -- --records RECORDS.json: loads merchants, terminals, models and invoices into the
 * deployed tables. Table names come from the same variables the Lambdas use (MERCHANTS_TABLE,
 * TERMINALS_TABLE, MODELS_TABLE, INVOICES_TABLE, RECORD_VERSIONS_TABLE; the stateful stack outputs them), credentials
 * and region from the usual AWS SDK chain.
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_ENV } from '#adapters/dynamodb/schema';
import type { Records } from '#domain/triage/types';
import { RECORD_TABLES, seedRecords, seedStamp } from '#adapters/dynamodb/records-seed';
import { readRecordsFile } from '#lib/local/records';

const { values } = parseArgs({ options: { records: { type: 'string' } } });
const fail = (message: string): never => {
  process.stderr.write(`seed: ${message}\n`);
  process.exit(2);
};
if (!values.records) fail('usage: npm run seed -- --records RECORDS.json');

const roles = RECORD_TABLES;
const missing = roles.map((r) => TABLE_ENV[r]).filter((name) => !process.env[name]);
if (missing.length) fail(`set ${missing.join(', ')} to the table names in the Code97Stateful stack outputs`);

let records: Records;
try {
  records = readRecordsFile(String(values.records));
} catch (error) {
  records = fail((error as Error).message);
}
const tableNames = Object.fromEntries(roles.map((r) => [r, String(process.env[TABLE_ENV[r]])])) as Record<
  (typeof roles)[number],
  string
>;
const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});
const written = await seedRecords(client, records, tableNames, seedStamp(new Date()));
process.stderr.write(`seed: wrote ${written} records\n`);
