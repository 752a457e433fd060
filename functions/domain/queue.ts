import { searchForm } from '#domain/escalation';
import { readReference } from '#domain/replies/reference';
/**
 * The human queue's rules: an escalation is OPEN until one reviewer claims it, CLAIMED until
 * that reviewer releases or resolves it, and RESOLVED for good. Every change is an entry of its
 * audit trail; nothing is deleted.
 */
export const QUEUE_STATUSES = ['OPEN', 'CLAIMED', 'RESOLVED'] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

export const RESOLUTIONS = ['REPLIED', 'FIXED_IN_RECORDS', 'REJECTED', 'DUPLICATE'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export type AuditAction = 'CLAIMED' | 'RELEASED' | 'RESOLVED' | 'REPLIED' | 'RERUN' | 'OVERDUE' | 'NOTE' | 'ASSIGNED';

/** How long an escalation may wait unclaimed before it is overdue and alerted (again every as long). */
export const DEFAULT_SLA_HOURS = 4;

/** When an item's SLA runs out: its creation plus the SLA (null when it has no creation time). */
export function slaDueAt(item: { createdAt?: unknown }, slaMs: number): string | null {
  const created = typeof item.createdAt === 'string' ? Date.parse(item.createdAt) : Number.NaN;
  return Number.isNaN(created) ? null : new Date(created + slaMs).toISOString();
}

/** An OPEN item past its SLA that has not been alerted within the last SLA period. */
export function dueForAlert(
  item: { status?: unknown; createdAt?: unknown; lastAlertedAt?: unknown },
  now: Date,
  slaMs: number,
): boolean {
  if (item.status !== 'OPEN' || typeof item.createdAt !== 'string') return false;
  const stale = now.getTime() - slaMs;
  if (Date.parse(item.createdAt) > stale) return false;
  return typeof item.lastAlertedAt !== 'string' || Date.parse(item.lastAlertedAt) <= stale;
}

export interface AuditEntry {
  at: string;
  by: string;
  action: AuditAction;
  /** The resolution and note, the reply's subject, and the like. */
  detail?: string;
  /** A reply's Idempotency-Key and what it sent: a repeat of the key is answered with this. */
  replyKey?: string;
  sent?: { messageId: string; to: string; subject: string };
}

/** An Idempotency-Key as a client sends it (a UUID, a ULID and the like). */
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;
export const isIdempotencyKey = (key: string) => IDEMPOTENCY_KEY.test(key);

export const MAX_NOTE = 2_000;
/** Notes one item holds: at MAX_NOTE characters each they stay well inside DynamoDB's 400 KB item. */
export const MAX_NOTES = 40;

export type ResolveInput =
  | { ok: true; resolution: Resolution; note: string }
  | { ok: false; field: string; error: string };

/** A reviewer's resolve request: one of the resolutions, and a note of at most 2,000 characters. */
export function readResolve(body: unknown): ResolveInput {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return { ok: false, field: 'body', error: 'the body must be a JSON object' };
  const { resolution, note = '' } = body as Record<string, unknown>;
  if (typeof resolution !== 'string' || !(RESOLUTIONS as readonly string[]).includes(resolution)) {
    return { ok: false, field: 'resolution', error: `resolution must be one of ${RESOLUTIONS.join(', ')}` };
  }
  if (typeof note !== 'string' || note.length > MAX_NOTE)
    return { ok: false, field: 'note', error: `note must be a string of at most ${MAX_NOTE} characters` };
  return { ok: true, resolution: resolution as Resolution, note };
}

/**
 * What a resolution needs besides its name, from the item's audit trail: `REPLIED` a reply this
 * reviewer sent since claiming it; every resolution a note saying what was done, except
 * `FIXED_IN_RECORDS` after this claim's re-run (the re-run's own decision says it).
 */
export function resolutionRefusal(
  item: { claimedAt?: unknown; audit?: unknown },
  by: string,
  resolution: Resolution,
  note: string,
): { field: 'resolution' | 'note'; error: string } | null {
  const since = typeof item.claimedAt === 'string' ? item.claimedAt : '';
  const audit = Array.isArray(item.audit) ? (item.audit as AuditEntry[]) : [];
  const inThisClaim = (action: AuditAction) => audit.some((e) => e.action === action && e.by === by && e.at >= since);
  if (resolution === 'REPLIED' && !inThisClaim('REPLIED'))
    return {
      field: 'resolution',
      error: 'REPLIED needs a reply sent from this item since you claimed it: send one, or choose another resolution',
    };
  if (note.trim() === '' && !(resolution === 'FIXED_IN_RECORDS' && inThisClaim('RERUN')))
    return {
      field: 'note',
      error: 'say what was done in a note (only FIXED_IN_RECORDS after a re-run needs none)',
    };
  return null;
}

/** A request to assign an item: `to`, a reviewer's name as `isName` reads one. */
export function readAssign(
  body: unknown,
  isName: (name: string) => boolean,
): { ok: true; to: string } | { ok: false; field: string; error: string } {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return { ok: false, field: 'body', error: 'the body must be a JSON object' };
  const { to } = body as Record<string, unknown>;
  if (typeof to !== 'string' || !isName(to))
    return { ok: false, field: 'to', error: "to must be a reviewer's name (1 to 64 of letters, digits, . _ @ + -)" };
  return { ok: true, to };
}

export const MAX_SEARCH = 200;
const MAX_SEARCH_WORDS = 8;

/**
 * A queue search as a reviewer types it: words (quotes keep a phrase together) that an item's
 * search text must each contain, folded as `searchForm` folds it. Each word is a list of the
 * forms that match it: the word as typed and, when it could be a reference written loosely
 * (`7kq2m x9ptr`, o for 0), that reference too, so `hello world` still finds the words.
 */
export function readSearch(q: string): { ok: true; words: string[][] } | { ok: false; error: string } {
  if (q.length > MAX_SEARCH) return { ok: false, error: `q must be at most ${MAX_SEARCH} characters` };
  const formsOf = (word: string) => {
    const reference = readReference(word);
    return [...new Set([searchForm(word), ...(reference ? [searchForm(reference)] : [])])];
  };
  const whole = q.trim();
  if (readReference(whole) && /\s/.test(whole)) return { ok: true, words: [formsOf(whole)] };
  const words = [...new Set([...searchForm(q).matchAll(/"([^"]*)"|(\S+)/g)].map((m) => (m[1] ?? m[2] ?? '').trim()))]
    .filter((word) => word !== '')
    .map(formsOf);
  if (words.length === 0) return { ok: false, error: 'q must have a word to search for' };
  if (words.length > MAX_SEARCH_WORDS) return { ok: false, error: `q may have at most ${MAX_SEARCH_WORDS} words` };
  return { ok: true, words };
}

/** A reviewer's internal note: never sent to anyone, kept in the item's audit trail. */
export function readNote(body: unknown): { ok: true; text: string } | { ok: false; field: string; error: string } {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return { ok: false, field: 'body', error: 'the body must be a JSON object' };
  const { text } = body as Record<string, unknown>;
  if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_NOTE)
    return { ok: false, field: 'text', error: `text must be 1 to ${MAX_NOTE} characters` };
  return { ok: true, text };
}

export const BULK_ACTIONS = ['claim', 'release', 'resolve'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
/** The most items one bulk request changes: two pages of the console's queue. */
export const MAX_BULK = 50;

export type BulkInput =
  | { ok: true; action: BulkAction; escalationIds: string[]; resolve: unknown }
  | { ok: false; field: string; error: string };

/**
 * A bulk request: one action for 1 to `MAX_BULK` distinct items, and for `resolve` the same
 * resolution and note for each (read per item, as a single resolve reads them).
 */
export function readBulk(body: unknown, isId: (id: string) => boolean): BulkInput {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return { ok: false, field: 'body', error: 'the body must be a JSON object' };
  const { action, escalationIds, resolution, note } = body as Record<string, unknown>;
  if (typeof action !== 'string' || !(BULK_ACTIONS as readonly string[]).includes(action))
    return { ok: false, field: 'action', error: `action must be one of ${BULK_ACTIONS.join(', ')}` };
  if (
    !Array.isArray(escalationIds) ||
    escalationIds.length === 0 ||
    escalationIds.length > MAX_BULK ||
    !escalationIds.every((id): id is string => typeof id === 'string' && isId(id))
  )
    return {
      ok: false,
      field: 'escalationIds',
      error: `escalationIds must be 1 to ${MAX_BULK} escalation IDs`,
    };
  if (new Set(escalationIds).size !== escalationIds.length)
    return { ok: false, field: 'escalationIds', error: 'escalationIds must not name an item twice' };
  if (action === 'resolve') {
    const read = readResolve({ resolution, note });
    if (!read.ok) return read;
  }
  return { ok: true, action: action as BulkAction, escalationIds, resolve: { resolution, note } };
}

/**
 * The ticket a re-run makes: the original's text under `<ticketId>.R<n>`, within the contract's
 * 64 characters, so the re-run is a ticket of its own with its own decision, reply and queue item.
 */
export function rerunTicketId(ticketId: string, run: number): string {
  const suffix = `.R${run}`;
  return `${ticketId.slice(0, 64 - suffix.length)}${suffix}`;
}

export const MAX_REPLY_TEXT = 20_000;
const MAX_SUBJECT = 200;

export type ReplyInput = { ok: true; subject: string; text: string } | { ok: false; field: string; error: string };

/**
 * A reviewer's reply: the text they edited (required) and optionally the subject, which always
 * keeps the ticket's `[ticketId]` so the merchant's answer finds its thread.
 */
export function readReply(body: unknown, reference: string, suggestedSubject: string): ReplyInput {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return { ok: false, field: 'body', error: 'the body must be a JSON object' };
  const { subject = suggestedSubject, text } = body as Record<string, unknown>;
  if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_REPLY_TEXT) {
    return { ok: false, field: 'text', error: `text must be 1 to ${MAX_REPLY_TEXT} characters` };
  }
  if (typeof subject !== 'string' || subject.trim() === '' || subject.length > MAX_SUBJECT) {
    return { ok: false, field: 'subject', error: `subject must be 1 to ${MAX_SUBJECT} characters` };
  }
  const tag = `[${reference}]`;
  return { ok: true, subject: subject.includes(tag) ? subject : `${tag} ${subject}`, text };
}

/** A subject as the queue lists it: ticket text is hostile and may run to 100,000 characters. */
export const LISTED_SUBJECT_MAX = 200;

export function listedSummary(item: Record<string, unknown>): Record<string, unknown> {
  const ticket = item.ticket as { subject?: unknown } | undefined;
  if (typeof ticket?.subject !== 'string' || ticket.subject.length <= LISTED_SUBJECT_MAX) return item;
  return { ...item, ticket: { ...ticket, subject: `${ticket.subject.slice(0, LISTED_SUBJECT_MAX)}…` } };
}
