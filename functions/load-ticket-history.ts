import { autoResolvedOn } from '#commons/tickets-store';
import { stepHandler } from '#commons/middleware';
import type { RecordsResult, TerminalStepInput } from '#commons/workflow-state';

/** How far back an earlier automatic fix makes a new ticket a REPEAT_CONTACT. */
export const REPEAT_WINDOW_MS = 168 * 60 * 60 * 1000;

export const handler = stepHandler<TerminalStepInput, Pick<RecordsResult, 'priorAutoResolved'>>(
  async ({ ticket, identify }) => {
    const receivedMs = Date.parse(ticket.receivedAt);
    const prior = await autoResolvedOn(identify.identification.terminal.terminalId, receivedMs - REPEAT_WINDOW_MS, receivedMs);
    return { priorAutoResolved: prior.filter((p) => p.ticketId !== ticket.ticketId) };
  },
);
