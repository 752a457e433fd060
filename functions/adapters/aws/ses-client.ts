import { SESv2Client } from '@aws-sdk/client-sesv2';
import { REQUEST_HANDLER } from '#adapters/aws/request-handler';

/**
 * SES's v2 API, the one whose simple emails carry headers of our own (Auto-Submitted). One
 * attempt per call: the SDK must never resend an email on its own after a timeout, when the
 * first request may have been delivered. Whether to try again is the mailer's decision.
 */
export const sesClient = new SESv2Client({ requestHandler: REQUEST_HANDLER, maxAttempts: 1 });
