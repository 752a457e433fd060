import { referenceOf } from '#domain/replies/reference';
import type { EscalationPacket } from '#domain/escalation';
import {
  type AuditEntry,
  isIdempotencyKey,
  listedSummary,
  MAX_NOTES,
  QUEUE_STATUSES,
  readBulk,
  readNote,
  readReply,
  readAssign,
  readResolve,
  readSearch,
  rerunTicketId,
  resolutionRefusal,
  slaDueAt,
  type QueueStatus,
} from '#domain/queue';
import { isStoredId } from '#domain/triage/validate';
import { REVIEWER_NAME } from '#domain/reviewers';
import { acceptTicket, type AcceptDeps } from '#use-cases/accept-ticket';
import type { Email } from '#domain/replies/compose';
import {
  DeliveryError,
  type Clock,
  type EscalationPage,
  type EscalationRepository,
  type Mailer,
  type QueueOrder,
  type QueueChange,
  type ReviewerDirectory,
  type TicketRepository,
} from '#use-cases/ports';

export const MAX_PAGE = 100;
const MAX_FILTER = 64;

/**
 * Why a queue change was refused, for a client to say in its reviewer's language (`error` says
 * it in English): the item is another reviewer's, resolved already, or not claimed.
 */
export type RefusalCode = 'CLAIMED_BY_OTHER' | 'ALREADY_RESOLVED' | 'NOT_CLAIMED';

export type QueueResult<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      status: 400 | 403 | 404 | 409 | 502;
      error: string;
      field?: string;
      code?: RefusalCode;
      claimedBy?: string;
    };

const invalid = (field: string, error: string): QueueResult<never> => ({ ok: false, status: 400, error, field });

export interface QueueDeps {
  escalations: EscalationRepository;
  clock: Clock;
}

const ORDERS: Record<string, QueueOrder> = { oldest: 'OLDEST_FIRST', newest: 'NEWEST_FIRST' };

/**
 * The ops queue a page at a time, by status and optionally by diagnosis, merchant, terminal or
 * the words of a search (`q`: sender, subject, text, IDs, reference):
 * a summary per item, an OPEN one with the time its SLA runs out (`dueAt`). Items still to work
 * on come oldest first, resolved ones newest first, unless `order` says `oldest` or `newest`.
 */
export async function listEscalations(
  deps: Pick<QueueDeps, 'escalations'> & { slaMs: number },
  query: Partial<
    Record<'status' | 'diagnosis' | 'merchantId' | 'terminalId' | 'q' | 'order' | 'limit' | 'cursor', string>
  >,
): Promise<QueueResult<EscalationPage & { status: QueueStatus; order: QueueOrder }>> {
  const status = query.status ?? 'OPEN';
  const limit = Number(query.limit ?? 50);
  if (!(QUEUE_STATUSES as readonly string[]).includes(status))
    return invalid('status', `status must be one of ${QUEUE_STATUSES.join(', ')}`);
  const order =
    query.order === undefined ? (status === 'RESOLVED' ? 'NEWEST_FIRST' : 'OLDEST_FIRST') : ORDERS[query.order];
  if (!order) return invalid('order', 'order must be oldest or newest');
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE)
    return invalid('limit', `limit must be a whole number from 1 to ${MAX_PAGE}`);
  for (const field of ['diagnosis', 'merchantId', 'terminalId'] as const) {
    const value = query[field];
    if (value !== undefined && (value === '' || value.length > MAX_FILTER))
      return invalid(field, `${field} must be 1 to ${MAX_FILTER} characters`);
  }
  let search: string[][] = [];
  if (query.q !== undefined && query.q.trim() !== '') {
    const read = readSearch(query.q);
    if (!read.ok) return invalid('q', read.error);
    search = read.words;
  }
  try {
    const page = await deps.escalations.list({
      status: status as QueueStatus,
      diagnosis: query.diagnosis ?? null,
      merchantId: query.merchantId ?? null,
      terminalId: query.terminalId ?? null,
      search,
      order,
      limit,
      cursor: query.cursor ?? null,
    });
    const listed = page.escalations.map((item) => ({
      ...listedSummary(item),
      ...(item.status === 'OPEN' ? { dueAt: slaDueAt(item, deps.slaMs) } : {}),
    }));
    return { ok: true, value: { status: status as QueueStatus, order, ...page, escalations: listed } };
  } catch (error) {
    if (error instanceof RangeError) return invalid('cursor', 'cursor is not one this API gave out');
    throw error;
  }
}

