import { dynamoTickets } from '#adapters/dynamodb/tickets';
import { db } from '#adapters/lambda/db';
import { stepHandler } from '#adapters/lambda/middleware';
import { REPEAT_WINDOW_MS } from '#domain/triage/findings';
import type { RecordsResult, TerminalStepInput } from '#handlers/steps/state';

const tickets = dynamoTickets(db);

/** Delivered auto-resolves on the terminal within the REPEAT_CONTACT window before this ticket. */
export const handler = stepHandler<TerminalStepInput, Pick<RecordsResult, 'priorAutoResolved'>>(
  async ({ ticket, identify }) => {
    const receivedMs = Date.parse(ticket.receivedAt);
    const prior = await tickets.deliveredAutoResolvesOn(
      identify.identification.terminal.terminalId,
      receivedMs - REPEAT_WINDOW_MS,
      receivedMs,
    );
    return { priorAutoResolved: prior.filter((p) => p.ticketId !== ticket.ticketId) };
  },
);
