import { dynamoTickets } from '#adapters/dynamodb/tickets';
import { db } from '#adapters/lambda/db';
import { mailerFromEnv } from '#adapters/lambda/mail-out';
import { newId, systemClock, timingFromEnv } from '#adapters/lambda/env';
import { logger } from '#adapters/lambda/logger';
import { stepHandler } from '#adapters/lambda/middleware';
import { recordsSeen, type DecidedState } from '#handlers/steps/state';
import { deliverReply, type DeliverResult } from '#use-cases/deliver-reply';

const deps = {
  tickets: dynamoTickets(db),
  mailer: mailerFromEnv(),
  clock: systemClock,
  newId,
  timing: timingFromEnv(),
};

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