export async function getEscalation(
  deps: Pick<QueueDeps, 'escalations'>,
  escalationId: string,
): Promise<QueueResult<Record<string, unknown>>> {
  const item = await deps.escalations.get(escalationId);
  return item ? { ok: true, value: item } : { ok: false, status: 404, error: `no escalation ${escalationId}` };
}

/** Why a change was refused, in the reviewer's terms, from the item as it is now. */
function refusal(change: Exclude<QueueChange, { kind: 'DONE' }>, escalationId: string, by: string): QueueResult<never> {
  if (change.kind === 'NOT_FOUND') return { ok: false, status: 404, error: `no escalation ${escalationId}` };
  const { status, claimedBy } = change.item as { status?: string; claimedBy?: string | null };
  if (status === 'CLAIMED' && claimedBy !== by)
    return {
      ok: false,
      status: 409,
      error: `escalation ${escalationId} is claimed by ${claimedBy}`,
      code: 'CLAIMED_BY_OTHER',
      claimedBy: String(claimedBy),
    };
  if (status === 'RESOLVED')
    return {
      ok: false,
      status: 409,
      error: `escalation ${escalationId} is already resolved`,
      code: 'ALREADY_RESOLVED',
    };
  return {
    ok: false,
    status: 409,
    error: `escalation ${escalationId} is ${String(status).toLowerCase()}; claim it first`,
    code: 'NOT_CLAIMED',
  };
}

/** A reviewer's internal note on an item, whatever its state: in the audit trail, never sent. */
export async function addNote(
  deps: QueueDeps,
  input: { escalationId: string; by: string; body: unknown },
): Promise<QueueResult<Record<string, unknown>>> {
  const read = readNote(input.body);
  if (!read.ok) return invalid(read.field, read.error);
  const { escalationId, by } = input;
  const item = await deps.escalations.get(escalationId);
  if (!item) return { ok: false, status: 404, error: `no escalation ${escalationId}` };
  const notes = ((item.audit as AuditEntry[] | undefined) ?? []).filter((e) => e.action === 'NOTE').length;
  if (notes >= MAX_NOTES)
    return { ok: false, status: 409, error: `this item holds ${MAX_NOTES} notes, the most one item can hold` };
  await deps.escalations.appendAudit(escalationId, {
    at: deps.clock.now().toISOString(),
    by,
    action: 'NOTE',
    detail: read.text,
  });
  return getEscalation(deps, escalationId);
}

/** How many items of a bulk request change at once. */
const BULK_CONCURRENCY = 5;

export interface BulkOutcome {
  escalationId: string;
  ok: boolean;
  /** The item's status after the change, when it was made. */
  status?: string;
  error?: string;
  code?: string;
  claimedBy?: string;
}

/**
 * One action on several items: each item is changed exactly as the single action changes it
 * (its own conditional write and audit entry), and each answers for itself, so a refusal of one
 * (someone else's claim, a resolution it does not allow) leaves the others to go on.
 */
export async function bulkChange(
  deps: QueueDeps,
  input: { by: string; body: unknown },
): Promise<QueueResult<{ action: string; done: number; refused: number; results: BulkOutcome[] }>> {
  const read = readBulk(input.body, isStoredId);
  if (!read.ok) return invalid(read.field, read.error);
  const { by } = input;
  const one = (escalationId: string) =>
    read.action === 'claim'
      ? claimEscalation(deps, { escalationId, by })
      : read.action === 'release'
        ? releaseEscalation(deps, { escalationId, by })
        : resolveEscalation(deps, { escalationId, by, body: read.resolve });
  const results: BulkOutcome[] = new Array(read.escalationIds.length);
  let next = 0;
  const worker = async () => {
    while (next < read.escalationIds.length) {
      const index = next++;
      const escalationId = read.escalationIds[index] ?? '';
      const result = await one(escalationId);
      results[index] = result.ok
        ? { escalationId, ok: true, status: String(result.value.status) }
        : {
            escalationId,
            ok: false,
            error: result.error,
            ...(result.code ? { code: result.code } : {}),
            ...(result.claimedBy ? { claimedBy: result.claimedBy } : {}),
          };
    }
  };
  await Promise.all(Array.from({ length: BULK_CONCURRENCY }, worker));
  const done = results.filter((r) => r.ok).length;
  return { ok: true, value: { action: read.action, done, refused: results.length - done, results } };
}

