import { recordProcessingFailure } from '#commons/tickets-store';
import { stepHandler } from '#commons/middleware';
import { escalationIdFor, PROCESSING_ERROR, type WorkflowState } from '#commons/workflow-state';

/** Catch target of every step: puts the ticket in the human queue with the error that stopped it. */
export const handler = stepHandler<WorkflowState, { escalationId: string }>(async (state) => {
  const { ticket, identify, records, error } = state;
  const escalationId = escalationIdFor(ticket.ticketId);
  await recordProcessingFailure(
    ticket,
    escalationId,
    error ?? { Error: 'Unknown', Cause: 'no error detail in the state' },
    { identify: identify ?? null, records: records ?? null },
    state.triage?.decision.diagnosis ?? PROCESSING_ERROR,
  );
  return { escalationId };
});
