import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { seedItems, type RecordTable } from '#adapters/dynamodb/records-seed';
import { validateRecords } from '#domain/records/validate';
import type { Records } from '#domain/triage/types';

/** Reads and validates a records file; the error lists each bad entry with its path. */
export function readRecordsFile(file: string): Records {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read records from ${file}: ${(error as Error).message}`, { cause: error });
  }
  const result = validateRecords(parsed);
  if (!result.ok) {
    const shown = result.errors.slice(0, 20).join('\n  ');
    const more = result.errors.length > 20 ? `\n  … and ${result.errors.length - 20} more` : '';
    throw new Error(`${file} is not a valid records file:\n  ${shown}${more}`);
  }
  return result.records;
}

/** The items seeding would write, by content: equal exactly when the same rows would be written where. */
export function recordsFingerprint(records: Records, tableNames: Record<RecordTable, string>): string {
  const hash = createHash('sha256');
  for (const [table, item] of seedItems(records, tableNames))
    hash.update(table).update('\0').update(JSON.stringify(item)).update('\n');
  return hash.digest('hex');
}