const outcome = (change: QueueChange, escalationId: string, by: string): QueueResult<Record<string, unknown>> =>
  change.kind === 'DONE' ? { ok: true, value: change.item } : refusal(change, escalationId, by);

/** Takes an open escalation for one reviewer; of two reviewers claiming at once, exactly one gets it. */
export async function claimEscalation(
  deps: QueueDeps,
  input: { escalationId: string; by: string },
): Promise<QueueResult<Record<string, unknown>>> {
  return outcome(await deps.escalations.claim({ ...input, at: deps.clock.now() }), input.escalationId, input.by);
}

/**
 * Hands an item to a named reviewer, who then holds it as if they had claimed it: an open item,
 * or one the assigning reviewer holds; an admin may also take one from whoever holds it. The
 * reviewer must have an enabled account in the directory, and the item goes to the name the
 * directory gives them (never an alias their token would not carry).
 */
export async function assignEscalation(
  deps: QueueDeps & { reviewers: Pick<ReviewerDirectory, 'get'> },
  input: { escalationId: string; by: string; admin: boolean; body: unknown },
): Promise<QueueResult<Record<string, unknown>>> {
  const read = readAssign(input.body, (name) => REVIEWER_NAME.test(name));
  if (!read.ok) return invalid(read.field, read.error);
  const account = await deps.reviewers.get(read.to);
  if (!account?.enabled) return invalid('to', `${read.to} is not a reviewer with an enabled account`);
  const { escalationId, by, admin } = input;
  return outcome(
    await deps.escalations.assign({ escalationId, by, to: account.name, at: deps.clock.now(), override: admin }),
    escalationId,
    by,
  );
}

/** Gives a claimed escalation back to the queue; only its reviewer can. */
export async function releaseEscalation(
  deps: QueueDeps,
  input: { escalationId: string; by: string },
): Promise<QueueResult<Record<string, unknown>>> {
  return outcome(await deps.escalations.release({ ...input, at: deps.clock.now() }), input.escalationId, input.by);
}

/**
 * Resolves a claimed escalation (replied, fixed in records, rejected, duplicate) with a note;
 * only its reviewer can, and only as `resolutionRefusal` allows.
 */
export async function resolveEscalation(
  deps: QueueDeps,
  input: { escalationId: string; by: string; body: unknown },
): Promise<QueueResult<Record<string, unknown>>> {
  const read = readResolve(input.body);
  if (!read.ok) return invalid(read.field, read.error);
  const { escalationId, by } = input;
  const item = await deps.escalations.get(escalationId);
  if (!item) return { ok: false, status: 404, error: `no escalation ${escalationId}` };
  if (item.status !== 'CLAIMED' || item.claimedBy !== by) return refusal({ kind: 'CONFLICT', item }, escalationId, by);
  const refused = resolutionRefusal(item, by, read.resolution, read.note);
  if (refused) return invalid(refused.field, refused.error);
  return outcome(
    await deps.escalations.resolve({
      escalationId,
      by,
      // The claim the rules were judged on: released and claimed again meanwhile, the write is refused.
      claimedAt: String(item.claimedAt),
      resolution: read.resolution,
      note: read.note,
      at: deps.clock.now(),
    }),
    escalationId,
    by,
  );
}

export interface ReplyDeps extends QueueDeps {
  mailer: Mailer;
  tickets: Pick<TicketRepository, 'recordOpsReply'>;
}

const UNSENT: Record<DeliveryError['certainty'], string> = {
  NOT_SENT: 'the mail service could not be reached; nothing was sent, send it again',
  REJECTED: 'the mail service refused the email',
  UNKNOWN: 'the mail service did not answer; the email may have gone out, check before sending again',
};

/**
 * The reviewer's edited reply, sent through the same mailer as every other email: to the
 * address the suggested reply names (the registered contact when it carries account data),
 * then kept in the ticket's decision record and the item's audit trail. Only the reviewer
 * holding the claim may send.
 */
