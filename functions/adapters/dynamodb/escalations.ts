import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { documentClient, tableName } from '#adapters/aws/dynamodb-client';
import { contentOf, join, PACKET_CONTENT } from '#adapters/dynamodb/content';
import { decodeCursor, encodeCursor, fromCursor } from '#adapters/dynamodb/cursor';
import { queryAll } from '#adapters/dynamodb/query';
import { INDEX } from '#adapters/dynamodb/schema';
import { isConditionFailure, writeIfCondition } from '#adapters/dynamodb/tickets';
import { escalationIdFor, MAIL_NOT_READ } from '#domain/escalation';
import type { AuditEntry } from '#domain/queue';
import type { EscalationRepository, HeldMail, QueueChange } from '#use-cases/ports';

const table = () => tableName('escalations');
const FILTERS = ['diagnosis', 'merchantId', 'terminalId'] as const;
/** Queries one filtered page may take before it answers short (with a cursor to read on). */
const MAX_READS_PER_PAGE = 10;

/**
 * What a page of the queue carries of each item: enough to list and filter it (the reasons are
 * at most 2,000 characters each), never the ticket's text, the records read or the reply (a
 * page of long tickets would pass Lambda's 6 MB answer).
 * The whole packet is GET /escalations/{id}.
 */
const SUMMARY_FIELDS = [
  'escalationId',
  'status',
  'createdAt',
  'ticketId',
  'diagnosis',
  'findings',
  'reasons',
  'merchantId',
  'terminalId',
  'claimedBy',
  'claimedAt',
  'overdueSince',
  'resolution',
  'resolvedAt',
  'heldMail',
];
const SUMMARY = {
  names: {
    ...Object.fromEntries(SUMMARY_FIELDS.map((f, i) => [`#p${i}`, f])),
    '#ticket': 'ticket',
    '#subject': 'subject',
  },
  projection: [...SUMMARY_FIELDS.map((_, i) => `#p${i}`), '#ticket.#subject'].join(', '),
};

/** The key a page ends at, when it ends within what one Query returned: the table's key and the index's. */
const keyOf = (item: Record<string, unknown>) => ({
  escalationId: item.escalationId,
  [INDEX.escalationsByStatus.partitionKey]: item[INDEX.escalationsByStatus.partitionKey],
  [INDEX.escalationsByStatus.sortKey]: item[INDEX.escalationsByStatus.sortKey],
});

/** A queue item with its ticket's text, the records read and the replies, from the ticket's content. */
async function whole(item: Record<string, unknown>): Promise<Record<string, unknown>> {
  return typeof item.ticketId === 'string' ? join(item, PACKET_CONTENT, await contentOf(item.ticketId)) : item;
}

interface Change {
  escalationId: string;
  set: string[];
  values: Record<string, unknown>;
  condition: string;
  entry: AuditEntry;
}

/**
 * One conditional UpdateItem: the new state and an audit entry appended, or nothing when the
 * condition no longer holds (then the item as it is, from ALL_OLD).
 */
