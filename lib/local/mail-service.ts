import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import sesModule from 'aws-ses-v2-local';

/** aws-ses-v2-local is CommonJS with an `exports.default`; from ESM it arrives one level down. */
const sesServer = ((sesModule as unknown as { default?: typeof sesModule }).default ?? sesModule) as typeof sesModule;

/** The newest emails the local mail service keeps for its inbox page; older ones are let go. */
export const MAIL_KEPT = 1_000;
const sesStore = createRequire(import.meta.url)('aws-ses-v2-local/dist/store.js') as {
  getStoreReadonly(): { emails: unknown[] };
};

export interface SentEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  /** The headers the sender set on a simple email (Auto-Submitted). */
  headers?: Array<{ name: string; value: string }>;
  at: number;
}

export interface MailService {
  url: string;
  /** Emails received (since an epoch second, if given), oldest first, from GET /store. */
  mailbox(sinceSeconds?: number): Promise<SentEmail[]>;
  close(): Promise<void>;
}

/** SES on 127.0.0.1 (aws-ses-v2-local): the handlers send through it, its page shows what they sent. */
export async function startMailService(port: number): Promise<MailService> {
  const server: Server = await sesServer({ host: '127.0.0.1', port });
  const url = `http://127.0.0.1:${port}`;
  await fetch(`${url}/clear-store`, { method: 'POST' });
  const trimmer = setInterval(() => {
    const { emails } = sesStore.getStoreReadonly();
    if (emails.length > MAIL_KEPT) emails.splice(0, emails.length - MAIL_KEPT);
  }, 1_000);
  trimmer.unref();
  return {
    url,
    async mailbox(sinceSeconds) {
      const response = await fetch(`${url}/store${sinceSeconds === undefined ? '' : `?since=${sinceSeconds}`}`);
      return ((await response.json()) as { emails: SentEmail[] }).emails;
    },
    close: () => {
      clearInterval(trimmer);
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