export async function replyFromQueue(
  deps: ReplyDeps,
  input: { escalationId: string; by: string; body: unknown; idempotencyKey?: string | null },
): Promise<QueueResult<{ messageId: string; to: string; subject: string; repeated: boolean }>> {
  const { escalationId, by } = input;
  const key = input.idempotencyKey ?? null;
  if (key !== null && !isIdempotencyKey(key))
    return invalid('Idempotency-Key', 'Idempotency-Key must be 8 to 128 of A-Z a-z 0-9 . _ : -');
  const item = await deps.escalations.get(escalationId);
  if (!item) return { ok: false, status: 404, error: `no escalation ${escalationId}` };
  // A repeat of a key answers what its first request sent, whatever the item's state now.
  const first = key === null ? undefined : sentWith(item, key, by);
  if (first) return { ok: true, value: { ...first, repeated: true } };
  const packet = item as Partial<Omit<EscalationPacket, 'status'>> & { status?: string; claimedBy?: string | null };
  if (packet.status !== 'CLAIMED' || packet.claimedBy !== by)
    return refusal({ kind: 'CONFLICT', item }, escalationId, by);
  if (!packet.ticket) return { ok: false, status: 409, error: `escalation ${escalationId} has no ticket to reply to` };
  const { ticket, suggestedReply } = packet;
  const reference = referenceOf(ticket.ticketId);
  const read = readReply(input.body, reference, suggestedReply?.subject ?? `[${reference}]`);
  if (!read.ok) return invalid(read.field, read.error);
  const email: Email = {
    // An undelivered reply's own address first: it may carry account data for the registered contact only.
    to: packet.undeliveredReply?.email.to ?? suggestedReply?.to ?? packet.acknowledgement?.to ?? ticket.from,
    subject: read.subject,
    text: read.text,
    language: suggestedReply?.language ?? 'zh',
    kind: 'FROM_OPS',
  };
  if (key !== null) {
    const reserved = await deps.escalations.reserveReplyKey({ escalationId, by, key });
    if (reserved.kind === 'NOT_FOUND') return { ok: false, status: 404, error: `no escalation ${escalationId}` };
    if (reserved.kind === 'CONFLICT') {
      const sent = sentWith(reserved.item, key, by);
      if (sent) return { ok: true, value: { ...sent, repeated: true } };
      if (((reserved.item.replyKeys as string[] | undefined) ?? []).includes(key))
        return {
          ok: false,
          status: 409,
          error: 'a reply with this Idempotency-Key is being sent, or could not be; nothing was sent again',
        };
      return refusal(reserved, escalationId, by);
    }
  }
  let messageId: string;
  try {
    ({ messageId } = await deps.mailer.send(email, { ticketId: ticket.ticketId }));
  } catch (error) {
    if (!(error instanceof DeliveryError)) throw error;
    // Surely not sent: the key is given back, so the same request may be sent again.
    if (key !== null && error.certainty !== 'UNKNOWN')
      await deps.escalations.releaseReplyKey({ escalationId, key }).catch(() => undefined);
    return { ok: false, status: 502, error: `${UNSENT[error.certainty]} (${error.message})` };
  }
  const at = deps.clock.now();
  // The audit entry first: it is what a repeat of the key is answered from.
  await deps.escalations.appendAudit(escalationId, {
    at: at.toISOString(),
    by,
    action: 'REPLIED',
    detail: `${email.subject} (to ${email.to}, message ${messageId})`,
    ...(key === null ? {} : { replyKey: key }),
    sent: { messageId, to: email.to, subject: email.subject },
  });
  await deps.tickets.recordOpsReply(ticket.ticketId, {
    at,
    by,
    messageId,
    to: email.to,
    subject: email.subject,
    text: email.text,
  });
  return { ok: true, value: { messageId, to: email.to, subject: email.subject, repeated: false } };
}

/** What the reply with this Idempotency-Key sent, from the item's audit trail. */
function sentWith(item: Record<string, unknown>, key: string, by: string) {
  return ((item.audit as AuditEntry[] | undefined) ?? []).find(
    (e) => e.action === 'REPLIED' && e.replyKey === key && e.by === by,
  )?.sent;
}

/**
 * Triage again after the records were fixed: the ticket's text goes in once more, through
 * accept-ticket like any delivery, as `<ticketId>.R<n>` (received when the original was, so
 * the same windows apply), and gets its own decision, reply and, if it escalates again, its own
 * queue item. The item re-run stays with its reviewer, who resolves it on the new outcome.
 */
