import { sesClient } from '#adapters/aws/ses-client';
import { dynamoReplyLimits } from '#adapters/dynamodb/reply-limits';
import { dynamoTickets } from '#adapters/dynamodb/tickets';
import { db } from '#adapters/lambda/db';
import { newId, requiredEnv, systemClock, timingFromEnv } from '#adapters/lambda/env';
import { ENV } from '#adapters/lambda/env-names';
import { sesMailer } from '#adapters/ses/mailer';
import type { DeliverDeps } from '#use-cases/deliver-reply';
import type { Mailer } from '#use-cases/ports';

/** The mailer of a function that sends email: SES, from the sender address its template names. */
export const mailerFromEnv = (): Mailer => sesMailer(requiredEnv(ENV.senderAddress), sesClient);

/** What delivering a ticket's reply runs on: the tickets, the mailer and its limits, the clock and the deadlines. */
export const deliverAdapters = (): DeliverDeps => ({
  tickets: dynamoTickets(db),
  mailer: mailerFromEnv(),
  replyLimits: dynamoReplyLimits(db),
  clock: systemClock,
  newId,
  timing: timingFromEnv(),
});
