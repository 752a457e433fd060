import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { contentOf, putContent, split, TICKET_CONTENT } from '#adapters/dynamodb/content';
import { isConditionFailure, oldItem } from '#adapters/dynamodb/conditions';
import type { DynamoDb } from '#adapters/dynamodb/db';
import { INDEX, WATCHED } from '#adapters/dynamodb/schema';
import { ticketDecisions } from '#adapters/dynamodb/ticket-decisions';
import { ticketQueries } from '#adapters/dynamodb/ticket-queries';
import { getTicket, whole } from '#adapters/dynamodb/ticket-read';
import { ticketReplies } from '#adapters/dynamodb/ticket-replies';
import type { TicketRepository } from '#use-cases/ports';

/** The tickets table (with the write-once content table) behind the TicketRepository port. */
export const dynamoTickets = (db: DynamoDb): TicketRepository => ({
  get: (ticketId) => getTicket(db, ticketId),
  ...ticketDecisions(db),
  ...ticketReplies(db),
  ...ticketQueries(db),

  async create(record) {
    const { inline, puts } = split(record.ticketId, { ...record }, TICKET_CONTENT);
    const keyed = { ...inline, [INDEX.ticketsBySender.partitionKey]: record.ticket.from.toLowerCase() };
    const item = record.watchAtEpochMs === undefined ? keyed : { ...keyed, [INDEX.ticketsDue.partitionKey]: WATCHED };
    await putContent(db, puts);
    try {
      await db.client.send(
        new PutCommand({
          TableName: db.table('tickets'),
          Item: item,
          ConditionExpression: 'attribute_not_exists(ticketId)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { created: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const seen = oldItem(error);
      const existing = seen ? whole(seen, await contentOf(db, record.ticketId)) : await getTicket(db, record.ticketId);
      if (!existing) throw error;
      // Our own write, whose answer was lost and retried by the SDK.
      if (existing.deliveryId === record.deliveryId) return { created: true };
      return { created: false, existing };
    }
  },

  async recordOpsReply(ticketId, { at, ...reply }) {
    await db.client.send(
      new UpdateCommand({
        TableName: db.table('tickets'),
        Key: { ticketId },
        UpdateExpression: 'SET opsReplies = list_append(if_not_exists(opsReplies, :none), :reply)',
        ConditionExpression: 'attribute_exists(ticketId)',
        ExpressionAttributeValues: { ':none': [], ':reply': [{ at: at.toISOString(), ...reply }] },
      }),
    );
  },

  async markForwarded(ticketId, { to, at, messageId }) {
    await db.client.send(
      new UpdateCommand({
        TableName: db.table('tickets'),
        Key: { ticketId },
        UpdateExpression: 'SET forwarded = if_not_exists(forwarded, :forward)',
        ConditionExpression: 'attribute_exists(ticketId)',
        ExpressionAttributeValues: { ':forward': { to, at: at.toISOString(), messageId } },
      }),
    );
  },

  async confirmFixed(ticketId, { at, byTicketId }) {
    try {
      await db.client.send(
        new UpdateCommand({
          TableName: db.table('tickets'),
          Key: { ticketId },
          UpdateExpression: 'SET confirmedFixed = if_not_exists(confirmedFixed, :confirmation)',
          ConditionExpression: 'attribute_exists(ticketId)',
          ExpressionAttributeValues: { ':confirmation': { at: at.toISOString(), byTicketId } },
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return false;
    }
  },

  async redrive(ticketId, { fromRunId, runId, watchAt }) {
    try {
      await db.client.send(
        new UpdateCommand({
          TableName: db.table('tickets'),
          Key: { ticketId },
          UpdateExpression: 'SET runId = :run, runs = if_not_exists(runs, :zero) + :one, watchAtEpochMs = :watch',
          ConditionExpression: `#status = :processing AND ${fromRunId ? 'runId = :from' : 'attribute_not_exists(runId)'}`,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':run': runId,
            ':zero': 0,
            ':one': 1,
            ':watch': watchAt.getTime(),
            ':processing': 'PROCESSING',
            ...(fromRunId ? { ':from': fromRunId } : {}),
          },
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // Won all the same when it was our own update whose answer was lost.
      return oldItem(error)?.runId === runId;
    }
  },
});
