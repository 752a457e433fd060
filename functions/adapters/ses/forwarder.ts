import { randomBytes } from 'node:crypto';
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { deliveryErrorOf, sesAddress } from '#adapters/ses/mailer';
import type { MailForwarder } from '#use-cases/ports';

/** RFC 2047 encoded words of at most this many bytes of text each, folded one to a line. */
const WORD_BYTES = 45;

/** A header value as RFC 2047 encoded words (UTF-8, base64), cut on character boundaries. */
export function encodedWords(text: string): string {
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    if (Buffer.byteLength(chunk + char) > WORD_BYTES) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk || words.length === 0) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join('\r\n ');
}

const base64Lines = (bytes: Uint8Array) =>
  (
    Buffer.from(bytes)
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join('\r\n');

/** The sender's address as a Reply-To SES can take, or null when it cannot (a local part that is not ASCII). */
function replyToOf(address: string): string | null {
  try {
    return sesAddress(address);
  } catch {
    return null;
  }
}

/**
 * The forward as MIME: a short note (what this is, the ticket, the sender) and the message as
 * it arrived, attached whole (`original.eml`), so the desk sees every header and part. It says
 * it is automatic (`Auto-Submitted: auto-forwarded`, RFC 3834) and answers go to the merchant.
 */
export function forwardMessage(input: Parameters<MailForwarder['forward']>[0] & { sender: string }): string {
  const boundary = `code97-${randomBytes(12).toString('hex')}`;
  const replyTo = replyToOf(input.from);
  const note = [
    `This message to the support inbox is not about POS response code 97, so code-97 triage did not answer it.`,
    `It is attached as it arrived. Ticket ${input.ticketId}, from ${input.from}.`,
    replyTo ? 'Replying to this email writes to the merchant.' : `Write to the merchant at ${input.from}.`,
    '',
    `这封邮件与 POS 97 无关，code-97 triage 未自动回复，原邮件附后。工单 ${input.ticketId}，发件人 ${input.from}。`,
  ].join('\r\n');
  return [
    `From: ${input.sender}`,
    `To: ${sesAddress(input.to)}`,
    ...(replyTo ? [`Reply-To: ${replyTo}`] : []),
    `Subject: ${encodedWords(`Fwd: ${input.subject}`)}`,
    'Auto-Submitted: auto-forwarded',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(Buffer.from(note)),
    `--${boundary}`,
    'Content-Type: application/octet-stream; name="original.eml"',
    'Content-Disposition: attachment; filename="original.eml"',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(input.raw),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

/** SES (raw content) behind the MailForwarder port, from the sender address the stack verified. */
export function sesForwarder(senderAddress: string, client: SESv2Client): MailForwarder {
  return {
    async forward(input) {
      const raw = forwardMessage({ ...input, sender: senderAddress });
      try {
        const { MessageId } = await client.send(
          new SendEmailCommand({
            FromEmailAddress: senderAddress,
            Destination: { ToAddresses: [sesAddress(input.to)] },
            Content: { Raw: { Data: Buffer.from(raw) } },
            EmailTags: [{ Name: 'kind', Value: 'FORWARD' }],
          }),
        );
        return { messageId: MessageId ?? '' };
      } catch (error) {
        throw deliveryErrorOf(error);
      }
    },
  };
}