async function change({ escalationId, set, values, condition, entry }: Change): Promise<QueueChange> {
  try {
    const { Attributes } = await documentClient.send(
      new UpdateCommand({
        TableName: table(),
        Key: { escalationId },
        UpdateExpression: `SET ${[...set, 'audit = list_append(if_not_exists(audit, :none), :entry)'].join(', ')}`,
        ConditionExpression: `attribute_exists(escalationId) AND ${condition}`,
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ...values, ':none': [], ':entry': [entry] },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { kind: 'DONE', item: await whole(Attributes ?? {}) };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const item = (error as { Item?: Record<string, AttributeValue> }).Item;
    return item ? { kind: 'CONFLICT', item: await whole(unmarshall(item)) } : { kind: 'NOT_FOUND' };
  }
}

/** The escalations table behind the EscalationRepository port. */
export const dynamoEscalations: EscalationRepository = {
  async list({ status, limit, cursor, ...filters }) {
    const index = INDEX.escalationsByStatus;
    const given = FILTERS.filter((f) => filters[f] !== null);
    const query = (start: Record<string, unknown> | undefined) =>
      fromCursor(cursor, () =>
        documentClient.send(
          new QueryCommand({
            TableName: table(),
            IndexName: index.name,
            KeyConditionExpression: '#s = :s',
            ...(given.length ? { FilterExpression: given.map((f) => `#${f} = :${f}`).join(' AND ') } : {}),
            ExpressionAttributeNames: {
              '#s': index.partitionKey,
              ...SUMMARY.names,
              ...Object.fromEntries(given.map((f) => [`#${f}`, f])),
            },
            ExpressionAttributeValues: { ':s': status, ...Object.fromEntries(given.map((f) => [`:${f}`, filters[f]])) },
            ProjectionExpression: SUMMARY.projection,
            ScanIndexForward: false,
            Limit: limit,
            ExclusiveStartKey: start,
          }),
        ),
      );
    // A filter drops items after they are read: read on (a bounded number of times) to fill the page.
    const items: Array<Record<string, unknown>> = [];
    let start = decodeCursor(cursor);
    for (let round = 0; round < MAX_READS_PER_PAGE; round++) {
      const { Items = [], LastEvaluatedKey } = await query(start);
      const room = limit - items.length;
      if (Items.length > room) {
        items.push(...Items.slice(0, room));
        return { escalations: items, cursor: encodeCursor(keyOf(items[items.length - 1] ?? {})) };
      }
      items.push(...Items);
      start = LastEvaluatedKey;
      if (!start || items.length === limit) break;
    }
    return { escalations: items, cursor: encodeCursor(start) };
  },

  async get(escalationId) {
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: table(), Key: { escalationId }, ConsistentRead: true }),
    );
    return Item ? whole(Item) : null;
  },

  claim({ escalationId, by, at }) {
    return change({
      escalationId,
      set: ['#s = :claimed', 'claimedBy = :by', 'claimedAt = :at'],
      values: { ':claimed': 'CLAIMED', ':open': 'OPEN', ':by': by, ':at': at.toISOString() },
      condition: '#s = :open',
      entry: { at: at.toISOString(), by, action: 'CLAIMED' },
    });
  },

  release({ escalationId, by, at }) {
    return change({
      escalationId,
      set: ['#s = :open', 'claimedBy = :nobody', 'claimedAt = :nobody'],
      values: { ':claimed': 'CLAIMED', ':open': 'OPEN', ':by': by, ':nobody': null },
      condition: '#s = :claimed AND claimedBy = :by',
      entry: { at: at.toISOString(), by, action: 'RELEASED' },
    });
  },

  resolvedCreatedSince(since) {
    const index = INDEX.escalationsByStatus;
    return queryAll<Record<string, unknown>>({
      TableName: table(),
      IndexName: index.name,
      KeyConditionExpression: '#s = :resolved AND #c >= :since',
      ExpressionAttributeNames: { '#s': index.partitionKey, '#c': index.sortKey },
      ExpressionAttributeValues: { ':resolved': 'RESOLVED', ':since': since.toISOString() },
    });
  },

  async queueCounts() {
    // The two statuses a reviewer still works on; RESOLVED grows for ever and is not counted.
    const index = INDEX.escalationsByStatus;
    const counted = (status: 'OPEN' | 'CLAIMED') =>
      queryAll<{ overdueSince?: string }>({
        TableName: table(),
        IndexName: index.name,
        KeyConditionExpression: '#s = :status',
        ExpressionAttributeNames: { '#s': index.partitionKey, '#o': 'overdueSince' },
        ExpressionAttributeValues: { ':status': status },
        ProjectionExpression: '#o',
      });
    const [open, claimed] = await Promise.all([counted('OPEN'), counted('CLAIMED')]);
    return {
      open: open.length,
      claimed: claimed.length,
      overdue: open.filter((item) => item.overdueSince !== undefined).length,
    };
  },

  async openCreatedBefore(before, limit) {
    const index = INDEX.escalationsByStatus;
    const items: Array<Record<string, unknown>> = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    // Items alerted within the period are passed over, however many there are, up to a bound on reads.
    for (let round = 0; round < MAX_READS_PER_PAGE * 2 && items.length < limit; round++) {
      const page = await documentClient.send(
        new QueryCommand({
          TableName: table(),
          IndexName: index.name,
          KeyConditionExpression: '#s = :open AND #c < :before',
          FilterExpression: 'attribute_not_exists(lastAlertedAt) OR lastAlertedAt <= :before',
          ExpressionAttributeNames: { '#s': index.partitionKey, '#c': index.sortKey },
          ExpressionAttributeValues: { ':open': 'OPEN', ':before': before.toISOString() },
          ScanIndexForward: true,
          Limit: limit,
          ExclusiveStartKey,
        }),
      );
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
      if (!ExclusiveStartKey) break;
    }
    return items.slice(0, limit);
  },

  async markOverdue({ escalationId, at, alertedBefore }) {
    const result = await change({
      escalationId,
      set: ['overdueSince = if_not_exists(overdueSince, :at)', 'lastAlertedAt = :at'],
      values: { ':open': 'OPEN', ':at': at.toISOString(), ':stale': alertedBefore.toISOString() },
      condition: '#s = :open AND (attribute_not_exists(lastAlertedAt) OR lastAlertedAt <= :stale)',
      entry: { at: at.toISOString(), by: 'sla', action: 'OVERDUE' },
    });
    return result.kind === 'DONE';
  },

  async appendAudit(escalationId, entry) {
    await documentClient.send(
      new UpdateCommand({
        TableName: table(),
        Key: { escalationId },
        UpdateExpression: 'SET audit = list_append(if_not_exists(audit, :none), :entry)',
        ConditionExpression: 'attribute_exists(escalationId)',
        ExpressionAttributeValues: { ':none': [], ':entry': [entry] },
      }),
    );
  },

  resolve({ escalationId, by, at, resolution, note }) {
    return change({
      escalationId,
      set: [
        '#s = :resolved',
        'resolution = :resolution',
        'resolutionNote = :note',
        'resolvedBy = :by',
        'resolvedAt = :at',
      ],
      values: {
        ':claimed': 'CLAIMED',
        ':resolved': 'RESOLVED',
        ':by': by,
        ':at': at.toISOString(),
        ':resolution': resolution,
        ':note': note,
      },
      condition: '#s = :claimed AND claimedBy = :by',
      entry: { at: at.toISOString(), by, action: 'RESOLVED', detail: note ? `${resolution}: ${note}` : resolution },
    });
  },
};

/** A message the intake could not read, as an open item of the ops queue (once per stored message). */
export const dynamoHeldMail: HeldMail = {
  async hold({ heldId, location, reason, bytes, from, subject, at }) {
    await writeIfCondition(() =>
      documentClient.send(
        new PutCommand({
          TableName: tableName('escalations'),
          Item: {
            escalationId: escalationIdFor(heldId),
            status: 'OPEN',
            createdAt: at.toISOString(),
            diagnosis: MAIL_NOT_READ,
            reasons: [`${MAIL_NOT_READ}: ${reason}`],
            findings: [],
            heldMail: { location, bytes, from, subject },
          },
          ConditionExpression: 'attribute_not_exists(escalationId)',
        }),
      ),
    );
  },
};
