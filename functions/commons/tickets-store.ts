import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Email } from '#commons/replies/compose';
import type { Decision, Ticket } from '#triage/types';
import { documentClient, tableName } from '#commons/aws/dynamodb';
import { INDEX } from '#commons/table-schema';

export type TicketStatus = 'PROCESSING' | 'DECIDED';

/** One item per delivered ticketId: the ticket, its decision, and the reply's delivery state. */
export interface TicketItem {
  ticketId: string;
  ticket: Ticket;
  receivedAt: string;
  receivedAtEpochMs: number;
  status: TicketStatus;
  triggered: boolean;
  triggerEvidence: string | null;
  createdAt: string;
  outcome?: string;
  diagnosis?: string;
  findings?: string[];
  merchantId?: string | null;
  terminalId?: string | null;
  escalationId?: string | null;
  emailStatus?: 'SENDING' | 'SENT' | 'FAILED';
  emailTo?: string;
  emailMessageId?: string;
  decidedAt?: string;
}

const isConditionFailure = (error: unknown) =>
  error instanceof ConditionalCheckFailedException ||
  (error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed'));

export async function getTicket(ticketId: string): Promise<TicketItem | null> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName('tickets'), Key: { ticketId }, ConsistentRead: true }),
  );
  return (Item as TicketItem | undefined) ?? null;
}

/** Stores a first delivery; returns the stored item of an earlier delivery instead when there is one. */
export async function putNewTicket(item: TicketItem): Promise<{ created: true } | { created: false; existing: TicketItem }> {
  try {
    await documentClient.send(new PutCommand({
      TableName: tableName('tickets'),
      Item: item,
      ConditionExpression: 'attribute_not_exists(ticketId)',
    }));
    return { created: true };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const existing = await getTicket(item.ticketId);
    if (!existing) throw error;
    return { created: false, existing };
  }
}

/** Undoes an intake whose workflow could not be started, so the helpdesk's retry is not a duplicate. */
export async function deleteUnstartedTicket(ticketId: string): Promise<void> {
  await documentClient.send(new DeleteCommand({
    TableName: tableName('tickets'),
    Key: { ticketId },
    ConditionExpression: '#s = :processing',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':processing': 'PROCESSING' },
  }));
}

/** AUTO_RESOLVED tickets on a terminal received in [fromMs, toMs]: one bounded Query on a sparse index. */
export async function autoResolvedOn(terminalId: string, fromMs: number, toMs: number) {
  const index = INDEX.ticketsAutoResolvedByTerminal;
  const { Items } = await documentClient.send(new QueryCommand({
    TableName: tableName('tickets'),
    IndexName: index.name,
    KeyConditionExpression: '#t = :t AND #r BETWEEN :from AND :to',
    ExpressionAttributeNames: { '#t': index.partitionKey, '#r': index.sortKey },
    ExpressionAttributeValues: { ':t': terminalId, ':from': fromMs, ':to': toMs },
  }));
  return ((Items ?? []) as TicketItem[]).map(({ ticketId, receivedAt }) => ({ ticketId, receivedAt }));
}

export interface EscalationPacket {
  escalationId: string;
  status: 'OPEN';
  createdAt: string;
  ticketId: string;
  ticket: Ticket;
  diagnosis: string;
  findings: string[];
  /** Why the workflow decided so, one line per finding. */
  reasons: string[];
  merchantId: string | null;
  terminalId: string | null;
  /** Everything the workflow read: identifiers, identification and records. */
  recordsRead: unknown;
  suggestedReply: unknown;
  acknowledgement: { to: string; subject: string } | null;
}

const decisionUpdate = (ticketId: string, decision: Decision, escalationId: string | null, now: string) => {
  const autoResolved = decision.outcome === 'AUTO_RESOLVED' && decision.terminalId !== null;
  return {
    TableName: tableName('tickets'),
    Key: { ticketId },
    ConditionExpression: '#status = :processing',
    UpdateExpression: [
      'SET #status = :decided, outcome = :outcome, diagnosis = :diagnosis, findings = :findings',
      'merchantId = :merchantId, terminalId = :terminalId, escalationId = :escalationId',
      'replyLanguage = :language, reasons = :reasons, decidedAt = :now',
      ...(autoResolved ? [`${INDEX.ticketsAutoResolvedByTerminal.partitionKey} = :terminalId`] : []),
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
      ':escalationId': escalationId,
      ':language': decision.language,
      ':reasons': decision.reasons,
      ':now': now,
    },
  };
};

