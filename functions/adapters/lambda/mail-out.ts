import { sesClient } from '#adapters/aws/ses-client';
import { requiredEnv } from '#adapters/lambda/env';
import { ENV } from '#adapters/lambda/env-names';
import { sesMailer } from '#adapters/ses/mailer';
import type { Mailer } from '#use-cases/ports';

/** The mailer of a function that sends email: SES, from the sender address its template names. */
export const mailerFromEnv = (): Mailer => sesMailer(requiredEnv(ENV.senderAddress), sesClient);
