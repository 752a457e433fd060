import { GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DynamoDb } from '#adapters/dynamodb/db';
import { queryAll } from '#adapters/dynamodb/query';
import { INDEX, STAMP, type TableKey } from '#adapters/dynamodb/schema';
import type { RecordLookup } from '#domain/triage/identify';
import type { AsOf, Invoice, Merchant, Terminal, TerminalModel } from '#domain/triage/types';

/** Stored merchant items carry a lower-cased copy of contactEmail for the sender lookup. */
export const merchantItem = (m: Merchant) => ({ ...m, contactEmailKey: m.contactEmail.trim().toLowerCase() });

/**
 * A stored record as the domain reads it: its fields, and its stamp (the version and when it
 * was received) as `asOf`; a merchant's lookup key left out.
 */
function bare<T>(item: Record<string, unknown> | undefined): T | null {
  if (!item) return null;
  const {
    contactEmailKey: _key,
    [STAMP.version]: version,
    [STAMP.receivedAt]: receivedAt,
    [STAMP.loadId]: loadId,
    ...record
  } = item;
  if (typeof version !== 'number' || typeof receivedAt !== 'string' || !Number.isFinite(Date.parse(receivedAt)))
    return record as T;
  const asOf: AsOf = { version, receivedAt, ...(typeof loadId === 'string' ? { loadId } : {}) };
  return { ...record, asOf } as T;
}
const stripMerchant = (item: Record<string, unknown> | undefined) => bare<Merchant>(item);

/** The acquirer's records as the workflow reads them: key lookups and index queries only, never a Scan. */
export interface RecordsReader extends RecordLookup {
  modelOf(brand: string, model: string): Promise<TerminalModel | null>;
  invoicesOf(merchantId: string): Promise<Invoice[]>;
}

export function dynamoRecords(db: DynamoDb): RecordsReader {
  const onIndex = (
    table: TableKey,
    index: { name: string; partitionKey: string },
    value: string,
  ): QueryCommandInput => ({
    TableName: db.table(table),
    IndexName: index.name,
    KeyConditionExpression: '#k = :v',
    ExpressionAttributeNames: { '#k': index.partitionKey },
    ExpressionAttributeValues: { ':v': value },
  });
  const byKey = async (table: TableKey, key: Record<string, string>) =>
    (await db.client.send(new GetCommand({ TableName: db.table(table), Key: key }))).Item;
  return {
    terminalById: async (terminalId) => bare<Terminal>(await byKey('terminals', { terminalId })),
    merchantById: async (merchantId) => stripMerchant(await byKey('merchants', { merchantId })),
    modelOf: async (brand, model) => bare<TerminalModel>(await byKey('models', { brand, model })),
    invoicesOf: async (merchantId) =>
      (
        await queryAll<Record<string, unknown>>(db.client, {
          TableName: db.table('invoices'),
          KeyConditionExpression: 'merchantId = :m',
          ExpressionAttributeValues: { ':m': merchantId },
        })
      ).map((item) => bare<Invoice>(item) as Invoice),
    terminalsBySerial: async (serialNumber) =>
      (
        await queryAll<Record<string, unknown>>(
          db.client,
          onIndex('terminals', INDEX.terminalsBySerialNumber, serialNumber),
        )
      ).map((item) => bare<Terminal>(item) as Terminal),
    merchantsByEmail: async (email) => {
      const key = email.trim().toLowerCase();
      const items = await queryAll<Record<string, unknown>>(
        db.client,
        onIndex('merchants', INDEX.merchantsByContactEmail, key),
      );
      return items.map(stripMerchant).filter((m): m is Merchant => m !== null);
    },
    terminalsOfMerchant: async (merchantId, atMost) => {
      const { Items } = await db.client.send(
        new QueryCommand({ ...onIndex('terminals', INDEX.terminalsByMerchant, merchantId), Limit: atMost }),
      );
      return (Items ?? []).map((item) => bare<Terminal>(item) as Terminal);
    },
  };
}
