import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DynamoDb } from '#adapters/dynamodb/db';
import { merchantItem } from '#adapters/dynamodb/records';
import { CHANGE_ID_DAYS, STAMP, type TableKey } from '#adapters/dynamodb/schema';
import {
  merchantNamedBy,
  type RecordChange,
  type RecordEntity,
  recordKeyOf,
  supersedes,
} from '#domain/records/changes';
import type { Merchant } from '#domain/triage/types';
import type { RecordChangeStore, RecordStamp } from '#use-cases/ports';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The table each entity's records are kept in. */
export const TABLE_OF: Record<RecordEntity, TableKey> = {
  merchant: 'merchants',
  terminal: 'terminals',
  model: 'models',
  invoice: 'invoices',
};

/** What the versions table keeps of one record. */
export interface StoredVersion {
  recordKey: string;
  version: number;
  deleted: boolean;
  /** None for a seeded record. */
  receivedAt?: string;
  loadId?: string;
  /** An invoice's merchant: the invoices table is keyed by it, a delete names the invoice alone. */
  merchantId?: string;
}

/** Writers racing on one record retry on the version they lost to; more than this many at once is a fault. */
const ATTEMPTS = 8;

/** The key of a record's item in its own table, or null for an invoice whose merchant is not known. */
function itemKey(change: RecordChange, stored: StoredVersion | null): Record<string, string> | null {
  if (change.entity !== 'invoice') return change.key;
  const merchantId = change.op === 'upsert' ? String(change.record.merchantId) : stored?.merchantId;
  return merchantId ? { merchantId, invoiceId: change.key.invoiceId ?? '' } : null;
}

/** The record item as triage reads it, stamped with its version, when it came and its load. */
export function stampedItem(
  entity: RecordEntity,
  record: Record<string, unknown>,
  version: number,
  stamp: RecordStamp,
): Record<string, unknown> {
  const item = entity === 'merchant' ? merchantItem(record as unknown as Merchant) : { ...record };
  return {
    ...item,
    [STAMP.version]: version,
    [STAMP.receivedAt]: stamp.receivedAt,
    ...(stamp.loadId ? { [STAMP.loadId]: stamp.loadId } : {}),
  };
}

/** The versions item a change leaves: its version, a tombstone for a delete, an invoice's merchant. */
export function versionItem(
  change: RecordChange,
  stamp: RecordStamp,
  stored: Pick<StoredVersion, 'merchantId'> | null = null,
): StoredVersion {
  // A delete names the record alone: its merchant, kept from the upsert, is what it concerns.
  const merchantId = merchantNamedBy(change) ?? stored?.merchantId ?? null;
  return {
    recordKey: recordKeyOf(change.entity, change.key),
    version: change.version,
    deleted: change.op === 'delete',
    receivedAt: stamp.receivedAt,
    ...(stamp.loadId ? { loadId: stamp.loadId } : {}),
    ...(merchantId ? { merchantId } : {}),
  };
}

/**
 * The records tables behind the RecordChangeStore port. Each change is one transaction: the
 * record's versions item, written only over the version read (so a newer change that landed
 * meanwhile makes this one read again); its changeId, written once; the record itself, put or
 * deleted (an invoice that moved merchant leaves its old item too); and, for a terminal or an
 * invoice, a check that its merchant exists. Any part refused, nothing is written.
 */
export const dynamoRecordChanges = (db: DynamoDb): RecordChangeStore => ({
  async apply(change, stamp) {
    const versions = db.table('recordVersions');
    const recordKey = recordKeyOf(change.entity, change.key);
    const merchant = merchantNamedBy(change);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const { Item } = await db.client.send(
        new GetCommand({ TableName: versions, Key: { recordKey }, ConsistentRead: true }),
      );
      const stored = (Item as StoredVersion | undefined) ?? null;
      const merchantId = merchant ?? stored?.merchantId ?? null;
      if (!supersedes(change.version, stored)) {
        // The same change delivered again: its changeId is on record (what it did may need noting again).
        const seen = await db.client.send(
          new GetCommand({
            TableName: versions,
            Key: { recordKey: `change#${change.changeId}` },
            ConsistentRead: true,
          }),
        );
        return { result: 'STALE', merchantId, ...(seen.Item ? { duplicate: true } : {}) };
      }

      const table = db.table(TABLE_OF[change.entity]);
      const key = itemKey(change, stored);
      const items: TransactItem[] = [
        {
          Put: {
            TableName: versions,
            Item: versionItem(change, stamp, stored),
            ...(stored
              ? { ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': stored.version } }
              : { ConditionExpression: 'attribute_not_exists(recordKey)' }),
          },
        },
        {
          Put: {
            TableName: versions,
            Item: {
              recordKey: `change#${change.changeId}`,
              expiresAt: Math.ceil(Date.parse(stamp.receivedAt) / 1000) + CHANGE_ID_DAYS * 86_400,
            },
            ConditionExpression: 'attribute_not_exists(recordKey)',
          },
        },
      ];
      if (change.op === 'upsert') {
        items.push({
          Put: { TableName: table, Item: stampedItem(change.entity, change.record, change.version, stamp) },
        });
        if (change.entity === 'invoice' && stored?.merchantId && stored.merchantId !== change.record.merchantId)
          items.push({
            Delete: { TableName: table, Key: { merchantId: stored.merchantId, invoiceId: change.key.invoiceId } },
          });
      } else if (key) {
        items.push({ Delete: { TableName: table, Key: key } });
      }
      const merchantCheck = items.length;
      if (merchant)
        items.push({
          ConditionCheck: {
            TableName: db.table('merchants'),
            Key: { merchantId: merchant },
            ConditionExpression: 'attribute_exists(merchantId)',
          },
        });

      try {
        await db.client.send(new TransactWriteCommand({ TransactItems: items }));
        return { result: 'APPLIED', merchantId };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const failed = (i: number) => error.CancellationReasons?.[i]?.Code === 'ConditionalCheckFailed';
        if (failed(1)) return { result: 'STALE', duplicate: true, merchantId };
        if (merchant && failed(merchantCheck))
          return { result: 'REFUSED', error: `merchant ${merchant} does not exist (a ${change.entity} names it)` };
        // Another change to one of these items was in a transaction at the same moment: read again, a little later.
        const conflicted = error.CancellationReasons?.some((r) => r.Code === 'TransactionConflict') ?? false;
        if (!failed(0) && !conflicted) throw error;
        if (conflicted) await new Promise((r) => setTimeout(r, 10 * 2 ** attempt * Math.random()));
      }
    }
    throw new Error(`${recordKey} was being written by other changes through ${ATTEMPTS} attempts`);
  },
});
