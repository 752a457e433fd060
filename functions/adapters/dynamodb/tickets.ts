import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { documentClient, tableName } from '#adapters/aws/dynamodb-client';
import { decodeCursor, encodeCursor, fromCursor } from '#adapters/dynamodb/cursor';
import { contentOf, join, joinAll, putContent, split, storedPacket, TICKET_CONTENT } from '#adapters/dynamodb/content';
import { batchGet, queryAll } from '#adapters/dynamodb/query';
import { INDEX, WATCHED } from '#adapters/dynamodb/schema';
import type { ClaimResult, TicketRecord, TicketRepository } from '#use-cases/ports';

export const isConditionFailure = (error: unknown) =>
  error instanceof ConditionalCheckFailedException ||
  (error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed'));

/** A conditional write whose unmet condition is an answer (nothing to do), not an error. */
export async function writeIfCondition(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** The item a failed condition saw (ReturnValuesOnConditionCheckFailure: ALL_OLD), without its content. */
const oldItem = (error: unknown): Record<string, unknown> | null => {
  const item = (error as { Item?: Record<string, AttributeValue> }).Item;
  return item ? unmarshall(item) : null;
};

const whole = (item: Record<string, unknown>, content: Map<string, unknown>) =>
  join<TicketRecord>(item, TICKET_CONTENT, content);

const UNWATCH = 'REMOVE #watch, watchAtEpochMs';
const WATCH_NAMES = { '#watch': INDEX.ticketsDue.partitionKey };

/** Tickets by ID with their content, in the order given. */
async function byKeys(ticketIds: string[]): Promise<TicketRecord[]> {
  const items = await batchGet(
    tableName('tickets'),
    ticketIds.map((ticketId) => ({ ticketId })),
  );
  const found = new Map(
    (await joinAll<TicketRecord>(items, (item) => String(item.ticketId), TICKET_CONTENT)).map((t) => [t.ticketId, t]),
  );
  return ticketIds.flatMap((id) => found.get(id) ?? []);
}

/** The ticket's item alone: its state, for a check that needs none of its content. */
async function stateOf(ticketId: string): Promise<Partial<TicketRecord> | null> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName('tickets'), Key: { ticketId }, ConsistentRead: true }),
  );
  return (Item as Partial<TicketRecord> | undefined) ?? null;
}

/** The ticket's item and its content, read at once. */
async function get(ticketId: string): Promise<TicketRecord | null> {
  const [item, content] = await Promise.all([stateOf(ticketId), contentOf(ticketId)]);
  return item ? whole(item, content) : null;
}

function classifyClaim(
  old: TicketRecord | null,
  claim: { runId: string; token: string; staleBefore: Date },
): ClaimResult {
  if (!old || old.status !== 'DECIDED') return { kind: 'NOT_DECIDED' };
  switch (old.emailStatus) {
    case 'SENT':
      return { kind: 'ALREADY_SENT' };
    case 'FAILED':
    case 'UNKNOWN':
      return { kind: 'ALREADY_ESCALATED' };
    default: {
      const held = old.emailClaim;
      if (held?.token === claim.token && old.reply) return { kind: 'CLAIMED', record: old };
      if (!held || held.runId === claim.runId || held.at < claim.staleBefore.getTime())
        return { kind: 'FATE_UNKNOWN', token: held?.token ?? '', record: old };
      return { kind: 'IN_FLIGHT', claimedAt: new Date(held.at) };
    }
  }
}

/**
 * The ticket's queue item: created OPEN, or, when the ticket is in the queue already (a reply
 * that then went undelivered), given the new error while its state, claim and audit stay as
 * a reviewer left them.
 */
