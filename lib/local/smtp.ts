import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { MailSummary } from '#handlers/mail/ingest';
import type { LocalInbox } from './mail-inbox.ts';

/** What SES accepts for a message received with an S3 action. */
export const SMTP_MAX_BYTES = 40 * 1024 * 1024;

/** The 250 line names what the intake made of the message (`REFUSED AUTO_REPLY`, `ACCEPTED MAIL-…`), for whoever sent it here. */
const acceptedLine = (summary: MailSummary) =>
  ['Ok:', summary.kind, summary.refusedAs, summary.ticketId].filter(Boolean).join(' ');

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

/**
 * The support inbox on 127.0.0.1, for any mail client, swaks or Python's smtplib: each message
 * is accepted (250) once it is kept and handed to the ingest function, as SES would (SES's 250
 * says nothing more; this one names the outcome). A message
 * the intake holds or refuses is still accepted mail; 451 asks the client to try again when it
 * could not be handed over.
 */
export async function startSmtp(inbox: LocalInbox, port = 0): Promise<{ port: number; close: () => Promise<void> }> {
  const server = new SMTPServer({
    name: 'code97-triage.local',
    banner: 'code-97 triage support inbox (local)',
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: SMTP_MAX_BYTES,
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(smtpError(552, `message exceeds ${SMTP_MAX_BYTES} bytes`));
        inbox.receive(Buffer.concat(chunks)).then(
          (summary) => callback(null, acceptedLine(summary)),
          (error: Error) =>
            callback(smtpError(451, `the message could not be handed over, try again later (${error.message})`)),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return { port: address.port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
