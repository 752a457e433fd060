import { dynamoTickets } from '#adapters/dynamodb/tickets';
import { db } from '#adapters/lambda/db';
import { systemClock } from '#adapters/lambda/env';
import { stepHandler } from '#adapters/lambda/middleware';
import type { WorkflowState } from '#handlers/steps/state';

const tickets = dynamoTickets(db);

/**
 * Runs only when Send reply could not record its own success: the email went out, so this
 * retries the bookkeeping (never the send).
 */
export const handler = stepHandler<WorkflowState, { recorded: true }>(async ({ ticket, triage, delivery }) => {
  const messageId = delivery?.result === 'SENT' ? delivery.messageId : '';
  const autoResolvedTerminalId = triage?.decision.outcome === 'AUTO_RESOLVED' ? triage.decision.terminalId : null;
  await tickets.markReplySent(ticket.ticketId, { messageId, at: systemClock.now(), autoResolvedTerminalId });
  return { recorded: true };
});
