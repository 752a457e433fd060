import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, encodeCursor, fromCursor } from '#adapters/dynamodb/cursor';
import type { DynamoDb } from '#adapters/dynamodb/db';
import { queryAll } from '#adapters/dynamodb/query';
import { INDEX, WATCHED } from '#adapters/dynamodb/schema';
import { byKeys, getTicket, WATCH_NAMES } from '#adapters/dynamodb/ticket-read';
import type { TicketRecord, TicketRepository } from '#use-cases/ports';

/** The ticketIds a keys-only index holds under one value, at most `limit`. */
async function ticketIdsOn(
  db: DynamoDb,
  index: { name: string; partitionKey: string },
  value: string,
  limit: number,
): Promise<string[]> {
  const { Items } = await db.client.send(
    new QueryCommand({
      TableName: db.table('tickets'),
      IndexName: index.name,
      KeyConditionExpression: '#k = :v',
      ExpressionAttributeNames: { '#k': index.partitionKey },
      ExpressionAttributeValues: { ':v': value },
      Limit: limit,
    }),
  );
  return (Items ?? []).map((key) => String(key.ticketId));
}

const SEARCH_INDEX = {
  terminalId: INDEX.ticketsByTerminal,
  merchantId: INDEX.ticketsByMerchant,
  from: INDEX.ticketsBySender,
} as const;

/** The tickets' indexes: due, by reply, by day, by terminal or merchant, delivered auto-resolves. */
export const ticketQueries = (
  db: DynamoDb,
): Pick<
  TicketRepository,
  'due' | 'ticketsForReference' | 'ticketForReply' | 'onDay' | 'search' | 'deliveredAutoResolvesOn'
> => ({
  async due(now, limit) {
    const { Items } = await db.client.send(
      new QueryCommand({
        TableName: db.table('tickets'),
        IndexName: INDEX.ticketsDue.name,
        KeyConditionExpression: '#watch = :due AND watchAtEpochMs <= :now',
        ExpressionAttributeNames: WATCH_NAMES,
        ExpressionAttributeValues: { ':due': WATCHED, ':now': now.getTime() },
        Limit: limit,
      }),
    );
    // The index holds keys only; each due ticket is read as it is now (it may have moved on since).
    const tickets = await Promise.all((Items ?? []).map((key) => getTicket(db, String(key.ticketId))));
    const stillDue = (t: TicketRecord | null): t is TicketRecord =>
      t !== null &&
      (t as unknown as Record<string, unknown>)[INDEX.ticketsDue.partitionKey] === WATCHED &&
      (t.watchAtEpochMs ?? Infinity) <= now.getTime();
    return tickets.filter(stillDue);
  },

  ticketsForReference: (reference) => ticketIdsOn(db, INDEX.ticketsByReference, reference, 10),

  async ticketForReply(messageId) {
    const [ticketId] = await ticketIdsOn(db, INDEX.ticketsByReplyMessage, messageId, 1);
    return ticketId ?? null;
  },

  onDay(day) {
    const index = INDEX.ticketsByDay;
    return queryAll<Pick<TicketRecord, 'outcome' | 'diagnosis' | 'triggered' | 'confirmedFixed' | 'status'>>(
      db.client,
      {
        TableName: db.table('tickets'),
        IndexName: index.name,
        KeyConditionExpression: '#d = :d',
        ExpressionAttributeNames: { '#d': index.partitionKey },
        ExpressionAttributeValues: { ':d': day },
      },
    );
  },

  async search({ by, value, limit, cursor }) {
    const index = SEARCH_INDEX[by];
    const { Items, LastEvaluatedKey } = await fromCursor(cursor, () =>
      db.client.send(
        new QueryCommand({
          TableName: db.table('tickets'),
          IndexName: index.name,
          KeyConditionExpression: '#k = :v',
          ExpressionAttributeNames: { '#k': index.partitionKey },
          ExpressionAttributeValues: { ':v': value },
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: decodeCursor(cursor),
        }),
      ),
    );
    return {
      tickets: await byKeys(
        db,
        (Items ?? []).map((key) => String(key.ticketId)),
      ),
      cursor: encodeCursor(LastEvaluatedKey),
    };
  },

  async deliveredAutoResolvesOn(terminalId, fromMs, toMs) {
    const index = INDEX.ticketsAutoResolvedByTerminal;
    const { Items } = await db.client.send(
      new QueryCommand({
        TableName: db.table('tickets'),
        IndexName: index.name,
        KeyConditionExpression: '#t = :t AND #r BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#t': index.partitionKey, '#r': index.sortKey },
        ExpressionAttributeValues: { ':t': terminalId, ':from': fromMs, ':to': toMs },
      }),
    );
    return ((Items ?? []) as TicketRecord[]).map(({ ticketId, receivedAt }) => ({ ticketId, receivedAt }));
  },
});
