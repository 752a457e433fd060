import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { isConditionFailure, writeIfCondition } from '#adapters/dynamodb/conditions';
import { contentOf, join, PACKET_CONTENT } from '#adapters/dynamodb/content';
import type { DynamoDb } from '#adapters/dynamodb/db';
import type { AuditEntry } from '#domain/queue';
import type { EscalationRepository, QueueChange } from '#use-cases/ports';

/** A queue item with its ticket's text, the records read and the replies, from the ticket's content. */
export async function whole(db: DynamoDb, item: Record<string, unknown>): Promise<Record<string, unknown>> {
  return typeof item.ticketId === 'string' ? join(item, PACKET_CONTENT, await contentOf(db, item.ticketId)) : item;
}

interface Change {
  escalationId: string;
  set: string[];
  remove?: string[];
  values: Record<string, unknown>;
  condition: string;
  /** The audit entry the change appends; none for a change that is only bookkeeping. */
  entry: AuditEntry | null;
}

/**
 * One conditional UpdateItem: the new state and an audit entry appended, or nothing when the
 * condition no longer holds (then the item as it is, from ALL_OLD).
 */
async function change(
  db: DynamoDb,
  { escalationId, set, remove = [], values, condition, entry }: Change,
): Promise<QueueChange> {
  try {
    const { Attributes } = await db.client.send(
      new UpdateCommand({
        TableName: db.table('escalations'),
        Key: { escalationId },
        UpdateExpression: `SET ${[...set, ...(entry ? ['audit = list_append(if_not_exists(audit, :none), :entry)'] : [])].join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ConditionExpression: `attribute_exists(escalationId) AND ${condition}`,
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ...values, ':none': [], ...(entry ? { ':entry': [entry] } : {}) },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { kind: 'DONE', item: await whole(db, Attributes ?? {}) };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const item = (error as { Item?: Record<string, AttributeValue> }).Item;
    return item ? { kind: 'CONFLICT', item: await whole(db, unmarshall(item)) } : { kind: 'NOT_FOUND' };
  }
}

/** The escalations table behind the EscalationRepository port. */
/** A reviewer's (or the SLA's) change of a queue item: each one conditional, each one audited. */
export const escalationChanges = (
  db: DynamoDb,
): Pick<
  EscalationRepository,
  'claim' | 'assign' | 'release' | 'resolve' | 'markOverdue' | 'appendAudit' | 'reserveReplyKey' | 'releaseReplyKey'
> => ({
  claim({ escalationId, by, at }) {
    return change(db, {
      escalationId,
      set: ['#s = :claimed', 'claimedBy = :by', 'claimedAt = :at'],
      values: { ':claimed': 'CLAIMED', ':open': 'OPEN', ':by': by, ':at': at.toISOString() },
      condition: '#s = :open',
      entry: { at: at.toISOString(), by, action: 'CLAIMED' },
    });
  },

  assign({ escalationId, by, to, at, override }) {
    return change(db, {
      escalationId,
      set: ['#s = :claimed', 'claimedBy = :to', 'claimedAt = :at'],
      values: {
        ':claimed': 'CLAIMED',
        ':open': 'OPEN',
        ':to': to,
        ':at': at.toISOString(),
        ...(override ? {} : { ':by': by }),
      },
      condition: override ? '#s IN (:open, :claimed)' : '(#s = :open OR (#s = :claimed AND claimedBy = :by))',
      entry: { at: at.toISOString(), by, action: 'ASSIGNED', detail: to },
    });
  },

  release({ escalationId, by, at }) {
    return change(db, {
      escalationId,
      set: ['#s = :open', 'claimedBy = :nobody', 'claimedAt = :nobody'],
      values: { ':claimed': 'CLAIMED', ':open': 'OPEN', ':by': by, ':nobody': null },
      condition: '#s = :claimed AND claimedBy = :by',
      entry: { at: at.toISOString(), by, action: 'RELEASED' },
    });
  },

  resolve({ escalationId, by, at, resolution, note, claimedAt }) {
    return change(db, {
      escalationId,
      set: [
        '#s = :resolved',
        'resolution = :resolution',
        'resolutionNote = :note',
        'resolvedBy = :by',
        'resolvedAt = :at',
      ],
      // Off the open-records index: a records change no longer concerns it.
      remove: ['openRecordKey'],
      values: {
        ':claimed': 'CLAIMED',
        ':resolved': 'RESOLVED',
        ':by': by,
        ':at': at.toISOString(),
        ':resolution': resolution,
        ':note': note,
        ...(claimedAt ? { ':claimedAt': claimedAt } : {}),
      },
      condition: `#s = :claimed AND claimedBy = :by${claimedAt ? ' AND claimedAt = :claimedAt' : ''}`,
      entry: { at: at.toISOString(), by, action: 'RESOLVED', detail: note ? `${resolution}: ${note}` : resolution },
    });
  },

  reserveReplyKey({ escalationId, by, key }) {
    return change(db, {
      escalationId,
      set: ['replyKeys = list_append(if_not_exists(replyKeys, :none), :keys)'],
      values: { ':claimed': 'CLAIMED', ':by': by, ':key': key, ':keys': [key] },
      condition:
        '#s = :claimed AND claimedBy = :by AND (attribute_not_exists(replyKeys) OR NOT contains(replyKeys, :key))',
      entry: null,
    });
  },

  async releaseReplyKey({ escalationId, key }) {
    const { Item } = await db.client.send(
      new GetCommand({ TableName: db.table('escalations'), Key: { escalationId }, ConsistentRead: true }),
    );
    const at = ((Item?.replyKeys as string[] | undefined) ?? []).indexOf(key);
    if (at < 0) return;
    await writeIfCondition(() =>
      db.client.send(
        new UpdateCommand({
          TableName: db.table('escalations'),
          Key: { escalationId },
          UpdateExpression: `REMOVE replyKeys[${at}]`,
          ConditionExpression: `replyKeys[${at}] = :key`,
          ExpressionAttributeValues: { ':key': key },
        }),
      ),
    );
  },

  async markOverdue({ escalationId, at, alertedBefore }) {
    const result = await change(db, {
      escalationId,
      set: ['overdueSince = if_not_exists(overdueSince, :at)', 'lastAlertedAt = :at'],
      values: { ':open': 'OPEN', ':at': at.toISOString(), ':stale': alertedBefore.toISOString() },
      condition: '#s = :open AND (attribute_not_exists(lastAlertedAt) OR lastAlertedAt <= :stale)',
      entry: { at: at.toISOString(), by: 'sla', action: 'OVERDUE' },
    });
    return result.kind === 'DONE';
  },

  async appendAudit(escalationId, entry) {
    await db.client.send(
      new UpdateCommand({
        TableName: db.table('escalations'),
        Key: { escalationId },
        UpdateExpression: 'SET audit = list_append(if_not_exists(audit, :none), :entry)',
        ConditionExpression: 'attribute_exists(escalationId)',
        ExpressionAttributeValues: { ':none': [], ':entry': [entry] },
      }),
    );
  },
});
