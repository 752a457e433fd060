import { readReference, referenceOf } from '#domain/replies/reference';
import type { TicketRecord, TicketRepository, TicketSearchKey } from '#use-cases/ports';
import type { QueueResult } from '#use-cases/escalation-queue';

const MAX_PAGE = 100;

/** An email the ticket got, whoever sent it. */
interface EmailSent {
  /** The workflow's reply, a reviewer's, or the message forwarded to the normal support desk. */
  from: 'workflow' | 'ops' | 'forward';
  to: string;
  subject: string;
  /** The body as sent (text part); null for a reviewer's reply kept before bodies were. */
  text: string | null;
  status: string;
  messageId: string | null;
  at: string | null;
  by?: string;
}

/**
 * What was decided for a ticket and why, as ops read it: the ticket, the trigger, the rules'
 * edition, what the run read, every finding with its reason, every email sent (by the workflow
 * and by reviewers), the thread it belongs to and the merchant's confirmation. The lifecycle's
 * own bookkeeping (claims, watch times, delivery IDs) is left out.
 */
export function decisionRecord(record: TicketRecord & { sentAt?: string }) {
  const emails: EmailSent[] = [
    ...(record.reply
      ? [
          {
            from: 'workflow' as const,
            to: record.reply.to,
            subject: record.reply.subject,
            text: record.reply.text,
            status: record.emailStatus ?? 'NOT_SENT_YET',
            messageId: record.emailMessageId ?? null,
            at: record.sentAt ?? null,
          },
        ]
      : []),
    ...(record.opsReplies ?? []).map((r) => ({
      from: 'ops' as const,
      to: r.to,
      subject: r.subject,
      text: r.text ?? null,
      status: 'SENT',
      messageId: r.messageId,
      at: r.at,
      by: r.by,
    })),
    ...(record.forwarded
      ? [
          {
            from: 'forward' as const,
            to: record.forwarded.to,
            subject: record.ticket.subject,
            text: record.ticket.body,
            status: 'FORWARDED',
            messageId: record.forwarded.messageId,
            at: record.forwarded.at,
          },
        ]
      : []),
  ];
  return {
    ticketId: record.ticketId,
    /** What the merchant's emails quote. */
    reference: record.reference ?? referenceOf(record.ticketId),
    ticket: record.ticket,
    status: record.status,
    triggered: record.triggered,
    triggerEvidence: record.triggerEvidence,
    rulesVersion: record.rulesVersion ?? null,
    outcome: record.outcome ?? null,
    diagnosis: record.diagnosis ?? null,
    findings: record.findings ?? [],
    reasons: record.reasons ?? [],
    merchantId: record.merchantId ?? null,
    terminalId: record.terminalId ?? null,
    recordsRead: record.recordsRead ?? null,
    decidedAt: record.decidedAt ?? null,
    escalationId: record.escalationId ?? null,
    emails,
    thread: record.thread ?? null,
    confirmsFixOf: record.confirmsFixOf ?? null,
    confirmedFixed: record.confirmedFixed ?? null,
    rerunOf: record.rerunOf ?? null,
    mail: record.mail ?? null,
  };
}

export type DecisionRecord = ReturnType<typeof decisionRecord>;

export async function getDecisionRecord(
  deps: { tickets: Pick<TicketRepository, 'get'> },
  ticketId: string,
): Promise<QueueResult<DecisionRecord>> {
  const record = await deps.tickets.get(ticketId);
  return record
    ? { ok: true, value: decisionRecord(record) }
    : { ok: false, status: 404, error: `no ticket ${ticketId}` };
}

const SEARCH_KEYS: readonly TicketSearchKey[] = ['terminalId', 'merchantId', 'from'];
/** How long each search value may be: a TID or MID with room to spare, an address as RFC 5321 caps it. */
const SEARCH_MAX: Record<TicketSearchKey, number> = { terminalId: 64, merchantId: 64, from: 254 };
/** Each search value as the index keys it. */
const searchValue: Record<TicketSearchKey, (value: string) => string> = {
  terminalId: (value) => value.toUpperCase(),
  merchantId: (value) => value,
  from: (value) => value.trim().toLowerCase(),
};

/** The ticket a merchant quotes by its reference (read as a person types it), or none. */
async function recordsOfReference(
  deps: { tickets: Pick<TicketRepository, 'ticketsForReference' | 'get'> },
  written: string,
): Promise<QueueResult<{ tickets: DecisionRecord[]; cursor: string | null }>> {
  const reference = readReference(written);
  if (!reference)
    return {
      ok: false,
      status: 400,
      error: 'reference must be ten letters and digits, as 7KQ2M-X9PTR',
      field: 'reference',
    };
  const ids = await deps.tickets.ticketsForReference(reference);
  const records = await Promise.all(ids.map((id) => deps.tickets.get(id)));
  return {
    ok: true,
    value: { tickets: records.filter((r): r is TicketRecord => r !== null).map(decisionRecord), cursor: null },
  };
}

