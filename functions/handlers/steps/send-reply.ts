import { dynamoTickets } from '#adapters/dynamodb/tickets';
import { newId, systemClock, timingFromEnv } from '#adapters/lambda/env';
import { stepHandler } from '#adapters/lambda/middleware';
import { sesMailer } from '#adapters/ses/mailer';
import { recordsSeen, type DecidedState } from '#handlers/steps/state';
import { deliverReply, type DeliverResult } from '#use-cases/deliver-reply';

const deps = { tickets: dynamoTickets, mailer: sesMailer(), clock: systemClock, newId, timing: timingFromEnv() };

/** Sends the ticket's one reply; see deliverReply for why a retry never sends it twice. */
export const handler = stepHandler<DecidedState, DeliverResult>(async (state) =>
  deliverReply(deps, { ticketId: state.ticket.ticketId, runId: state.runId, email: state.triage.reply, recordsRead: recordsSeen(state) }),
);
