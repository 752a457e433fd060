import {
  heldMailId,
  mailDate,
  mailTicketId,
  MAX_MAIL_BYTES,
  merchantSays,
  newTextOf,
  refusalOf,
  threadReferences,
  type ParsedMail,
} from '#domain/intake/mail';
import type { ThreadLink } from '#domain/intake/thread';
import { extractIdentifiers } from '#domain/triage/extract';
import { detectTrigger } from '#domain/triage/trigger';
import { acceptTicket, type AcceptDeps, type AcceptResult } from '#use-cases/accept-ticket';
import type { HeldMail, MailParser, TicketRecord } from '#use-cases/ports';

export interface MailDeps extends AcceptDeps {
  parser: MailParser;
  held: HeldMail;
  /** Addresses our own mail is sent from: mail from them is a loop. */
  ownAddresses: readonly string[];
}

/** A raw message as it arrived: kept at `location` (S3, or a local folder) before it is read. */
export interface IncomingMail {
  location: string;
  bytes: number;
  read(): Promise<Uint8Array>;
  arrivedAt: Date;
}

export type MailResult =
  /** Not read (too large, unparseable, no sender, not a valid ticket): kept and listed for a person. */
  | { kind: 'HELD'; reason: string; heldId: string }
  /** An automatic message or our own mail coming back: never a ticket. */
  | { kind: 'REFUSED'; reason: string }
  /** The merchant wrote that the fix of `confirms` worked: recorded, nothing triaged or sent. */
  | { kind: 'CONFIRMED'; confirms: string; result: AcceptResult }
  | { kind: 'TICKET'; result: AcceptResult; thread: ThreadLink | null };

const MAX_TEXT = 100_000;
const MAX_SUBJECT = 1_000;
/** How many `[ticketId]` tags and referenced Message-IDs are looked up, at most. */
const MAX_LOOKUPS = { tags: 3, messageIds: 10 };

const linkOf = (record: TicketRecord, via: ThreadLink['via']): ThreadLink => ({
  ticketId: record.ticketId,
  via,
  triggered: record.triggered,
  outcome: record.outcome ?? null,
  diagnosis: record.diagnosis ?? null,
  terminalId: record.terminalId ?? null,
  receivedAt: record.receivedAt,
});

/** The earlier ticket a message answers: by a `[ticketId]` in its subject, else by the Message-IDs it replies to. */
async function threadOf(deps: MailDeps, mail: ParsedMail, ownTicketId: string): Promise<ThreadLink | null> {
  const { ticketIds, messageIds } = threadReferences(mail);
  for (const ticketId of ticketIds.filter((id) => id !== ownTicketId).slice(0, MAX_LOOKUPS.tags)) {
    const record = await deps.tickets.get(ticketId);
    if (record) return linkOf(record, 'subject');
  }
  // Our replies' Message-IDs are the mail service's message ID at its domain: <id@email.amazonses.com>.
  for (const messageId of messageIds.slice(-MAX_LOOKUPS.messageIds).reverse()) {
    const ticketId = await deps.tickets.ticketForReply(messageId.split('@')[0] ?? messageId);
    const record = ticketId ? await deps.tickets.get(ticketId) : null;
    if (record) return linkOf(record, 'references');
  }
  return null;
}

/**
 * A message to the support inbox, from raw bytes to a ticket (or a reason it is not one). The
 * raw message is already kept where `location` says; this reads it, refuses automatic mail and
 * loops, keeps the writer's new text, links a reply to the ticket it answers, records a "works
 * now" as that ticket's confirmation, and hands everything else to accept-ticket, the one way
 * in for every entry point.
 */
export async function ingestMail(deps: MailDeps, incoming: IncomingMail): Promise<MailResult> {
  const at = deps.clock.now();
  const hold = async (reason: string, mail?: ParsedMail): Promise<MailResult> => {
    const heldId = heldMailId(incoming.location);
    await deps.held.hold({ heldId, location: incoming.location, reason, bytes: incoming.bytes, from: mail?.from ?? null, subject: mail?.subject ?? null, at });
    return { kind: 'HELD', reason, heldId };
  };

  if (incoming.bytes > MAX_MAIL_BYTES) return hold(`the message is ${incoming.bytes} bytes, over the ${MAX_MAIL_BYTES} bytes read automatically`);
  let mail: ParsedMail;
  try {
    mail = await deps.parser.parse(await incoming.read());
  } catch (error) {
    return hold(`the message cannot be parsed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!mail.from) return hold('the message has no sender address that can be read', mail);
  const refusal = refusalOf(mail, deps.ownAddresses);
  if (refusal) return { kind: 'REFUSED', reason: refusal };

  const ticketId = mailTicketId(mail);
  const subject = mail.subject.slice(0, MAX_SUBJECT);
  const body = newTextOf(mail).slice(0, MAX_TEXT - subject.length);
  const thread = await threadOf(deps, mail, ticketId);
  // A reply that names no terminal is about the thread's terminal.
  const named = extractIdentifiers({ ticketId, receivedAt: '', from: mail.from, subject: '', body });
  const inherited = thread?.terminalId && named.terminalIds.length + named.serialNumbers.length + named.bareTokens.length === 0;
  const ticket = {
    ticketId,
    receivedAt: mailDate(mail.date) ?? at.toISOString(),
    from: mail.from,
    subject,
    body,
    channel: 'email',
    ...(inherited ? { terminalId: thread.terminalId } : {}),
  };
  const note = { messageId: mail.messageId, location: incoming.location, attachments: mail.attachments };

  if (thread && merchantSays(body) === 'FIXED' && !detectTrigger('', body).triggered) {
    await deps.tickets.confirmFixed(thread.ticketId, { at, byTicketId: ticketId });
    const result = await acceptTicket(deps, ticket, { thread, mail: note, confirmsFix: true });
    if (result.kind === 'INVALID') return hold(`the message is not a valid ticket: ${result.error}`, mail);
    return { kind: 'CONFIRMED', confirms: thread.ticketId, result };
  }
  const result = await acceptTicket(deps, ticket, { thread, mail: note });
  if (result.kind === 'INVALID') return hold(`the message is not a valid ticket: ${result.error}`, mail);
  return { kind: 'TICKET', result, thread };
}
