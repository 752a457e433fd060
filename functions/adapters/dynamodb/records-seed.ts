import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { merchantItem } from '#adapters/dynamodb/records';
import type { Records } from '#domain/triage/types';

/** The tables holding the acquirer's own records (the rest hold the triage's state). */
export const RECORD_TABLES = ['merchants', 'terminals', 'models', 'invoices'] as const;
export type RecordTable = (typeof RECORD_TABLES)[number];

const BATCH = 25;
/** Batches written at once while seeding. */
const SEED_CONCURRENCY = 16;

/** Every record as the item seeding writes, with the table it goes to. */
export function seedItems(
  records: Records,
  tableNames: Record<RecordTable, string>,
): Array<[string, Record<string, unknown>]> {
  return [
    ...records.merchants.map((m) => [tableNames.merchants, merchantItem(m)] as [string, Record<string, unknown>]),
    ...records.terminals.map((t) => [tableNames.terminals, { ...t }] as [string, Record<string, unknown>]),
    ...records.models.map((m) => [tableNames.models, { ...m }] as [string, Record<string, unknown>]),
    ...records.invoices.map((i) => [tableNames.invoices, { ...i }] as [string, Record<string, unknown>]),
  ];
}

/** Writes the records in batches of 25, several at once, retrying what DynamoDB leaves unprocessed. */
export async function seedRecords(
  client: DynamoDBDocumentClient,
  records: Records,
  tableNames: Record<RecordTable, string>,
): Promise<number> {
  const puts = seedItems(records, tableNames);
  const writeBatch = async (start: number) => {
    let request: Record<string, Array<{ PutRequest: { Item: Record<string, unknown> } }>> = {};
    for (const [table, item] of puts.slice(start, start + BATCH))
      (request[table] ??= []).push({ PutRequest: { Item: item } });
    for (let attempt = 0; Object.keys(request).length > 0; attempt++) {
      if (attempt > 8) throw new Error('DynamoDB kept items unprocessed after 8 retries');
      const { UnprocessedItems } = await client.send(new BatchWriteCommand({ RequestItems: request }));
      request = (UnprocessedItems ?? {}) as typeof request;
      if (Object.keys(request).length) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  };
  // Several batches in flight at once: each waits on the network, not on the others.
  let next = 0;
  const worker = async () => {
    for (let start = next; start < puts.length; start = next) {
      next += BATCH;
      await writeBatch(start);
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
  return puts.length;
}
