import { sesClient } from '#adapters/aws/ses-client';
import { dynamoReplyLimits } from '#adapters/dynamodb/reply-limits';
import { dynamoTickets } from '#adapters/dynamodb/tickets';
import { db } from '#adapters/lambda/db';
import { newId, optionalEnv, requiredEnv, systemClock, timingFromEnv } from '#adapters/lambda/env';
import { ENV } from '#adapters/lambda/env-names';
import { sesForwarder } from '#adapters/ses/forwarder';
import { sesMailer } from '#adapters/ses/mailer';
import type { DeliverDeps } from '#use-cases/deliver-reply';
import type { Mailer } from '#use-cases/ports';

/** The mailer of a function that sends email: SES, from the sender address its template names. */
export const mailerFromEnv = (): Mailer => sesMailer(requiredEnv(ENV.senderAddress), sesClient);

/** The normal support desk mail not about code 97 goes to, when the stack names one. */
export function forwardingFromEnv() {
  const to = optionalEnv(ENV.notTriggeredForwardTo);
  return to ? { to, forwarder: sesForwarder(requiredEnv(ENV.senderAddress), sesClient) } : null;
}

/** What delivering a ticket's reply runs on: the tickets, the mailer and its limits, the clock and the deadlines. */
export const deliverAdapters = (): DeliverDeps => ({
  tickets: dynamoTickets(db),
  mailer: mailerFromEnv(),
  replyLimits: dynamoReplyLimits(db),
  clock: systemClock,
  newId,
  timing: timingFromEnv(),
});