export async function rerunFromQueue(
  deps: QueueDeps & AcceptDeps,
  input: { escalationId: string; by: string },
): Promise<QueueResult<{ ticketId: string; outcome: string; executionArn: string | null }>> {
  const { escalationId, by } = input;
  const item = await deps.escalations.get(escalationId);
  if (!item) return { ok: false, status: 404, error: `no escalation ${escalationId}` };
  const packet = item as Rerunnable;
  if (packet.status !== 'CLAIMED' || packet.claimedBy !== by)
    return refusal({ kind: 'CONFLICT', item }, escalationId, by);
  return startRerun(deps, { escalationId, by, packet });
}

/** The actor a re-run started by a records change is audited as. */
export const RECORDS_FEED_ACTOR = 'records-feed';

/**
 * Triage again because the records behind an open item changed: as a reviewer's re-run, by the
 * records feed, whoever holds the item (it stays with them, or open). Once per item: if the
 * re-run escalates again, its own item waits on the records from then on.
 */
export async function rerunOnRecordChange(
  deps: QueueDeps & AcceptDeps,
  escalationId: string,
): Promise<QueueResult<RerunStarted>> {
  const item = await deps.escalations.get(escalationId);
  if (!item) return { ok: false, status: 404, error: `no escalation ${escalationId}` };
  const packet = item as Rerunnable;
  if (packet.status !== 'OPEN' && packet.status !== 'CLAIMED')
    return { ok: false, status: 409, error: `escalation ${escalationId} is ${packet.status}` };
  // Once: the re-run's own item, if it escalates again, is what later changes re-run.
  const audit = (packet.audit ?? []) as Array<{ action: string; by?: string }>;
  if (audit.some((e) => e.action === 'RERUN' && e.by === RECORDS_FEED_ACTOR))
    return { ok: false, status: 409, error: `escalation ${escalationId} was re-run by the records feed already` };
  return startRerun(deps, { escalationId, by: RECORDS_FEED_ACTOR, packet });
}

type Rerunnable = Partial<Omit<EscalationPacket, 'status'>> & {
  status?: string;
  claimedBy?: string | null;
  audit?: Array<{ action: string }>;
};
type RerunStarted = { ticketId: string; outcome: string; executionArn: string | null };

/** The item's ticket accepted again as `<ticketId>.R<n>`, the re-run audited on the item. */
async function startRerun(
  deps: QueueDeps & AcceptDeps,
  input: { escalationId: string; by: string; packet: Rerunnable },
): Promise<QueueResult<RerunStarted>> {
  const { escalationId, by, packet } = input;
  if (!packet.ticket) return { ok: false, status: 409, error: `escalation ${escalationId} has no ticket to re-run` };
  const run = (packet.audit ?? []).filter((e) => e.action === 'RERUN').length + 1;
  const ticketId = rerunTicketId(packet.ticket.ticketId, run);
  const result = await acceptTicket(
    deps,
    { ...packet.ticket, ticketId },
    {
      origin: { route: 'rerun' },
      rerunOf: { ticketId: packet.ticket.ticketId, by },
      trigger: { triggered: true, evidence: `a re-run of ticket ${packet.ticket.ticketId} by ${by}` },
    },
  );
  if (result.kind === 'UNAVAILABLE')
    return { ok: false, status: 502, error: `the re-run could not be stored; try again (${result.error})` };
  if (result.kind === 'INVALID')
    return { ok: false, status: 409, error: `the ticket cannot be re-run: ${result.error}` };
  if (result.kind === 'TAKEN')
    return { ok: false, status: 409, error: `the re-run's ticketId ${ticketId} was delivered by a helpdesk` };
  if (result.kind !== 'DUPLICATE') {
    await deps.escalations.appendAudit(escalationId, {
      at: deps.clock.now().toISOString(),
      by,
      action: 'RERUN',
      detail: ticketId,
    });
  }
  return {
    ok: true,
    value: {
      ticketId,
      outcome:
        result.kind === 'DUPLICATE'
          ? (result.existing.outcome ?? result.existing.status)
          : result.kind === 'ACCEPTED'
            ? 'PROCESSING'
            : result.kind,
      executionArn: result.kind === 'ACCEPTED' ? result.executionArn : null,
    },
  };
}
