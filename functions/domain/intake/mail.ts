export { htmlToText, newTextOf, writersText } from '#domain/intake/mail-quoting';
export { type MerchantSays, merchantSays } from '#domain/intake/mail-says';
import { digest96 } from '#domain/digest';

export { type AutomaticKind, type Refusal, refusalOf } from '#domain/intake/automatic-mail';

/**
 * The support inbox's rules: which messages are tickets, what of a message is the writer's own
 * text, and how a message names its ticket. The MIME parsing itself is an adapter's; this module
 * reads what it produced.
 */

/** A parsed message, as the parser adapter hands it over. */
export interface ParsedMail {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  /** The sender's address, without the display name. */
  from: string | null;
  subject: string;
  /** The Date header as the parser read it (ISO 8601 when it could). */
  date: string | null;
  /** The text part, when there is one. */
  text: string | null;
  /** The HTML part, when there is one. */
  html: string | null;
  /** Every header, names in lower case, in message order. */
  headers: Array<{ key: string; value: string }>;
  /** The top-level media type, e.g. `multipart/report; report-type=delivery-status`. */
  contentType: string;
  attachments: Array<{ filename: string | null; mimeType: string; bytes: number }>;
}

/** Larger messages are not parsed: they are kept for a person. */
export const MAX_MAIL_BYTES = 10 * 1024 * 1024;

/**
 * The ticketId of a message: stable (the same message delivered twice is one ticket) and within
 * the contract's pattern. From the Message-ID; a message without one is named by what it says.
 */
export function mailTicketId(
  mail: Pick<ParsedMail, 'messageId' | 'from' | 'date' | 'subject' | 'text' | 'html'>,
): string {
  const id = mail.messageId?.trim().replace(/^<|>$/g, '');
  const basis = id
    ? `id:${id}`
    : `content:${mail.from ?? ''}\n${mail.date ?? ''}\n${mail.subject}\n${mail.text ?? mail.html ?? ''}`;
  return `MAIL-${digest96(basis)}`;
}

/** The key of a raw message kept for a person, stable for one stored object. */
export const heldMailId = (location: string) => `HELD-${digest96(location)}`;

const TICKET_TAG = /\[([A-Za-z0-9._:-]{1,64})\]/g;

/** What a message says it answers: `[ticketId]` tags in its subject, and the Message-IDs it replies to. */
export function threadReferences(mail: Pick<ParsedMail, 'subject' | 'inReplyTo' | 'references'>): {
  ticketIds: string[];
  messageIds: string[];
} {
  const ticketIds = [...new Set([...mail.subject.matchAll(TICKET_TAG)].map((m) => m[1] as string))];
  const ids = [mail.inReplyTo, ...mail.references]
    .filter((v): v is string => Boolean(v))
    .map((v) => v.trim().replace(/^<|>$/g, ''));
  return { ticketIds, messageIds: [...new Set(ids)] };
}

/** A message's date as an ISO 8601 instant, when the Date header held one. */
export function mailDate(date: string | null): string | null {
  if (!date) return null;
  const at = Date.parse(date);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}
