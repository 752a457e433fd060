import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SESEvent } from 'aws-lambda';
import type { MailSummary } from '#handlers/mail/ingest';
import type { LocalAssembly } from './cloud-assembly.ts';
import type { LambdaRuntime } from './lambda-runtime.ts';

/** What SES receiving does for the support inbox, locally: keep the raw message, then invoke the rule's function. */
export interface LocalInbox {
  /** The folder standing in for the mail bucket. */
  dir: string;
  /** Where in that folder a message the handlers name by its S3 location (`s3://bucket/key`) is kept. */
  pathOf(location: string): string;
  /** Keeps the message and hands it over; `verdicts` overrides SES's scan results (all PASS locally). */
  receive(raw: Uint8Array, verdicts?: Partial<Verdicts>): Promise<MailSummary>;
}

type Verdict = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED';
export interface Verdicts {
  spam: Verdict;
  virus: Verdict;
  spf: Verdict;
  dkim: Verdict;
  dmarc: Verdict;
}

const PASSED: Verdicts = { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' };

/** Lambda retries a failed asynchronous invocation twice; so does the local inbox. */
const ATTEMPTS = 3;

function receiptEvent(messageId: string, recipients: string[], at: Date, verdicts: Verdicts): SESEvent {
  const mail = {
    timestamp: at.toISOString(),
    source: '',
    messageId,
    destination: recipients,
    headersTruncated: false,
    headers: [],
    commonHeaders: { returnPath: '', date: at.toUTCString(), to: recipients, messageId, subject: '' },
  };
  const receipt = {
    timestamp: at.toISOString(),
    processingTimeMillis: 0,
    recipients,
    spamVerdict: { status: verdicts.spam },
    virusVerdict: { status: verdicts.virus },
    spfVerdict: { status: verdicts.spf },
    dkimVerdict: { status: verdicts.dkim },
    dmarcVerdict: { status: verdicts.dmarc },
    action: { type: 'Lambda', functionArn: '', invocationType: 'Event' },
  };
  return { Records: [{ eventSource: 'aws:ses', eventVersion: '1.0', ses: { mail, receipt } }] } as unknown as SESEvent;
}

export function localInbox(
  runtime: LambdaRuntime,
  rule: NonNullable<LocalAssembly['mailIngest']>,
  dir: string,
): LocalInbox {
  return {
    dir,
    pathOf: (location) => path.join(dir, location.replace(/^s3:\/\/[^/]+\//, '')),
    async receive(raw, verdicts = {}) {
      const messageId = `local${Date.now().toString(36)}${randomBytes(8).toString('hex')}`;
      const file = path.join(dir, `${rule.objectKeyPrefix}${messageId}`);
      // Mail is the merchants': readable by this user alone, as the bucket is by the ingest role alone.
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await writeFile(file, raw, { mode: 0o600 });
      const event = receiptEvent(messageId, rule.recipients, new Date(), { ...PASSED, ...verdicts });
      let lastError: unknown;
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        try {
          const { results } = (await runtime.invoke(rule.functionArn, event)) as { results: MailSummary[] };
          const [result] = results;
          if (!result) throw new Error(`the ingest function reported nothing for ${messageId}`);
          return result;
        } catch (error) {
          lastError = error;
          await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
        }
      }
      throw lastError;
    },
  };
}
