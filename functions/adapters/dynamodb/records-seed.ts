import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { writeAll } from '#adapters/dynamodb/batch';
import { stampedItem } from '#adapters/dynamodb/record-changes';
import { merchantItem } from '#adapters/dynamodb/records';
import { type RecordEntity, recordKeyOf } from '#domain/records/changes';
import type { Merchant, Records } from '#domain/triage/types';
import type { RecordStamp } from '#use-cases/ports';

/** The tables holding the acquirer's own records and their versions (the rest hold the triage's state). */
export const RECORD_TABLES = ['merchants', 'terminals', 'models', 'invoices', 'recordVersions'] as const;
export type RecordTable = (typeof RECORD_TABLES)[number];

/** Batches written at once while seeding. */
const SEED_CONCURRENCY = 16;

type Put = [string, Record<string, unknown>];

/**
 * Every record as the item seeding writes, with the table it goes to, and its versions item at
 * version 0: any change from the feed supersedes a seeded record, and a terminal's or an
 * invoice's merchant is known to a delete that names it alone. With a stamp, each record carries it (as
 * received then, at version 0); without, the items are what the content alone decides.
 */
export function seedItems(records: Records, tableNames: Record<RecordTable, string>, stamp?: RecordStamp): Put[] {
  const version = (entity: RecordEntity, key: Record<string, string>, more: Record<string, unknown> = {}): Put => [
    tableNames.recordVersions,
    {
      recordKey: recordKeyOf(entity, key),
      version: 0,
      deleted: false,
      ...(stamp ? { receivedAt: stamp.receivedAt, ...(stamp.loadId ? { loadId: stamp.loadId } : {}) } : {}),
      ...more,
    },
  ];
  const item = (entity: RecordEntity, record: object) =>
    stamp
      ? stampedItem(entity, record as Record<string, unknown>, 0, stamp)
      : entity === 'merchant'
        ? merchantItem(record as Merchant)
        : { ...record };
  return [
    ...records.merchants.flatMap((m): Put[] => [
      [tableNames.merchants, item('merchant', m)],
      version('merchant', { merchantId: m.merchantId }),
    ]),
    ...records.terminals.flatMap((t): Put[] => [
      [tableNames.terminals, item('terminal', t)],
      version('terminal', { terminalId: t.terminalId }, { merchantId: t.merchantId }),
    ]),
    ...records.models.flatMap((m): Put[] => [
      [tableNames.models, item('model', m)],
      version('model', { brand: m.brand, model: m.model }),
    ]),
    ...records.invoices.flatMap((i): Put[] => [
      [tableNames.invoices, item('invoice', i)],
      version('invoice', { invoiceId: i.invoiceId }, { merchantId: i.merchantId }),
    ]),
  ];
}

/** The stamp a seed gives its records: received now, by the load `seed-<time>`. */
export const seedStamp = (now: Date): RecordStamp => ({
  receivedAt: now.toISOString(),
  loadId: `seed-${now.toISOString()}`,
});

/** Writes the records (and their versions items) in batches of 25, several at once, retrying what DynamoDB leaves unprocessed. */
export async function seedRecords(
  client: DynamoDBDocumentClient,
  records: Records,
  tableNames: Record<RecordTable, string>,
  stamp: RecordStamp,
): Promise<number> {
  const puts = seedItems(records, tableNames, stamp);
  // Several batches in flight at once: each waits on the network, not on the others.
  await writeAll(
    client,
    puts.map(([table, item]) => ({ table, put: item })),
    SEED_CONCURRENCY,
  );
  // The records written, not counting each one's versions item.
  return puts.filter(([table]) => table !== tableNames.recordVersions).length;
}
