import { deliverAdapters } from '#adapters/lambda/mail-out';

import { stepHandler } from '#adapters/lambda/middleware';
import { recordsSeen, type WorkflowState } from '#handlers/steps/state';
import { recordFailure, type FailureResult } from '#use-cases/record-failure';

const deps = deliverAdapters();

/** Catch target of every step: the ticket goes to the human queue with the error and what was known. */
export const handler = stepHandler<WorkflowState, { result: FailureResult }>(async (state) => ({
  result: await recordFailure(deps, {
    ticketId: state.ticket.ticketId,
    runId: state.runId,
    error: state.error ?? { Error: 'Unknown', Cause: 'no error detail in the state' },
    recordsRead: recordsSeen(state),
    decision: state.triage?.decision ?? null,
    draft: state.triage?.reply ?? null,
    ...(state.delivery?.result === 'SENT' ? { sentMessageId: state.delivery.messageId } : {}),
  }),
}));
