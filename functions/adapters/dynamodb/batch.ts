import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Items a BatchWriteItem request takes. */
export const WRITE_BATCH = 25;
/** Keys a BatchGetItem request takes. */
export const GET_BATCH = 100;
/** Retries of what DynamoDB leaves unprocessed (throttled), backing off, before the batch fails. */
const RETRIES = 8;

export type WriteRequest =
  | { table: string; put: Record<string, unknown> }
  | { table: string; delete: Record<string, unknown> };

const backOff = (attempt: number) => new Promise((r) => setTimeout(r, 50 * 2 ** attempt));

/** Writes up to 25 puts and deletes in one BatchWriteItem, retrying what comes back unprocessed. */
export async function writeBatch(client: DynamoDBDocumentClient, writes: WriteRequest[]): Promise<void> {
  let request: Record<string, Array<Record<string, unknown>>> = {};
  for (const w of writes)
    (request[w.table] ??= []).push('put' in w ? { PutRequest: { Item: w.put } } : { DeleteRequest: { Key: w.delete } });
  for (let attempt = 0; Object.keys(request).length > 0; attempt++) {
    if (attempt > RETRIES) throw new Error(`DynamoDB kept items unprocessed after ${RETRIES} retries`);
    if (attempt > 0) await backOff(attempt - 1);
    const { UnprocessedItems } = await client.send(new BatchWriteCommand({ RequestItems: request as never }));
    request = (UnprocessedItems ?? {}) as typeof request;
  }
}

/** Writes every request given, 25 to a BatchWriteItem, `concurrency` of them at once. */
export async function writeAll(client: DynamoDBDocumentClient, writes: WriteRequest[], concurrency = 1): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let start = next; start < writes.length; start = next) {
      next += WRITE_BATCH;
      await writeBatch(client, writes.slice(start, start + WRITE_BATCH));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Reads up to 100 keys of one table in one BatchGetItem (strongly consistent), retrying unprocessed keys. */
export async function getBatch(
  client: DynamoDBDocumentClient,
  table: string,
  keys: Array<Record<string, unknown>>,
  projection?: string,
): Promise<Array<Record<string, unknown>>> {
  const found: Array<Record<string, unknown>> = [];
  let pending: Array<Record<string, unknown>> = keys;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > RETRIES) throw new Error(`DynamoDB kept keys unprocessed after ${RETRIES} retries`);
    if (attempt > 0) await backOff(attempt - 1);
    const { Responses, UnprocessedKeys } = await client.send(
      new BatchGetCommand({
        RequestItems: {
          [table]: { Keys: pending, ConsistentRead: true, ...(projection ? { ProjectionExpression: projection } : {}) },
        },
      }),
    );
    found.push(...(Responses?.[table] ?? []));
    pending = (UnprocessedKeys?.[table]?.Keys ?? []) as Array<Record<string, unknown>>;
  }
  return found;
}

/** Reads any number of keys of one table, 100 to a BatchGetItem, all at once. */
export async function getAll(
  client: DynamoDBDocumentClient,
  table: string,
  keys: Array<Record<string, unknown>>,
  projection?: string,
): Promise<Array<Record<string, unknown>>> {
  const chunks = Array.from({ length: Math.ceil(keys.length / GET_BATCH) }, (_, i) =>
    keys.slice(i * GET_BATCH, (i + 1) * GET_BATCH),
  );
  return (await Promise.all(chunks.map((chunk) => getBatch(client, table, chunk, projection)))).flat();
}