/**
 * Records the decision and, for an escalation, the reviewer's packet in one transaction: the
 * queue never holds an escalation whose ticket is undecided, nor the reverse. A re-run of an
 * already recorded ticket (at-least-once delivery) is a no-op.
 */
export async function recordDecision(
  decision: Decision,
  ticketId: string,
  packet: EscalationPacket | null,
): Promise<'RECORDED' | 'ALREADY_RECORDED'> {
  const now = new Date().toISOString();
  try {
    await documentClient.send(new TransactWriteCommand({
      TransactItems: [
        { Update: decisionUpdate(ticketId, decision, packet?.escalationId ?? null, now) },
        ...(packet
          ? [{
              Put: {
                TableName: tableName('escalations'),
                Item: packet,
                ConditionExpression: 'attribute_not_exists(escalationId)',
              },
            }]
          : []),
      ],
    }));
    return 'RECORDED';
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const stored = await getTicket(ticketId);
    if (stored?.status === 'DECIDED' && stored.outcome === decision.outcome) return 'ALREADY_RECORDED';
    throw error;
  }
}

/** Claims the right to send a ticket's one reply; false when it was already sent or is being sent. */
export async function claimEmail(ticketId: string): Promise<boolean> {
  try {
    await documentClient.send(new UpdateCommand({
      TableName: tableName('tickets'),
      Key: { ticketId },
      UpdateExpression: 'SET emailStatus = :sending',
      ConditionExpression: 'attribute_exists(ticketId) AND (attribute_not_exists(emailStatus) OR emailStatus = :failed)',
      ExpressionAttributeValues: { ':sending': 'SENDING', ':failed': 'FAILED' },
    }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export async function settleEmail(ticketId: string, result: { sent: true; email: Email; messageId: string } | { sent: false }) {
  await documentClient.send(new UpdateCommand({
    TableName: tableName('tickets'),
    Key: { ticketId },
    ...(result.sent
      ? {
          UpdateExpression: 'SET emailStatus = :sent, emailTo = :to, emailKind = :kind, emailMessageId = :id',
          ExpressionAttributeValues: { ':sent': 'SENT', ':to': result.email.to, ':kind': result.email.kind, ':id': result.messageId },
        }
      : { UpdateExpression: 'SET emailStatus = :failed', ExpressionAttributeValues: { ':failed': 'FAILED' } }),
  }));
}

/**
 * Escalates a ticket whose workflow failed: the packet gains the error (created if the
 * decision never got that far) and an undecided ticket is closed as ESCALATED.
 */
export async function recordProcessingFailure(
  ticket: Ticket,
  escalationId: string,
  error: { Error: string; Cause: string },
  recordsRead: unknown,
  diagnosis: string,
): Promise<void> {
  const now = new Date().toISOString();
  await documentClient.send(new UpdateCommand({
    TableName: tableName('escalations'),
    Key: { escalationId },
    UpdateExpression: [
      'SET processingError = :error, ticketId = :ticketId, #ticket = :ticket, recordsRead = if_not_exists(recordsRead, :records)',
      '#status = :open, createdAt = if_not_exists(createdAt, :now), diagnosis = if_not_exists(diagnosis, :diagnosis)',
      'findings = if_not_exists(findings, :none)',
    ].join(', '),
    ExpressionAttributeNames: { '#ticket': 'ticket', '#status': 'status' },
    ExpressionAttributeValues: {
      ':error': error,
      ':ticketId': ticket.ticketId,
      ':ticket': ticket,
      ':records': recordsRead ?? null,
      ':open': 'OPEN',
      ':now': now,
      ':diagnosis': diagnosis,
      ':none': [],
    },
  }));
  await documentClient.send(new UpdateCommand({
    TableName: tableName('tickets'),
    Key: { ticketId: ticket.ticketId },
    UpdateExpression: [
      'SET escalationId = :escalationId, processingError = :error',
      'outcome = if_not_exists(outcome, :escalated), diagnosis = if_not_exists(diagnosis, :diagnosis)',
      'findings = if_not_exists(findings, :none), #status = :decided, decidedAt = if_not_exists(decidedAt, :now)',
    ].join(', '),
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':escalationId': escalationId,
      ':error': error,
      ':escalated': 'ESCALATED',
      ':diagnosis': diagnosis,
      ':none': [],
      ':decided': 'DECIDED',
      ':now': now,
    },
  }));
}
