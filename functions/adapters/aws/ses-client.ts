import { SESClient } from '@aws-sdk/client-ses';
import { REQUEST_HANDLER } from '#adapters/aws/request-handler';

/**
 * One attempt per call: the SDK must never resend an email on its own after a timeout, when the
 * first request may have been delivered. Whether to try again is the mailer's decision.
 */
export const sesClient = new SESClient({ requestHandler: REQUEST_HANDLER, maxAttempts: 1 });
