import { appendFileSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import sesModule from 'aws-ses-v2-local';

/** aws-ses-v2-local is CommonJS with an `exports.default`; from ESM it arrives one level down. */
const sesServer = ((sesModule as unknown as { default?: typeof sesModule }).default ?? sesModule) as typeof sesModule;

/** The newest emails the local mail service keeps for its inbox page; older ones are let go. */
export const MAIL_KEPT = 1_000;
const sesStore = createRequire(import.meta.url)('aws-ses-v2-local/dist/store.js') as {
  getStoreReadonly(): { emails: unknown[] };
  saveEmail(email: unknown): void;
  clearStore(): void;
};
/** The emulator's own saveEmail; its handlers call it through the module's exports, so a wrapper there sees every email. */
const saveToMemory = sesStore.saveEmail;

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

/** The newest `MAIL_KEPT` emails of a file of one JSON email a line; a line cut short by a crash is skipped. */
async function keptEmails(file: string): Promise<unknown[]> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  return text
    .split('\n')
    .slice(-MAIL_KEPT - 1)
    .flatMap((line) => {
      try {
        return line ? [JSON.parse(line) as unknown] : [];
      } catch {
        return [];
      }
    })
    .slice(-MAIL_KEPT);
}

/**
 * SES on 127.0.0.1 (aws-ses-v2-local): the handlers send through it, its page shows what they
 * sent. With `keepIn`, every email is also appended to that file as it is saved and read back
 * at the next start, so the Mail-out page keeps its mail across restarts like the rest of the
 * kept data (the emulator itself holds mail in memory only).
 */
export async function startMailService(port: number, options: { keepIn?: string } = {}): Promise<MailService> {
  const server: Server = await sesServer({ host: '127.0.0.1', port });
  const url = `http://127.0.0.1:${port}`;
  // The store is this process's: read and cleared in place, never over a socket a restart on the same port may have closed.
  sesStore.clearStore();
  const { keepIn } = options;
  if (keepIn) {
    // The merchants' mail, kept from earlier runs too: this user's alone.
    await mkdir(path.dirname(keepIn), { recursive: true, mode: 0o700 });
    await chmod(path.dirname(keepIn), 0o700);
    const kept = await keptEmails(keepIn);
    sesStore.getStoreReadonly().emails.push(...kept);
    // Compacted at each start, so the file stays near the page's size.
    await writeFile(keepIn, kept.map((e) => `${JSON.stringify(e)}\n`).join(''), { mode: 0o600 });
    await chmod(keepIn, 0o600);
    sesStore.saveEmail = (email) => {
      saveToMemory(email);
      appendFileSync(keepIn, `${JSON.stringify(email)}\n`);
    };
  }
  const trimmer = setInterval(() => {
    const { emails } = sesStore.getStoreReadonly();
    if (emails.length > MAIL_KEPT) emails.splice(0, emails.length - MAIL_KEPT);
  }, 1_000);
  trimmer.unref();
  return {
    url,
    async mailbox(sinceSeconds) {
      const emails = sesStore.getStoreReadonly().emails as SentEmail[];
      return sinceSeconds === undefined ? [...emails] : emails.filter((e) => e.at >= sinceSeconds);
    },
    close: () => {
      clearInterval(trimmer);
      sesStore.saveEmail = saveToMemory;
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
