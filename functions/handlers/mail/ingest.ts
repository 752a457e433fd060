import type { SESEvent, SESReceipt } from 'aws-lambda';
import { s3Client } from '#adapters/aws/s3-client';
import { dynamoHeldMail } from '#adapters/dynamodb/held-mail';
import { db } from '#adapters/lambda/db';
import { optionalEnv, requiredEnv } from '#adapters/lambda/env';
import { ENV } from '#adapters/lambda/env-names';
import { logger } from '#adapters/lambda/logger';
import { stepHandler } from '#adapters/lambda/middleware';
import { acceptAdapters } from '#adapters/lambda/wiring';
import { forwardingFromEnv } from '#adapters/lambda/mail-out';
import { postalMimeParser } from '#adapters/mail/parser';
import { s3MailStore } from '#adapters/mail/raw-store';
import { ingestMail, type MailResult } from '#use-cases/ingest-mail';

const deps = {
  ...acceptAdapters(),
  parser: postalMimeParser,
  held: dynamoHeldMail(db),
  ownAddresses: [requiredEnv(ENV.senderAddress), requiredEnv(ENV.inboxAddress)],
  forwarding: forwardingFromEnv(),
};
const store = s3MailStore(requiredEnv(ENV.mailBucket), s3Client);
const prefix = optionalEnv(ENV.mailPrefix);

/** One line per message: what became of it, by ticket reference, never by its content. */
export interface MailSummary {
  kind: MailResult['kind'] | 'INVALID' | 'DUPLICATE' | 'TAKEN' | 'NOT_TRIGGERED' | 'ACCEPTED' | 'UNAVAILABLE';
  ticketId: string | null;
  reason: string | null;
  executionArn: string | null;
  confirms: string | null;
  thread: string | null;
  /** Where a message not about code 97 was forwarded. */
  forwardedTo: string | null;
  /** Why a REFUSED message was refused (its kind of automatic mail, or VIRUS): the MailRefused metric's dimension. */
  refusedAs: string | null;
}

function summary(result: MailResult): MailSummary {
  const base = {
    ticketId: null,
    reason: null,
    executionArn: null,
    confirms: null,
    thread: null,
    refusedAs: null,
    forwardedTo: null,
  };
  if (result.kind === 'REFUSED')
    return { ...base, kind: result.kind, reason: result.reason, refusedAs: result.automatic ?? 'VIRUS' };
  if (result.kind === 'HELD') return { ...base, kind: result.kind, reason: result.reason };
  const accepted = result.result;
  const ticketId =
    accepted.kind === 'DUPLICATE' ? accepted.existing.ticketId : accepted.kind === 'INVALID' ? null : accepted.ticketId;
  return {
    ...base,
    kind: result.kind === 'CONFIRMED' ? 'CONFIRMED' : accepted.kind,
    ticketId,
    executionArn: accepted.kind === 'ACCEPTED' ? accepted.executionArn : null,
    reason: accepted.kind === 'UNAVAILABLE' ? accepted.error : null,
    confirms: result.kind === 'CONFIRMED' ? result.confirms : null,
    thread: result.kind === 'TICKET' ? (result.thread?.ticketId ?? null) : result.confirms,
    forwardedTo: result.kind === 'TICKET' ? result.forwardedTo : null,
  };
}

const failed = (verdict: { status: string }) => verdict.status === 'FAIL';

/** SES's scans; the sender counts as authenticated when SPF or DKIM passed and DMARC did not fail. */
const verdictsOf = (receipt: SESReceipt) => ({
  virus: failed(receipt.virusVerdict),
  spam: failed(receipt.spamVerdict),
  senderAuthenticated:
    !failed(receipt.dmarcVerdict) && (receipt.spfVerdict.status === 'PASS' || receipt.dkimVerdict.status === 'PASS'),
});

/**
 * SES receipt rule, after its S3 action stored the raw message: each message to the support
 * inbox goes through the ingest-mail use case. A message that could not be stored as a ticket
 * fails the invocation, so Lambda's retries of the asynchronous event try it again.
 */
export const handler = stepHandler<SESEvent, { results: MailSummary[] }>(async (event) => {
  const results: MailSummary[] = [];
  for (const record of event.Records) {
    const { messageId, timestamp } = record.ses.mail;
    const incoming = {
      ...(await store.open(`${prefix}${messageId}`, new Date(timestamp))),
      verdicts: verdictsOf(record.ses.receipt),
    };
    const result = summary(await ingestMail(deps, incoming));
    logger.info('mail', { sesMessageId: messageId, ...result });
    if (result.kind === 'UNAVAILABLE') throw new Error(`mail ${messageId}: ${result.reason}`);
    results.push(result);
  }
  return { results };
});
