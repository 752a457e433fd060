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
  receive(raw: Uint8Array): Promise<MailSummary>;
}

/** Lambda retries a failed asynchronous invocation twice; so does the local inbox. */
const ATTEMPTS = 3;

function receiptEvent(messageId: string, recipients: string[], at: Date): SESEvent {
  const mail = {
    timestamp: at.toISOString(),
    source: '',
    messageId,
    destination: recipients,
    headersTruncated: false,
    headers: [],
    commonHeaders: { returnPath: '', date: at.toUTCString(), to: recipients, messageId, subject: '' },
  };
  const verdict = { status: 'PASS' };
  const receipt = {
    timestamp: at.toISOString(),
    processingTimeMillis: 0,
    recipients,
    spamVerdict: verdict,
    virusVerdict: verdict,
    spfVerdict: verdict,
    dkimVerdict: verdict,
    dmarcVerdict: verdict,
    action: { type: 'Lambda', functionArn: '', invocationType: 'Event' },
  };
  return { Records: [{ eventSource: 'aws:ses', eventVersion: '1.0', ses: { mail, receipt } }] } as unknown as SESEvent;
}

export function localInbox(runtime: LambdaRuntime, rule: NonNullable<LocalAssembly['mailIngest']>, dir: string): LocalInbox {
  return {
    dir,
    async receive(raw) {
      const messageId = `local${Date.now().toString(36)}${randomBytes(8).toString('hex')}`;
      const file = path.join(dir, `${rule.objectKeyPrefix}${messageId}`);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, raw);
      const event = receiptEvent(messageId, rule.recipients, new Date());
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
