import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { contentOf, join, joinAll, TICKET_CONTENT } from '#adapters/dynamodb/content';
import type { DynamoDb } from '#adapters/dynamodb/db';
import { batchGet } from '#adapters/dynamodb/query';
import { INDEX } from '#adapters/dynamodb/schema';
import type { TicketRecord } from '#use-cases/ports';

/** A ticket's item joined with its write-once content. */
export const whole = (item: Record<string, unknown>, content: Map<string, unknown>) =>
  join<TicketRecord>(item, TICKET_CONTENT, content);

/** Removes the watch: the ticket is final, and out of the reconciler's sight. */
export const UNWATCH = 'REMOVE #watch, watchAtEpochMs';
export const WATCH_NAMES = { '#watch': INDEX.ticketsDue.partitionKey };

/** The ticket's item alone: its state, for a check that needs none of its content. */
export async function stateOf(db: DynamoDb, ticketId: string): Promise<Partial<TicketRecord> | null> {
  const { Item } = await db.client.send(
    new GetCommand({ TableName: db.table('tickets'), Key: { ticketId }, ConsistentRead: true }),
  );
  return (Item as Partial<TicketRecord> | undefined) ?? null;
}

/** The ticket's item and its content, read at once. */
export async function getTicket(db: DynamoDb, ticketId: string): Promise<TicketRecord | null> {
  const [item, content] = await Promise.all([stateOf(db, ticketId), contentOf(db, ticketId)]);
  return item ? whole(item, content) : null;
}

/** Tickets by ID with their content, in the order given. */
export async function byKeys(db: DynamoDb, ticketIds: string[]): Promise<TicketRecord[]> {
  const items = await batchGet(
    db.client,
    db.table('tickets'),
    ticketIds.map((ticketId) => ({ ticketId })),
  );
  const joined = await joinAll<TicketRecord>(db, items, (item) => String(item.ticketId), TICKET_CONTENT);
  const found = new Map(joined.map((t) => [t.ticketId, t]));
  return ticketIds.flatMap((id) => found.get(id) ?? []);
}
