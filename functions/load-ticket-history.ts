import { REPEAT_WINDOW_MS } from '#triage/findings';
import { autoResolvedOn } from '#commons/tickets-store';
import { stepHandler } from '#commons/middleware';
import type { RecordsResult, TerminalStepInput } from '#commons/workflow-state';

/** AUTO_RESOLVED tickets on the terminal within the REPEAT_CONTACT window before this one. */
export const handler = stepHandler<TerminalStepInput, Pick<RecordsResult, 'priorAutoResolved'>>(
  async ({ ticket, identify }) => {
    const receivedMs = Date.parse(ticket.receivedAt);
    const prior = await autoResolvedOn(identify.identification.terminal.terminalId, receivedMs - REPEAT_WINDOW_MS, receivedMs);
    return { priorAutoResolved: prior.filter((p) => p.ticketId !== ticket.ticketId) };
  },
);
