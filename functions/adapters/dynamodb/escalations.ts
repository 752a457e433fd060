import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDb } from '#adapters/dynamodb/db';
import { decodeCursor, encodeCursor, fromCursor } from '#adapters/dynamodb/cursor';
import { queryAll } from '#adapters/dynamodb/query';
import { INDEX } from '#adapters/dynamodb/schema';
import { escalationChanges, whole } from '#adapters/dynamodb/escalation-changes';
import type { EscalationRepository } from '#use-cases/ports';

const FILTERS = ['diagnosis', 'merchantId', 'terminalId'] as const;
/** Queries one filtered page may take before it answers short (with a cursor to read on). */
const MAX_READS_PER_PAGE = 10;
/** Items one read of a search takes: ten reads look through 2,000 items before a page answers short. */
const SEARCH_READ = 200;

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
  'merchantName',
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

/** The escalations table behind the EscalationRepository port. */
export const dynamoEscalations = (db: DynamoDb): EscalationRepository => ({
  ...escalationChanges(db),

  async list({ status, limit, cursor, order, search, ...filters }) {
    const index = INDEX.escalationsByStatus;
    const given = FILTERS.filter((f) => filters[f] !== null);
    const conditions = [
      ...given.map((f) => `#${f} = :${f}`),
      ...search.map((forms, i) => `(${forms.map((_, j) => `contains(#searchText, :w${i}_${j})`).join(' OR ')})`),
    ];
    // A search keeps few of the items it reads: each read takes more, so a page needs fewer reads.
    const readLimit = search.length ? Math.max(limit, SEARCH_READ) : limit;
    const query = (start: Record<string, unknown> | undefined) =>
      fromCursor(cursor, () =>
        db.client.send(
          new QueryCommand({
            TableName: db.table('escalations'),
            IndexName: index.name,
            KeyConditionExpression: '#s = :s',
            ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
            ExpressionAttributeNames: {
              '#s': index.partitionKey,
              ...SUMMARY.names,
              ...Object.fromEntries(given.map((f) => [`#${f}`, f])),
              ...(search.length ? { '#searchText': 'searchText' } : {}),
            },
            ExpressionAttributeValues: {
              ':s': status,
              ...Object.fromEntries(given.map((f) => [`:${f}`, filters[f]])),
              ...Object.fromEntries(search.flatMap((forms, i) => forms.map((form, j) => [`:w${i}_${j}`, form]))),
            },
            ProjectionExpression: SUMMARY.projection,
            ScanIndexForward: order === 'OLDEST_FIRST',
            Limit: readLimit,
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
    const { Item } = await db.client.send(
      new GetCommand({ TableName: db.table('escalations'), Key: { escalationId }, ConsistentRead: true }),
    );
    return Item ? whole(db, Item) : null;
  },

  resolvedCreatedSince(since) {
    const index = INDEX.escalationsByStatus;
    return queryAll<Record<string, unknown>>(db.client, {
      TableName: db.table('escalations'),
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
      queryAll<{ overdueSince?: string }>(db.client, {
        TableName: db.table('escalations'),
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
      const page = await db.client.send(
        new QueryCommand({
          TableName: db.table('escalations'),
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
});