/** The decision records of one terminal, one merchant or one sender, newest first; or the ticket of a reference. */
export async function searchDecisionRecords(
  deps: { tickets: Pick<TicketRepository, 'search' | 'ticketsForReference' | 'get'> },
  query: Partial<Record<TicketSearchKey | 'reference' | 'limit' | 'cursor', string>>,
): Promise<QueueResult<{ tickets: DecisionRecord[]; cursor: string | null }>> {
  const given = SEARCH_KEYS.filter((k) => query[k] !== undefined);
  const [by] = given;
  if (query.reference !== undefined && given.length === 0) return recordsOfReference(deps, query.reference);
  if (given.length !== 1 || !by || query.reference !== undefined)
    return {
      ok: false,
      status: 400,
      error: 'give exactly one of terminalId, merchantId, from or reference',
      field: 'terminalId',
    };
  const value = query[by] ?? '';
  if (value.trim() === '' || value.length > SEARCH_MAX[by])
    return { ok: false, status: 400, error: `${by} must be 1 to ${SEARCH_MAX[by]} characters`, field: by };
  const limit = Number(query.limit ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE)
    return { ok: false, status: 400, error: `limit must be a whole number from 1 to ${MAX_PAGE}`, field: 'limit' };
  try {
    const page = await deps.tickets.search({
      by,
      value: searchValue[by](value),
      limit,
      cursor: query.cursor ?? null,
    });
    return { ok: true, value: { tickets: page.tickets.map(decisionRecord), cursor: page.cursor } };
  } catch (error) {
    if (error instanceof RangeError)
      return { ok: false, status: 400, error: 'cursor is not one this API gave out', field: 'cursor' };
    throw error;
  }
}

/** One message of a ticket's conversation, the merchant's or ours, in the order it happened. */
export interface ThreadEntry {
  at: string | null;
  /** The merchant wrote it (a ticket), or we sent it (the workflow, a reviewer, a forward). */
  from: 'merchant' | EmailSent['from'];
  ticketId: string;
  by: string | null;
  to: string | null;
  subject: string;
  text: string | null;
}

/** How far a conversation is followed: earlier tickets up the chain, and the sender's later ones read for answers. */
const THREAD_DEPTH = 10;
const THREAD_SENDER_READ = 50;

/**
 * A ticket's conversation: the earlier tickets it answers (up its thread links), the sender's
 * later tickets that answer any of them (the sender's latest 50, by the sender index), and every
 * email each one got, oldest first.
 */
export async function ticketThread(
  deps: { tickets: Pick<TicketRepository, 'get' | 'search'> },
  ticketId: string,
): Promise<QueueResult<{ ticketId: string; tickets: string[]; entries: ThreadEntry[] }>> {
  const first = await deps.tickets.get(ticketId);
  if (!first) return { ok: false, status: 404, error: `no ticket ${ticketId}` };
  const chain = new Map<string, TicketRecord>([[first.ticketId, first]]);
  let up = first.thread?.ticketId;
  while (up && chain.size < THREAD_DEPTH && !chain.has(up)) {
    const earlier = await deps.tickets.get(up);
    if (!earlier) break;
    chain.set(earlier.ticketId, earlier);
    up = earlier.thread?.ticketId;
  }
  const { tickets: sent } = await deps.tickets.search({
    by: 'from',
    value: searchValue.from(first.ticket.from),
    limit: THREAD_SENDER_READ,
    cursor: null,
  });
  // Oldest first, so an answer to an answer joins once the one it answers has.
  for (const later of [...sent].sort((a, b) => a.ticket.receivedAt.localeCompare(b.ticket.receivedAt))) {
    const answers = later.thread?.ticketId;
    if (answers && chain.has(answers) && !chain.has(later.ticketId)) chain.set(later.ticketId, later);
  }
  const entries = [...chain.values()].flatMap((record): ThreadEntry[] => [
    {
      at: record.ticket.receivedAt,
      from: 'merchant',
      ticketId: record.ticketId,
      by: record.ticket.from,
      to: null,
      subject: record.ticket.subject,
      text: record.ticket.body,
    },
    ...decisionRecord(record)
      .emails.filter((e) => e.from !== 'forward')
      .map((e) => ({
        at: e.at,
        from: e.from,
        ticketId: record.ticketId,
        by: e.by ?? null,
        to: e.to,
        subject: e.subject,
        text: e.text,
      })),
  ]);
  // By instant (times come with different offsets); an email whose send time is not known yet
  // stays right after its ticket's message (the sort is stable).
  const received = new Map([...chain.values()].map((r) => [r.ticketId, Date.parse(r.ticket.receivedAt)]));
  const instant = (e: ThreadEntry) => (e.at ? Date.parse(e.at) : (received.get(e.ticketId) ?? 0));
  entries.sort((a, b) => instant(a) - instant(b));
  return { ok: true, value: { ticketId, tickets: [...chain.keys()], entries } };
}
