import { type RecordChangeMark, watchedRecordOf } from '#domain/records/watch';
import type { ThreadLink } from '#domain/intake/thread';
import type { Email } from '#domain/replies/compose';
import { referenceOf } from '#domain/replies/reference';
import type { Decision, Diagnosis, Finding, NotFound, Ticket } from '#domain/triage/types';

/** Diagnosis of a ticket whose workflow failed after its retries. */
export const PROCESSING_ERROR = 'PROCESSING_ERROR';
/** Diagnosis of a ticket whose reply was refused, or whose fate at the mail service is unknown. */
export const REPLY_NOT_DELIVERED = 'REPLY_NOT_DELIVERED';

/** Diagnosis of a message to the support inbox that could not be read: a person opens it. */
export const MAIL_NOT_READ = 'MAIL_NOT_READ';

export type EscalationDiagnosis = Diagnosis | typeof PROCESSING_ERROR | typeof REPLY_NOT_DELIVERED;

/** One escalation per ticket, so every path that escalates it lands on the same queue item. */
export const escalationIdFor = (ticketId: string) => `ESC-${ticketId}`;

/** How a send failed: refused by the mail service, never handed to it, or sent with no answer back. */
export type SendFailure = 'REJECTED' | 'UNKNOWN' | 'NOT_SENT';
/** Why a reply did not go out: its send failed, or it was withheld (it would feed a mail loop). */
export type UndeliveredReason = SendFailure | 'WITHHELD';

export interface SuggestedReply {
  /** Whoever wrote the ticket; account data is in it only when that is the registered contact. */
  to: string;
  subject: string;
  text: string;
  language: Email['language'];
}

/** What the workflow knew when it escalated: identifiers, identification and records read. */
export type RecordsSeen = Record<string, unknown>;

/** The queue item a reviewer works from: the ticket, what was read, every finding, a reply to send. */
export interface EscalationPacket {
  escalationId: string;
  status: 'OPEN';
  createdAt: string;
  ticketId: string;
  ticket: Ticket;
  diagnosis: EscalationDiagnosis;
  findings: Array<Finding | NotFound>;
  /** Why, one line per finding or failure, in plain words. */
  reasons: string[];
  merchantId: string | null;
  /** The merchant's name as the records read it, for the queue to list (null when none was read). */
  merchantName: string | null;
  terminalId: string | null;
  recordsRead: RecordsSeen;
  suggestedReply: SuggestedReply | null;
  /** The acknowledgement the sender gets. */
  acknowledgement: { to: string; subject: string } | null;
  /** The step error that stopped the workflow, when one did. */
  processingError?: { Error: string; Cause: string };
  /** The drafted email that was not delivered, for ops to send. */
  undeliveredReply?: { reason: UndeliveredReason; detail: string; email: Email };
  /** The earlier ticket this one answers in a mail thread (the merchant says it still fails). */
  thread?: ThreadLink;
  /** What the queue's search looks in (`searchTextOf`). */
  searchText: string;
  /**
   * The record key a records change finds the item by while it is open (`watchedRecordOf`);
   * removed when it is resolved, so the index holds open items only.
   */
  openRecordKey?: string;
  /** The records changes applied since the decision, oldest first (at most MAX_RECORD_MARKS). */
  recordsChanged?: RecordChangeMark[];
}

interface PacketBase {
  ticket: Ticket;
  thread?: ThreadLink | null | undefined;
  recordsRead: RecordsSeen;
  createdAt: string;
}

/** What a recorded decision keeps: enough to escalate the ticket again later. */
export type DecisionSummary = Pick<Decision, 'findings' | 'reasons' | 'merchantId' | 'terminalId'>;

const NO_DECISION: DecisionSummary = { findings: [], reasons: [], merchantId: null, terminalId: null };
const MAX_REASON = 2_000;

const draftOf = (email: Email | null): SuggestedReply | null =>
  email ? { to: email.to, subject: email.subject, text: email.text, language: email.language } : null;

/** The name of the merchant whose records a run read: the terminal's merchant, else the one sender it knew. */
export function merchantNameIn(recordsRead: RecordsSeen): string | null {
  const { records, identify } = recordsRead as {
    records?: { merchant?: { name?: unknown } | null } | null;
    identify?: {
      identification?: { senderMerchants?: Array<{ name?: unknown }>; merchant?: { name?: unknown } | null };
    };
  };
  const identification = identify?.identification;
  const senders = identification?.senderMerchants ?? [];
  const name =
    records?.merchant?.name ?? identification?.merchant?.name ?? (senders.length === 1 ? senders[0]?.name : undefined);
  return typeof name === 'string' ? name : null;
}

/**
 * How much of a ticket's subject and text the queue's search looks in: the words that tell a
 * ticket apart come first, and the item, rewritten by every claim and note, stays near 1 KB.
 */
export const SEARCHED_SUBJECT = 200;
export const SEARCHED_BODY = 300;

/** Text as the queue's search compares it: compatibility forms folded (full-width Ａ is A), lower case. */
export const searchForm = (text: string) => text.normalize('NFKC').toLowerCase();

/**
 * What the queue's search looks in, kept on the item: the sender, subject, the start of the
 * ticket's text, the ticket's ID and reference, the merchant's name and ID, the terminal.
 */
