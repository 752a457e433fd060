import {
  type AutomaticKind,
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
import { mailTrigger, ownSubject, type ThreadLink } from '#domain/intake/thread';
import { readReference, referencesIn } from '#domain/replies/reference';
import { extractIdentifiers } from '#domain/triage/extract';
import { detectTrigger } from '#domain/triage/trigger';
import { MAX_TEXT } from '#domain/triage/validate';
import { DAY_MS } from '#domain/time';
import { acceptTicket, type AcceptDeps, type AcceptResult } from '#use-cases/accept-ticket';
import type { HeldMail, MailForwarder, MailParser, TicketRecord } from '#use-cases/ports';

export interface MailDeps extends AcceptDeps {
  parser: MailParser;
  held: HeldMail;
  /** Addresses our own mail is sent from: mail from them is a loop. */
  ownAddresses: readonly string[];
  /** The acquirer's normal support desk, which mail not about code 97 is handed to; null keeps it in the tickets only. */
  forwarding: { to: string; forwarder: MailForwarder } | null;
}

/** A raw message as it arrived: kept at `location` (the mail bucket) before it is read. */
export interface IncomingMail {
  location: string;
  bytes: number;
  read(): Promise<Uint8Array>;
  arrivedAt: Date;
  /** The receiving service's checks: spam and virus scans, and whether the sender's domain vouched for the From address (SPF or DKIM). */
  verdicts: { spam: boolean; virus: boolean; senderAuthenticated: boolean };
}

export type MailResult =
  /** Not read (too large, unparseable, no sender, not a valid ticket): kept and listed for a person. */
  | { kind: 'HELD'; reason: string; heldId: string }
  /** An automatic message, our own mail coming back, or a virus: never a ticket, never answered. */
  | { kind: 'REFUSED'; reason: string; automatic: AutomaticKind | null }
  /** The merchant wrote that the fix of `confirms` worked: recorded, nothing triaged or sent. */
  | { kind: 'CONFIRMED'; confirms: string; result: AcceptResult }
  /** `forwardedTo`: a message not about code 97, handed to the normal support desk. */
  | { kind: 'TICKET'; result: AcceptResult; thread: ThreadLink | null; forwardedTo: string | null };

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

/** Only the ticket's own sender, or whoever our replies (the workflow's, a reviewer's) went to, may continue its thread. */
const mayAnswer = (record: TicketRecord, sender: string) =>
  [record.ticket.from, record.reply?.to, ...(record.opsReplies ?? []).map((r) => r.to)].some(
    (address) => address?.toLowerCase() === sender.toLowerCase(),
  );

/**
 * The earlier ticket a message answers: by a `[ticketId]` in its subject, else by the
 * Message-IDs it replies to; only when the (authenticated) sender is that ticket's own.
 */
async function threadOf(
  deps: MailDeps,
  mail: ParsedMail & { from: string },
  ownTicketId: string,
): Promise<ThreadLink | null> {
  const { ticketIds, messageIds } = threadReferences(mail);
  // Our emails quote the ticket's reference; those sent before references quote its ticketId.
  const byReference = (
    await Promise.all(
      referencesIn(mail.subject)
        .slice(0, MAX_LOOKUPS.tags)
        .map((r) => deps.tickets.ticketsForReference(r)),
    )
  ).flat();
  const named = [...byReference, ...ticketIds.filter((id) => readReference(id) === null)];
  for (const ticketId of named.filter((id) => id !== ownTicketId).slice(0, MAX_LOOKUPS.tags)) {
    const record = await deps.tickets.get(ticketId);
    if (record && mayAnswer(record, mail.from)) return linkOf(record, 'subject');
  }
  // Our replies' Message-IDs are the mail service's message ID at its domain: <id@email.amazonses.com>.
  for (const messageId of messageIds.slice(-MAX_LOOKUPS.messageIds).reverse()) {
    const ticketId = await deps.tickets.ticketForReply(messageId.split('@')[0] ?? messageId);
    const record = ticketId ? await deps.tickets.get(ticketId) : null;
    if (record && mayAnswer(record, mail.from)) return linkOf(record, 'references');
  }
  return null;
}

/** The Date header, unless the sender's clock is plainly wrong (more than a day ahead of arrival, or a year behind). */
function receivedAtOf(date: string | null, arrivedAt: Date): string {
  const written = mailDate(date);
  const at = written ? Date.parse(written) : NaN;
  const arrived = arrivedAt.getTime();
  return written && at <= arrived + DAY_MS && at >= arrived - 365 * DAY_MS ? written : arrivedAt.toISOString();
}

/** The ticket a person's message makes, and what it says of its thread; pure, so a message that breaks it is held. */
function readTicket(mail: ParsedMail & { from: string }, thread: ThreadLink | null, ticketId: string, arrivedAt: Date) {
  const subject = mail.subject.slice(0, MAX_SUBJECT);
  const body = newTextOf(mail).slice(0, MAX_TEXT - subject.length);
  const says = thread ? merchantSays(body) : null;
  // A reply that names no terminal (nor a merchant) is about the thread's terminal.
  const named = extractIdentifiers({
    ticketId,
    receivedAt: '',
    from: mail.from,
    subject: ownSubject(subject, thread),
    body,
  });
  const namesNone = [named.terminalIds, named.serialNumbers, named.bareTokens, named.merchantIds].every(
    (ids) => ids.length === 0,
  );
  const ticket = {
    ticketId,
    receivedAt: receivedAtOf(mail.date, arrivedAt),
    from: mail.from,
    subject,
    body,
    channel: 'email',
    ...(thread?.terminalId && namesNone ? { terminalId: thread.terminalId } : {}),
  };
  // "Works now" confirms the thread's fix, unless the same words report the code again.
  const confirms = thread?.triggered === true && says === 'FIXED' && !detectTrigger('', body).triggered;
  return { ticket, confirms, trigger: mailTrigger({ subject, body, thread, says }) };
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
    await deps.held.hold({
      heldId,
      location: incoming.location,
      reason,
      bytes: incoming.bytes,
      from: mail?.from ?? null,
      subject: mail?.subject ?? null,
      at,
    });
    return { kind: 'HELD', reason, heldId };
  };

  if (incoming.bytes > MAX_MAIL_BYTES)
    return hold(`the message is ${incoming.bytes} bytes, over the ${MAX_MAIL_BYTES} bytes read automatically`);
  let mail: ParsedMail;
  let raw: Uint8Array;
  try {
    raw = await incoming.read();
    mail = await deps.parser.parse(raw);
  } catch (error) {
    return hold(`the message cannot be parsed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const { from } = mail;
  if (!from) return hold('the message has no sender address that can be read', mail);
  if (incoming.verdicts.virus) return { kind: 'REFUSED', reason: 'the receiving scan found a virus', automatic: null };
  if (incoming.verdicts.spam) return hold('the receiving scan judged it spam', mail);
  const refusal = refusalOf(mail, deps.ownAddresses);
  if (refusal) return { kind: 'REFUSED', reason: refusal.reason, automatic: refusal.kind };

  const ticketId = mailTicketId(mail);
  // A sender whose domain did not vouch for the address may be anyone: no thread, so no confirmation.
  const thread = incoming.verdicts.senderAuthenticated ? await threadOf(deps, { ...mail, from }, ticketId) : null;
  let read: ReturnType<typeof readTicket>;
  try {
    read = readTicket({ ...mail, from }, thread, ticketId, incoming.arrivedAt);
  } catch (error) {
    return hold(`the message's text cannot be read: ${error instanceof Error ? error.message : String(error)}`, mail);
  }
  const context = {
    origin: { route: 'mail' } as const,
    thread,
    mail: { messageId: mail.messageId, location: incoming.location, attachments: mail.attachments },
  };

  if (read.confirms && thread) {
    const result = await acceptTicket(deps, read.ticket, { ...context, confirmsFix: true });
    if (result.kind === 'INVALID') return hold(`the message is not a valid ticket: ${result.error}`, mail);
    if (result.kind === 'TAKEN') return hold(takenBy(result.ticketId), mail);
    // After the message is stored (or found stored), so a confirmation always names a stored ticket; a redelivery completes it.
    if (
      result.kind === 'NOT_TRIGGERED' ||
      (result.kind === 'DUPLICATE' && result.existing.confirmsFixOf === thread.ticketId)
    ) {
      await deps.tickets.confirmFixed(thread.ticketId, { at, byTicketId: ticketId });
    }
    return { kind: 'CONFIRMED', confirms: thread.ticketId, result };
  }
  const result = await acceptTicket(deps, read.ticket, { ...context, trigger: read.trigger });
  if (result.kind === 'INVALID') return hold(`the message is not a valid ticket: ${result.error}`, mail);
  if (result.kind === 'TAKEN') return hold(takenBy(result.ticketId), mail);
  const forwardedTo = await forwardNotTriggered(deps, result, { raw, from, subject: read.ticket.subject });
  return { kind: 'TICKET', result, thread, forwardedTo };
}

const takenBy = (ticketId: string) => `its ticketId ${ticketId} was delivered before by another entry point`;

/**
 * Hands a stored message that is not about code 97 to the normal support desk, once: a
 * redelivery of one whose forward never got recorded forwards it then. A forward that fails
 * fails the ingest, so the message is delivered to us again (it is stored either way).
 */
async function forwardNotTriggered(
  deps: MailDeps,
  result: AcceptResult,
  message: { raw: Uint8Array; from: string; subject: string },
): Promise<string | null> {
  if (!deps.forwarding) return null;
  const stored =
    result.kind === 'NOT_TRIGGERED'
      ? result.ticketId
      : result.kind === 'DUPLICATE' &&
          result.existing.outcome === 'NOT_TRIGGERED' &&
          !result.existing.forwarded &&
          !result.existing.confirmsFixOf
        ? result.existing.ticketId
        : null;
  if (!stored) return null;
  const { to, forwarder } = deps.forwarding;
  const { messageId } = await forwarder.forward({ ...message, to, ticketId: stored });
  await deps.tickets.markForwarded(stored, { to, at: deps.clock.now(), messageId });
  return to;
}
