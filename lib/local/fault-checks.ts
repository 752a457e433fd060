import { referenceOf } from '#domain/replies/reference';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';

import { INDEX, WATCHED } from '#adapters/dynamodb/schema';

import { type LocalStack } from './stack.ts';

/**
 * Replays one corpus twice, without faults and with them, and compares: what a fault may
 * change is only that a ticket is escalated because of it, and the escalation says so.
 */

/** What the fault replay reads back from the stack to judge it: items, tickets still watched, emails per ticket. */

export async function stored(stack: LocalStack, table: 'tickets' | 'escalations', key: Record<string, string>) {
  const { Item } = await stack.documentClient.send(
    new GetCommand({ TableName: stack.tableNames[table], Key: key, ConsistentRead: true }),
  );
  return Item;
}

export async function stillWatched(stack: LocalStack): Promise<number> {
  const { Count } = await stack.documentClient.send(
    new QueryCommand({
      TableName: stack.tableNames.tickets,
      IndexName: INDEX.ticketsDue.name,
      KeyConditionExpression: '#w = :due',
      ExpressionAttributeNames: { '#w': INDEX.ticketsDue.partitionKey },
      ExpressionAttributeValues: { ':due': WATCHED },
      Select: 'COUNT',
    }),
  );
  return Count ?? 0;
}

/** How many emails the mail service took for each ticket, told by the reference at the head of their subjects. */
export async function emailsPerTicket(stack: LocalStack, ticketIds: Iterable<string>): Promise<Map<string, number>> {
  const ticketOf = new Map([...ticketIds].map((id) => [referenceOf(id), id]));
  const counts = new Map<string, number>();
  for (const mail of await stack.mailbox()) {
    const ticketId = ticketOf.get(/^\[([^\]]+)\]/.exec(mail.subject)?.[1] ?? '');
    if (ticketId) counts.set(ticketId, (counts.get(ticketId) ?? 0) + 1);
  }
  return counts;
}
