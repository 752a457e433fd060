import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { contentOf } from '#adapters/dynamodb/content';
import { isConditionFailure, oldItem, writeIfCondition } from '#adapters/dynamodb/conditions';
import type { DynamoDb } from '#adapters/dynamodb/db';
import { INDEX } from '#adapters/dynamodb/schema';
import { UNWATCH, WATCH_NAMES, whole } from '#adapters/dynamodb/ticket-read';
import type { TicketRepository } from '#use-cases/ports';
import { classifyClaim } from '#use-cases/reply-claim';

/** The one reply of a ticket: its claim, its release, its delivery, and the watch while it is pending. */
export const ticketReplies = (
  db: DynamoDb,
): Pick<TicketRepository, 'claimReply' | 'releaseReply' | 'markReplySent' | 'deferWatch'> => ({
  async claimReply(ticketId, claim) {
    // The reply to send is content, written with the decision: read alongside the claim.
    const content = contentOf(db, ticketId);
    // Awaited below on either path; a rejection meanwhile is not an unhandled one.
    content.catch(() => undefined);
    try {
      const { Attributes } = await db.client.send(
        new UpdateCommand({
          TableName: db.table('tickets'),
          Key: { ticketId },
          UpdateExpression: 'SET emailStatus = :sending, emailClaim = :claim',
          ConditionExpression: '#status = :decided AND attribute_not_exists(emailStatus)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':sending': 'SENDING',
            ':decided': 'DECIDED',
            ':claim': { runId: claim.runId, token: claim.token, at: claim.at.getTime() },
          },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { kind: 'CLAIMED', record: whole(Attributes ?? {}, await content) };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const seen = oldItem(error);
      return classifyClaim(seen && whole(seen, await content), claim);
    }
  },

  async releaseReply(ticketId, token) {
    await writeIfCondition(() =>
      db.client.send(
        new UpdateCommand({
          TableName: db.table('tickets'),
          Key: { ticketId },
          UpdateExpression: 'REMOVE emailStatus, emailClaim',
          ConditionExpression: 'emailStatus = :sending AND emailClaim.#token = :token',
          ExpressionAttributeNames: { '#token': 'token' },
          ExpressionAttributeValues: { ':sending': 'SENDING', ':token': token },
        }),
      ),
    );
  },

  async markReplySent(ticketId, { messageId, at, autoResolvedTerminalId }) {
    await db.client.send(
      new UpdateCommand({
        TableName: db.table('tickets'),
        Key: { ticketId },
        UpdateExpression: [
          `SET emailStatus = :sent, emailMessageId = :id, sentAt = :at${autoResolvedTerminalId ? `, ${INDEX.ticketsAutoResolvedByTerminal.partitionKey} = :terminal` : ''}`,
          UNWATCH,
        ].join(' '),
        ConditionExpression: 'attribute_exists(ticketId)',
        ExpressionAttributeNames: WATCH_NAMES,
        ExpressionAttributeValues: {
          ':sent': 'SENT',
          ':id': messageId,
          ':at': at.toISOString(),
          ...(autoResolvedTerminalId ? { ':terminal': autoResolvedTerminalId } : {}),
        },
      }),
    );
  },

  async deferWatch(ticketId, at) {
    await writeIfCondition(() =>
      db.client.send(
        new UpdateCommand({
          TableName: db.table('tickets'),
          Key: { ticketId },
          UpdateExpression: 'SET watchAtEpochMs = :at',
          ConditionExpression: 'attribute_exists(#watch) AND watchAtEpochMs < :at',
          ExpressionAttributeNames: WATCH_NAMES,
          ExpressionAttributeValues: { ':at': at.getTime() },
        }),
      ),
    );
  },
});
