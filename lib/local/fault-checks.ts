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

export async function emailsPerTicket(stack: LocalStack): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const mail of await stack.mailbox()) {
    const ref = /^\[([^\]]+)\]/.exec(mail.subject)?.[1];
    if (ref) counts.set(ref, (counts.get(ref) ?? 0) + 1);
  }
  return counts;
}
