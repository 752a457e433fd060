import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { RECORD_TABLES, type RecordTable, seedRecords, seedStamp } from '#adapters/dynamodb/records-seed';
import { INDEX, WATCHED } from '#adapters/dynamodb/schema';
import type { Records } from '#domain/triage/types';
import { recordsFingerprint } from './records.ts';

/** Beside DynamoDB's kept data: which records were last seeded into it, written once they all were. */
const SEEDED_MARK = 'seeded-records.sha256';

/**
 * Seeds the records, unless the kept data already holds these very records (every records
 * table was kept, and the mark beside the data says they were last seeded whole): a start
 * with nothing changed pays for the JVM, not for the records, and a hand-fixed record survives.
 */
export async function seedUnlessKept(input: {
  client: DynamoDBDocumentClient;
  records: Records;
  tableNames: Record<RecordTable, string>;
  reused: ReadonlySet<string>;
  dataDir: string | undefined;
  progress: (message: string) => void;
}): Promise<void> {
  const { client, records, tableNames, progress } = input;
  const mark = input.dataDir ? path.join(input.dataDir, SEEDED_MARK) : null;
  const fingerprint = mark ? recordsFingerprint(records, tableNames) : '';
  const allKept = RECORD_TABLES.every((table) => input.reused.has(tableNames[table]));
  if (mark && allKept && (await readFile(mark, 'utf8').catch(() => '')) === fingerprint) {
    progress('the records are as last seeded; kept, not written again');
    return;
  }
  if (mark) await rm(mark, { force: true });
  progress('seeding the records');
  const count = await seedRecords(client, records, tableNames, seedStamp(new Date()));
  progress(`seeded ${count} records`);
  if (mark) await writeFile(mark, fingerprint);
}

/**
 * Workflow runs live in this process, so those of an earlier start died with it: every ticket
 * it left unfinished is due now, and the reconciler's next pass drives it on.
 */
export async function resumeUnfinished(client: DynamoDBDocumentClient, ticketsTable: string): Promise<number> {
  const index = INDEX.ticketsDue;
  let resumed = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: ticketsTable,
        IndexName: index.name,
        KeyConditionExpression: '#w = :due',
        ExpressionAttributeNames: { '#w': index.partitionKey },
        ExpressionAttributeValues: { ':due': WATCHED },
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) {
      await client.send(
        new UpdateCommand({
          TableName: ticketsTable,
          Key: { ticketId: item.ticketId },
          UpdateExpression: 'SET watchAtEpochMs = :now',
          ExpressionAttributeValues: { ':now': 0 },
        }),
      );
      resumed++;
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return resumed;
}