const escalationWrite = (stored: Record<string, unknown>) => {
  const { processingError, undeliveredReplyRef, status, ...base } = stored;
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ':open': status };
  const sets = ['#status = if_not_exists(#status, :open)'];
  for (const [field, value] of Object.entries(base)) {
    if (field === 'escalationId') continue;
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = if_not_exists(#${field}, :${field})`);
  }
  for (const [field, value] of Object.entries({ processingError, undeliveredReplyRef })) {
    if (value === undefined) continue;
    values[`:${field}`] = value;
    sets.push(`${field} = :${field}`);
  }
  return {
    TableName: tableName('escalations'),
    Key: { escalationId: stored.escalationId },
    UpdateExpression: `SET ${sets.join(', ')}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
};

/** The tickets table behind the TicketRepository port. */
export const dynamoTickets: TicketRepository = {
  get,

  async create(record) {
    const { inline, puts } = split(record.ticketId, { ...record }, TICKET_CONTENT);
    const item = record.watchAtEpochMs === undefined ? inline : { ...inline, [INDEX.ticketsDue.partitionKey]: WATCHED };
    await putContent(puts);
    try {
      await documentClient.send(
        new PutCommand({
          TableName: tableName('tickets'),
          Item: item,
          ConditionExpression: 'attribute_not_exists(ticketId)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { created: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const seen = oldItem(error);
      const existing = seen ? whole(seen, await contentOf(record.ticketId)) : await get(record.ticketId);
      if (!existing) throw error;
      // Our own write, whose answer was lost and retried by the SDK.
      if (existing.deliveryId === record.deliveryId) return { created: true };
      return { created: false, existing };
    }
  },

  async recordDecision({ ticketId, decision, reply, packet, recordsRead, rulesVersion, at }) {
    // Index keys only when there is a value: a null cannot key an index.
    const searchKeys = {
      ...(decision.terminalId ? { [INDEX.ticketsByTerminal.partitionKey]: decision.terminalId } : {}),
      ...(decision.merchantId ? { [INDEX.ticketsByMerchant.partitionKey]: decision.merchantId } : {}),
    };
    const { refs, puts } = split(ticketId, { reply, recordsRead }, TICKET_CONTENT);
    const queued = packet ? storedPacket({ ...packet }) : null;
    await putContent([...puts, ...(queued?.puts ?? [])]);
    const update = {
      TableName: tableName('tickets'),
      Key: { ticketId },
      ConditionExpression: '#status = :processing',
      UpdateExpression: [
        'SET #status = :decided, outcome = :outcome, diagnosis = :diagnosis, findings = :findings',
        'merchantId = :merchantId, terminalId = :terminalId, escalationId = :escalationId',
        'replyLanguage = :language, reasons = :reasons, decidedAt = :now, rulesVersion = :rulesVersion',
        ...Object.keys({ ...refs, ...searchKeys }).map((key) => `${key} = :${key}`),
      ].join(', '),
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':processing': 'PROCESSING',
        ':decided': 'DECIDED',
        ':outcome': decision.outcome,
        ':diagnosis': decision.diagnosis,
        ':findings': decision.findings,
        ':merchantId': decision.merchantId,
        ':terminalId': decision.terminalId,
        ':escalationId': packet?.escalationId ?? null,
        ':language': decision.language,
        ':reasons': decision.reasons,
        ':now': at.toISOString(),
        ':rulesVersion': rulesVersion,
        ...Object.fromEntries(Object.entries({ ...refs, ...searchKeys }).map(([key, value]) => [`:${key}`, value])),
      },
    };
    try {
      // The queue item and the decision together, or neither; a decision alone is one plain write (a transaction bills double).
      if (!queued) await documentClient.send(new UpdateCommand(update));
      else {
        await documentClient.send(
          new TransactWriteCommand({
            TransactItems: [
              { Update: update },
              {
                Put: {
                  TableName: tableName('escalations'),
                  Item: queued.item,
                  ConditionExpression: 'attribute_not_exists(escalationId)',
                },
              },
            ],
          }),
        );
      }
      return 'RECORDED';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const stored = await stateOf(ticketId);
      if (stored?.status === 'DECIDED') return 'ALREADY_RECORDED';
      throw error;
    }
  },

  async claimReply(ticketId, claim) {
    // The reply to send is content, written with the decision: read alongside the claim.
    const content = contentOf(ticketId);
    // Awaited below on either path; a rejection meanwhile is not an unhandled one.
    content.catch(() => undefined);
    try {
      const { Attributes } = await documentClient.send(
        new UpdateCommand({
          TableName: tableName('tickets'),
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
      documentClient.send(
        new UpdateCommand({
          TableName: tableName('tickets'),
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
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName('tickets'),
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

  async escalate({ ticketId, packet, diagnosis, emailStatus, reply, final, at, expect }) {
    const queued = storedPacket({ ...packet });
    const { refs, puts } = split(ticketId, { reply }, TICKET_CONTENT);
    await putContent([...puts, ...queued.puts]);
    const sets = [
      '#status = :decided, outcome = :escalated, diagnosis = :diagnosis, escalationId = :escalationId',
      'findings = if_not_exists(findings, :findings), reasons = if_not_exists(reasons, :reasons)',
      'merchantId = if_not_exists(merchantId, :merchantId), terminalId = if_not_exists(terminalId, :terminalId)',
      'decidedAt = if_not_exists(decidedAt, :now)',
    ];
    const values: Record<string, unknown> = {
      ':decided': 'DECIDED',
      ':escalated': 'ESCALATED',
      ':diagnosis': diagnosis,
      ':escalationId': packet.escalationId,
      ':findings': packet.findings,
      ':reasons': packet.reasons,
      ':merchantId': packet.merchantId,
      ':terminalId': packet.terminalId,
      ':now': at.toISOString(),
    };
    const optional: Array<[string, unknown]> = [
      ['emailStatus', emailStatus],
      ...Object.entries(refs),
      ['processingError', packet.processingError],
      [
        'undelivered',
        packet.undeliveredReply && { reason: packet.undeliveredReply.reason, detail: packet.undeliveredReply.detail },
      ],
    ];
    for (const [field, value] of optional) {
      if (value === undefined || value === null) continue;
      sets.push(`${field} = :${field}`);
      values[`:${field}`] = value;
    }
    const condition: { expression: string; names: Record<string, string>; values: Record<string, unknown> } =
      'status' in expect
        ? { expression: '#status = :processing', names: {}, values: { ':processing': 'PROCESSING' } }
        : {
            expression: 'emailStatus = :sending AND emailClaim.#token = :token',
            names: { '#token': 'token' },
            values: { ':sending': 'SENDING', ':token': expect.claimToken },
          };
    try {
      await documentClient.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: escalationWrite(queued.item) },
            {
              Update: {
                TableName: tableName('tickets'),
                Key: { ticketId },
                ConditionExpression: condition.expression,
                UpdateExpression: `SET ${sets.join(', ')}${final ? ` ${UNWATCH}` : ''}`,
                ExpressionAttributeNames: { '#status': 'status', ...condition.names, ...(final ? WATCH_NAMES : {}) },
                ExpressionAttributeValues: { ...values, ...condition.values },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // Our own write whose answer was lost looks the same: check whether it landed.
      const now = await stateOf(ticketId);
      return now?.escalationId === packet.escalationId && now.outcome === 'ESCALATED' && now.diagnosis === diagnosis;
    }
  },

  async deferWatch(ticketId, at) {
    await writeIfCondition(() =>
      documentClient.send(
        new UpdateCommand({
          TableName: tableName('tickets'),
          Key: { ticketId },
          UpdateExpression: 'SET watchAtEpochMs = :at',
          ConditionExpression: 'attribute_exists(#watch) AND watchAtEpochMs < :at',
          ExpressionAttributeNames: WATCH_NAMES,
          ExpressionAttributeValues: { ':at': at.getTime() },
        }),
      ),
    );
  },

  async due(now, limit) {
    const { Items } = await documentClient.send(
      new QueryCommand({
        TableName: tableName('tickets'),
        IndexName: INDEX.ticketsDue.name,
        KeyConditionExpression: '#watch = :due AND watchAtEpochMs <= :now',
        ExpressionAttributeNames: WATCH_NAMES,
        ExpressionAttributeValues: { ':due': WATCHED, ':now': now.getTime() },
        Limit: limit,
      }),
    );
    // The index holds keys only; each due ticket is read as it is now (it may have moved on since).
    const tickets = await Promise.all((Items ?? []).map((key) => get(String(key.ticketId))));
    const stillDue = (t: TicketRecord | null): t is TicketRecord =>
      t !== null &&
      (t as unknown as Record<string, unknown>)[INDEX.ticketsDue.partitionKey] === WATCHED &&
      (t.watchAtEpochMs ?? Infinity) <= now.getTime();
    return tickets.filter(stillDue);
  },

  async ticketForReply(messageId) {
    const index = INDEX.ticketsByReplyMessage;
    const { Items } = await documentClient.send(
      new QueryCommand({
        TableName: tableName('tickets'),
        IndexName: index.name,
        KeyConditionExpression: '#m = :m',
        ExpressionAttributeNames: { '#m': index.partitionKey },
        ExpressionAttributeValues: { ':m': messageId },
        Limit: 1,
      }),
    );
    const ticketId = Items?.[0]?.ticketId;
    return typeof ticketId === 'string' ? ticketId : null;
  },

  onDay(day) {
    const index = INDEX.ticketsByDay;
    return queryAll<Pick<TicketRecord, 'outcome' | 'diagnosis' | 'triggered' | 'confirmedFixed' | 'status'>>({
      TableName: tableName('tickets'),
      IndexName: index.name,
      KeyConditionExpression: '#d = :d',
      ExpressionAttributeNames: { '#d': index.partitionKey },
      ExpressionAttributeValues: { ':d': day },
    });
  },

  async search({ by, value, limit, cursor }) {
    const index = by === 'terminalId' ? INDEX.ticketsByTerminal : INDEX.ticketsByMerchant;
    const { Items, LastEvaluatedKey } = await fromCursor(cursor, () =>
      documentClient.send(
        new QueryCommand({
          TableName: tableName('tickets'),
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
      tickets: await byKeys((Items ?? []).map((key) => String(key.ticketId))),
      cursor: encodeCursor(LastEvaluatedKey),
    };
  },

  async recordOpsReply(ticketId, { at, ...reply }) {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName('tickets'),
        Key: { ticketId },
        UpdateExpression: 'SET opsReplies = list_append(if_not_exists(opsReplies, :none), :reply)',
        ConditionExpression: 'attribute_exists(ticketId)',
        ExpressionAttributeValues: { ':none': [], ':reply': [{ at: at.toISOString(), ...reply }] },
      }),
    );
  },

  async confirmFixed(ticketId, { at, byTicketId }) {
    try {
      await documentClient.send(
        new UpdateCommand({
          TableName: tableName('tickets'),
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
      await documentClient.send(
        new UpdateCommand({
          TableName: tableName('tickets'),
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
};

/** AUTO_RESOLVED tickets whose reply was delivered, on a terminal, received in [fromMs, toMs]. */
export async function deliveredAutoResolvesOn(terminalId: string, fromMs: number, toMs: number) {
  const index = INDEX.ticketsAutoResolvedByTerminal;
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: tableName('tickets'),
      IndexName: index.name,
      KeyConditionExpression: '#t = :t AND #r BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#t': index.partitionKey, '#r': index.sortKey },
      ExpressionAttributeValues: { ':t': terminalId, ':from': fromMs, ':to': toMs },
    }),
  );
  return ((Items ?? []) as TicketRecord[]).map(({ ticketId, receivedAt }) => ({ ticketId, receivedAt }));
}
