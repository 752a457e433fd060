/**
 * npm run seed -- --records RECORDS.json: loads merchants, terminals, models and invoices into the
 * deployed tables. Table names come from the same variables the Lambdas use (MERCHANTS_TABLE,
 * TERMINALS_TABLE, MODELS_TABLE, INVOICES_TABLE, RECORD_VERSIONS_TABLE; the stateful stack outputs them), credentials
 * and region from the usual AWS SDK chain.
 */
import { parseArgs } from 'node:util';
import type { Records } from '#domain/triage/types';
import { seedRecords, seedStamp } from '#adapters/dynamodb/records-seed';
import { recordsDbFromEnv } from '#lib/records/tables';
import { readRecordsFile } from '#lib/local/records';

const { values } = parseArgs({ options: { records: { type: 'string' } } });
const fail = (message: string): never => {
  process.stderr.write(`seed: ${message}\n`);
  process.exit(2);
};
if (!values.records) fail('usage: npm run seed -- --records RECORDS.json');

let target: ReturnType<typeof recordsDbFromEnv>;
try {
  target = recordsDbFromEnv();
} catch (error) {
  target = fail((error as Error).message);
}

let records: Records;
try {
  records = readRecordsFile(String(values.records));
} catch (error) {
  records = fail((error as Error).message);
}
const written = await seedRecords(target.db.client, records, target.tableNames, seedStamp(new Date()));
process.stderr.write(`seed: wrote ${written} records\n`);
