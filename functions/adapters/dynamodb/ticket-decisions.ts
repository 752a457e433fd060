import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { putContent, split, storedPacket, TICKET_CONTENT } from '#adapters/dynamodb/content';
import { isConditionFailure } from '#adapters/dynamodb/conditions';
import type { DynamoDb } from '#adapters/dynamodb/db';
import { INDEX } from '#adapters/dynamodb/schema';
import { stateOf, UNWATCH, WATCH_NAMES } from '#adapters/dynamodb/ticket-read';
import type { TicketRepository } from '#use-cases/ports';

/**
 * The ticket's queue item: created OPEN, or, when the ticket is in the queue already (a reply
 * that then went undelivered), given the new error while its state, claim and audit stay as
 * a reviewer left them.
 */
const escalationWrite = (db: DynamoDb, stored: Record<string, unknown>) => {
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
    TableName: db.table('escalations'),
    Key: { escalationId: stored.escalationId },
    UpdateExpression: `SET ${sets.join(', ')}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
};

/** How a ticket is decided: by the rules (with its queue item when escalated), or escalated by the lifecycle. */
export const ticketDecisions = (db: DynamoDb): Pick<TicketRepository, 'recordDecision' | 'escalate'> => ({
  async recordDecision({ ticketId, decision, reply, packet, recordsRead, rulesVersion, at }) {
    // Index keys only when there is a value: a null cannot key an index.
    const searchKeys = {
      ...(decision.terminalId ? { [INDEX.ticketsByTerminal.partitionKey]: decision.terminalId } : {}),
      ...(decision.merchantId ? { [INDEX.ticketsByMerchant.partitionKey]: decision.merchantId } : {}),
    };
    const { refs, puts } = split(ticketId, { reply, recordsRead }, TICKET_CONTENT);
    const queued = packet ? storedPacket({ ...packet }) : null;
    await putContent(db, [...puts, ...(queued?.puts ?? [])]);
    const update = {
      TableName: db.table('tickets'),
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
      if (!queued) await db.client.send(new UpdateCommand(update));
      else {
        await db.client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Update: update },
              {
                Put: {
                  TableName: db.table('escalations'),
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
      const stored = await stateOf(db, ticketId);
      if (stored?.status === 'DECIDED') return 'ALREADY_RECORDED';
      throw error;
    }
  },

  async escalate({ ticketId, packet, diagnosis, emailStatus, reply, final, at, expect }) {
    const queued = storedPacket({ ...packet });
    const { refs, puts } = split(ticketId, { reply }, TICKET_CONTENT);
    await putContent(db, [...puts, ...queued.puts]);
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
      await db.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: escalationWrite(db, queued.item) },
            {
              Update: {
                TableName: db.table('tickets'),
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
      const now = await stateOf(db, ticketId);
      return now?.escalationId === packet.escalationId && now.outcome === 'ESCALATED' && now.diagnosis === diagnosis;
    }
  },
});
