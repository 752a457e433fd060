import { createHash } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDb } from '#adapters/dynamodb/db';
import { batchGet, queryAll } from '#adapters/dynamodb/query';
import { KEYS } from '#adapters/dynamodb/schema';
import { LISTED_SUBJECT_MAX } from '#domain/queue';
import type { Ticket } from '#domain/triage/types';

/**
 * The write-once content of tickets and queue items (a ticket's text, a drafted reply, the
 * records a run read), kept out of the items that change. DynamoDB bills every write of an
 * item at its whole size, and a ticket's item is written five or more times in its life: with
 * its text inline, every step would pay for the text again. Here each value is written once,
 * in the ticket's partition, under a reference made from the value itself, and the item that
 * changes holds `<field>Ref`. The same value always gets the same reference, so writing it
 * again (a retried step) rewrites the same item, and a value a failed attempt wrote is never
 * the one an item points to.
 */
const { partitionKey: PK, sortKey: SK } = KEYS.content;
export const refField = (field: string) => `${field}Ref`;

/** JSON with every object's keys in order: what a value read back from DynamoDB hashes to, whatever order it was written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export const contentRef = (field: string, value: unknown) =>
  `${field}#${createHash('sha256').update(canonical(value)).digest('base64url').slice(0, 22)}`;

/** The content fields of `item` replaced by their references, and the content items to write first. */
export function split(partition: string, item: Record<string, unknown>, fields: readonly string[]) {
  const inline: Record<string, unknown> = { ...item };
  const refs: Record<string, string> = {};
  const puts: Array<Record<string, unknown>> = [];
  for (const field of fields) {
    const value = item[field];
    delete inline[field];
    if (value === undefined || value === null) continue;
    const ref = contentRef(field, value);
    refs[refField(field)] = ref;
    puts.push({ [PK]: partition, [SK]: ref, value });
  }
  return { inline: { ...inline, ...refs }, refs, puts };
}

/** Writes content items (plain puts, in parallel, each reference once): what an item is about to point to. */
export async function putContent(db: DynamoDb, puts: Array<Record<string, unknown>>): Promise<void> {
  const once = new Map(puts.map((item) => [`${String(item[PK])} ${String(item[SK])}`, item]));
  await Promise.all(
    [...once.values()].map((Item) => db.client.send(new PutCommand({ TableName: db.table('content'), Item }))),
  );
}

/** Every content value in a ticket's partition, by reference: one strongly consistent Query. */
export async function contentOf(db: DynamoDb, partition: string): Promise<Map<string, unknown>> {
  const items = await queryAll<Record<string, unknown>>(db.client, {
    TableName: db.table('content'),
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': PK },
    ExpressionAttributeValues: { ':pk': partition },
    ConsistentRead: true,
  });
  return new Map(items.map((item) => [String(item[SK]), item.value]));
}

/** The item with each `<field>Ref` it holds replaced by the field's value (a reference not found is left as it is). */
export function join<T>(item: Record<string, unknown>, fields: readonly string[], content: Map<string, unknown>): T {
  const whole: Record<string, unknown> = { ...item };
  for (const field of fields) {
    const ref = item[refField(field)];
    if (typeof ref !== 'string' || !content.has(ref)) continue;
    whole[field] = content.get(ref);
    delete whole[refField(field)];
  }
  return whole as T;
}

/** Items read by key, joined with their content: one BatchGetItem for the references they hold (up to 100). */
export async function joinAll<T>(
  db: DynamoDb,
  items: Array<Record<string, unknown>>,
  partitionOf: (item: Record<string, unknown>) => string,
  fields: readonly string[],
): Promise<T[]> {
  const keys = new Map<string, Record<string, string>>();
  for (const item of items) {
    for (const field of fields) {
      const ref = item[refField(field)];
      if (typeof ref === 'string') keys.set(`${partitionOf(item)} ${ref}`, { [PK]: partitionOf(item), [SK]: ref });
    }
  }
  const found = new Map<string, unknown>();
  for (const item of keys.size ? await batchGet(db.client, db.table('content'), [...keys.values()]) : [])
    found.set(`${String(item[PK])} ${String(item[SK])}`, item.value);
  return items.map((item) => {
    const partition = partitionOf(item);
    const content = new Map<string, unknown>();
    for (const field of fields) {
      const ref = item[refField(field)];
      if (typeof ref === 'string' && found.has(`${partition} ${ref}`))
        content.set(ref, found.get(`${partition} ${ref}`));
    }
    return join<T>(item, fields, content);
  });
}

/** What a ticket's item keeps as content. */
export const TICKET_CONTENT = ['ticket', 'reply', 'recordsRead'] as const;
/** What a queue item keeps as content; its ticket is the ticket's own, stored when the ticket was. */
export const PACKET_CONTENT = ['ticket', 'recordsRead', 'suggestedReply', 'undeliveredReply'] as const;

/**
 * A packet as the escalations table keeps it: what the queue lists (the ticket's sender and a
 * subject of at most LISTED_SUBJECT_MAX characters) inline, the rest as content. The ticket is
 * not written again: the same ticket has the same reference, and its content was written when
 * the ticket was accepted.
 */
export function storedPacket(packet: { ticketId: string; ticket: Ticket } & Record<string, unknown>) {
  const { inline, puts } = split(
    packet.ticketId,
    packet,
    PACKET_CONTENT.filter((f) => f !== 'ticket'),
  );
  const { ticketId, from, receivedAt, subject } = packet.ticket;
  const listed = subject.length > LISTED_SUBJECT_MAX ? `${subject.slice(0, LISTED_SUBJECT_MAX)}…` : subject;
  return {
    item: {
      ...inline,
      ticket: { ticketId, from, receivedAt, subject: listed },
      [refField('ticket')]: contentRef('ticket', packet.ticket),
    },
    puts,
  };
}
