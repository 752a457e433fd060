import {
  BatchWriteCommand,
  GetCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { RecordLookup } from '#domain/triage/identify';
import type { Invoice, Merchant, Records, Terminal, TerminalModel } from '#domain/triage/types';
import { documentClient, tableName } from '#adapters/aws/dynamodb-client';
import { queryAll } from '#adapters/dynamodb/query';
import { INDEX, type TableKey } from '#adapters/dynamodb/schema';

/** Stored merchant items carry a lower-cased copy of contactEmail for the sender lookup. */
export const merchantItem = (m: Merchant) => ({ ...m, contactEmailKey: m.contactEmail.trim().toLowerCase() });

function stripMerchant(item: Record<string, unknown> | undefined): Merchant | null {
  if (!item) return null;
  const { contactEmailKey: _key, ...merchant } = item;
  return merchant as unknown as Merchant;
}

const onIndex = (table: TableKey, index: { name: string; partitionKey: string }, value: string): QueryCommandInput => ({
  TableName: tableName(table),
  IndexName: index.name,
  KeyConditionExpression: '#k = :v',
  ExpressionAttributeNames: { '#k': index.partitionKey },
  ExpressionAttributeValues: { ':v': value },
});

export async function getMerchant(merchantId: string): Promise<Merchant | null> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName('merchants'), Key: { merchantId } }),
  );
  return stripMerchant(Item);
}

export async function getTerminal(terminalId: string): Promise<Terminal | null> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName('terminals'), Key: { terminalId } }),
  );
  return (Item as Terminal | undefined) ?? null;
}

export async function getModel(brand: string, model: string): Promise<TerminalModel | null> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName('models'), Key: { brand, model } }));
  return (Item as TerminalModel | undefined) ?? null;
}

export function invoicesOf(merchantId: string): Promise<Invoice[]> {
  return queryAll<Invoice>({
    TableName: tableName('invoices'),
    KeyConditionExpression: 'merchantId = :m',
    ExpressionAttributeValues: { ':m': merchantId },
  });
}

/** The DynamoDB side of the identification port: key lookups and index queries only. */
export const recordLookup: RecordLookup = {
  terminalById: getTerminal,
  terminalsBySerial: (serialNumber) =>
    queryAll<Terminal>(onIndex('terminals', INDEX.terminalsBySerialNumber, serialNumber)),
  merchantById: getMerchant,
  merchantsByEmail: async (email) => {
    const key = email.trim().toLowerCase();
    const items = await queryAll<Record<string, unknown>>(onIndex('merchants', INDEX.merchantsByContactEmail, key));
    return items.map(stripMerchant).filter((m): m is Merchant => m !== null);
  },
  terminalsOfMerchant: async (merchantId, atMost) => {
    const { Items } = await documentClient.send(
      new QueryCommand({ ...onIndex('terminals', INDEX.terminalsByMerchant, merchantId), Limit: atMost }),
    );
    return (Items ?? []) as Terminal[];
  },
};

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
