import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { getAll, type WriteRequest, writeAll } from '#adapters/dynamodb/batch';
import type { DynamoDb } from '#adapters/dynamodb/db';
import { stampedItem, TABLE_OF, versionItem } from '#adapters/dynamodb/record-changes';
import type { HeldVersion, LoadUpsert } from '#domain/records/load';
import { recordKeyOf, type RecordEntity } from '#domain/records/changes';
import { rowKeyOf } from '#domain/records/load';
import type { RecordDiffStore, RecordLoadStore } from '#use-cases/ports';

/** BatchWriteItem requests of one chunk in flight at once. */
const WRITES_AT_ONCE = 4;

/** What the versions table holds of each record key, read 100 keys a request. */
async function heldVersions(db: DynamoDb, recordKeys: string[]): Promise<Map<string, HeldVersion>> {
  const found = await getAll(
    db.client,
    db.table('recordVersions'),
    recordKeys.map((recordKey) => ({ recordKey })),
  );
  return new Map(
    found.map((item) => {
      const held: HeldVersion = { version: Number(item.version), deleted: item.deleted === true };
      if (typeof item.loadId === 'string') held.loadId = item.loadId;
      if (typeof item.loadLine === 'number') held.loadLine = item.loadLine;
      if (typeof item.merchantId === 'string') held.merchantId = item.merchantId;
      return [String(item.recordKey), held];
    }),
  );
}

/**
 * The records tables behind the RecordLoadStore port: versions and merchants read with
 * BatchGetItem (strongly consistent), records and their versions items written with
 * BatchWriteItem, the same items the feed writes for a change but for the changeId it has not.
 */
export const dynamoRecordLoad = (db: DynamoDb): RecordLoadStore => ({
  held: (recordKeys) => heldVersions(db, recordKeys),

  async merchantsHeld(merchantIds) {
    const found = await getAll(
      db.client,
      db.table('merchants'),
      merchantIds.map((merchantId) => ({ merchantId })),
      'merchantId',
    );
    return new Set(found.map((item) => String(item.merchantId)));
  },

  async write(rows, stamp) {
    const versions = db.table('recordVersions');
    const records: WriteRequest[] = rows.flatMap(({ change, held }): WriteRequest[] => {
      const table = db.table(TABLE_OF[change.entity]);
      const moved =
        change.entity === 'invoice' && held?.merchantId && held.merchantId !== change.record.merchantId
          ? [{ table, delete: { merchantId: held.merchantId, invoiceId: change.key.invoiceId } }]
          : [];
      return [{ table, put: stampedItem(change.entity, change.record, change.version, stamp) }, ...moved];
    });
    // The versions items last: one written says its row is loaded whole, so a load stopped
    // between the two writes that row again when it goes on.
    await writeAll(db.client, records, WRITES_AT_ONCE);
    await writeAll(
      db.client,
      rows.map(({ line, change, held }) => ({
        table: versions,
        put: { ...versionItem(change, stamp, held ?? null), loadLine: line },
      })),
      WRITES_AT_ONCE,
    );
  },
});

/** The key of a row's record item in its own table. */
const itemKeyOf = (change: LoadUpsert): Record<string, string> =>
  change.entity === 'invoice'
    ? { merchantId: String(change.record.merchantId), invoiceId: String(change.key.invoiceId) }
    : change.key;

/** Segments the versions table is scanned in, side by side. */
const SCAN_SEGMENTS = 4;

/**
 * The records tables behind the RecordDiffStore port: versions and record items read by key
 * (BatchGetItem), and, for what an export lacks, the versions table scanned whole in parallel
 * segments (keys and versions only): the one question no key answers.
 */
export const dynamoRecordDiff = (db: DynamoDb): RecordDiffStore => ({
  held: (recordKeys) => heldVersions(db, recordKeys),

  async records(rows) {
    const byEntity = new Map<RecordEntity, LoadUpsert[]>();
    for (const row of rows) byEntity.set(row.entity, [...(byEntity.get(row.entity) ?? []), row]);
    const found = new Map<string, Record<string, unknown>>();
    await Promise.all(
      [...byEntity].map(async ([entity, changes]) => {
        const keyOf = (item: Record<string, unknown>) =>
          entity === 'invoice'
            ? recordKeyOf('invoice', { invoiceId: String(item.invoiceId) })
            : recordKeyOf(
                entity,
                Object.fromEntries(Object.keys(changes[0]?.key ?? {}).map((f) => [f, String(item[f])])),
              );
        const unique = new Map(changes.map((c) => [rowKeyOf(c), itemKeyOf(c)]));
        for (const item of await getAll(db.client, db.table(TABLE_OF[entity]), [...unique.values()]))
          found.set(keyOf(item), item);
      }),
    );
    return found;
  },

  async *heldRecords() {
    const table = db.table('recordVersions');
    const pages: Array<Array<{ recordKey: string; version: number }>> = [];
    let wake: (() => void) | null = null;
    let running = SCAN_SEGMENTS;
    let failed: unknown = null;
    let closed = false;
    const segment = async (Segment: number) => {
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await db.client.send(
          new ScanCommand({
            TableName: table,
            Segment,
            TotalSegments: SCAN_SEGMENTS,
            ProjectionExpression: 'recordKey, version, deleted',
            ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}),
          }),
        );
        pages.push(
          (page.Items ?? [])
            .filter((i) => i.deleted !== true && !String(i.recordKey).startsWith('change#'))
            .map((i) => ({ recordKey: String(i.recordKey), version: Number(i.version) })),
        );
        wake?.();
        ExclusiveStartKey = page.LastEvaluatedKey;
        // A segment that failed, or a reader that stopped, stops the others too.
      } while (ExclusiveStartKey && failed === null && !closed);
    };
    for (let s = 0; s < SCAN_SEGMENTS; s++)
      void segment(s)
        .catch((error: unknown) => {
          failed ??= error;
        })
        .finally(() => {
          running--;
          wake?.();
        });
    try {
      while (running > 0 || pages.length) {
        if (failed !== null) throw failed;
        const page = pages.shift();
        if (page) yield* page;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
      if (failed !== null) throw failed;
    } finally {
      closed = true;
    }
  },
});