export function searchTextOf(input: {
  ticket: Pick<Ticket, 'ticketId' | 'from' | 'subject' | 'body'>;
  merchantName?: string | null;
  merchantId?: string | null;
  terminalId?: string | null;
}): string {
  const { ticket } = input;
  return searchForm(
    [
      ticket.from,
      ticket.subject.slice(0, SEARCHED_SUBJECT),
      ticket.ticketId,
      referenceOf(ticket.ticketId),
      input.merchantName,
      input.merchantId,
      input.terminalId,
      ticket.body.slice(0, SEARCHED_BODY),
    ]
      .filter((part): part is string => typeof part === 'string' && part !== '')
      .join('\n'),
  );
}

const openRecordKeyOf = (decision: DecisionSummary, recordsRead: RecordsSeen) => {
  const key = watchedRecordOf(decision, recordsRead);
  return key ? { openRecordKey: key } : {};
};

/** The fields every packet has: the ticket, what was read, and the rules' findings so far. */
function packet(
  input: PacketBase,
  diagnosis: EscalationDiagnosis,
  decision: DecisionSummary,
  extra: Pick<EscalationPacket, 'suggestedReply' | 'acknowledgement'> & Partial<EscalationPacket>,
  firstReason?: string,
): EscalationPacket {
  return {
    escalationId: escalationIdFor(input.ticket.ticketId),
    status: 'OPEN',
    createdAt: input.createdAt,
    ticketId: input.ticket.ticketId,
    ticket: input.ticket,
    diagnosis,
    findings: decision.findings,
    reasons: [...(firstReason ? [firstReason.slice(0, MAX_REASON)] : []), ...decision.reasons],
    merchantId: decision.merchantId,
    merchantName: merchantNameIn(input.recordsRead),
    terminalId: decision.terminalId,
    recordsRead: input.recordsRead,
    ...(input.thread ? { thread: input.thread } : {}),
    ...openRecordKeyOf(decision, input.recordsRead),
    searchText: searchTextOf({
      ticket: input.ticket,
      merchantName: merchantNameIn(input.recordsRead),
      merchantId: decision.merchantId,
      terminalId: decision.terminalId,
    }),
    ...extra,
  };
}

/** The packet of a ticket the rules escalated. */
export function decisionPacket(
  input: PacketBase & { decision: Decision; suggestedReply: SuggestedReply | null; acknowledgement: Email },
): EscalationPacket {
  const { decision, acknowledgement } = input;
  return packet(input, decision.diagnosis, decision, {
    suggestedReply: input.suggestedReply,
    acknowledgement: { to: acknowledgement.to, subject: acknowledgement.subject },
  });
}

/**
 * The packet of a ticket the workflow could not finish: the error, and whatever was known by
 * then (the decision and its drafted reply when the rules had already run).
 */
export function failurePacket(
  input: PacketBase & {
    error: { Error: string; Cause: string };
    decision: Decision | null;
    draft: Email | null;
    acknowledgement: Email | null;
  },
): EscalationPacket {
  const { error, acknowledgement } = input;
  return packet(
    input,
    PROCESSING_ERROR,
    input.decision ?? NO_DECISION,
    {
      suggestedReply: draftOf(input.draft),
      acknowledgement: acknowledgement ? { to: acknowledgement.to, subject: acknowledgement.subject } : null,
      processingError: error,
    },
    `${PROCESSING_ERROR}: ${error.Error}: ${error.Cause}`,
  );
}

const REASON_TEXT: Record<UndeliveredReason, string> = {
  REJECTED: 'the mail service refused the reply',
  NOT_SENT: 'the reply could not be handed to the mail service',
  UNKNOWN:
    'the mail service may or may not have sent the reply (no answer came back); check the recipient before resending',
  WITHHELD: 'the reply was not sent: answering again could feed a mail loop, so a person decides',
};

/** The packet of a decided ticket whose reply did not reach the merchant. */
export function undeliveredPacket(
  input: PacketBase & { decision: DecisionSummary; email: Email; reason: UndeliveredReason; detail: string },
): EscalationPacket {
  const { email, reason, detail } = input;
  return packet(
    input,
    REPLY_NOT_DELIVERED,
    input.decision,
    { suggestedReply: draftOf(email), acknowledgement: null, undeliveredReply: { reason, detail, email } },
    `${REPLY_NOT_DELIVERED}: ${REASON_TEXT[reason]} (${detail})`,
  );
}

/** A message the intake could not read, as the ops queue lists it: OPEN, with where the raw message is kept. */
export interface HeldMessage {
  /** Stable for one stored message, so holding it again changes nothing. */
  heldId: string;
  location: string;
  reason: string;
  bytes: number;
  from: string | null;
  subject: string | null;
  at: Date;
}

export function heldMailItem(held: HeldMessage) {
  const { heldId, location, reason, bytes, from, subject, at } = held;
  return {
    searchText: searchTextOf({ ticket: { ticketId: heldId, from: from ?? '', subject: subject ?? '', body: '' } }),
    escalationId: escalationIdFor(heldId),
    status: 'OPEN' as const,
    createdAt: at.toISOString(),
    diagnosis: MAIL_NOT_READ,
    reasons: [`${MAIL_NOT_READ}: ${reason}`],
    findings: [],
    heldMail: { location, bytes, from, subject },
  };
}
