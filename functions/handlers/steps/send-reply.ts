import { deliverAdapters } from '#adapters/lambda/mail-out';

import { logger } from '#adapters/lambda/logger';
import { stepHandler } from '#adapters/lambda/middleware';
import { recordsSeen, type DecidedState } from '#handlers/steps/state';
import { deliverReply, type DeliverResult } from '#use-cases/deliver-reply';

const deps = deliverAdapters();

/** Sends the ticket's one reply; see deliverReply for why a retry never sends it twice. */
export const handler = stepHandler<DecidedState, DeliverResult>(async (state) => {
  const { reply } = state.triage;
  const delivery = await deliverReply(deps, {
    ticketId: state.ticket.ticketId,
    runId: state.runId,
    email: reply,
    recordsRead: recordsSeen(state),
  });
  logger.info('reply', { result: delivery.result, kind: reply.kind, to: reply.to });
  return delivery;
});
