import { IDENTIFIER, isMid, isTid } from '#domain/triage/identifiers';
import type { Channel, Ticket } from '#domain/triage/types';

export type ValidationResult = { ok: true; ticket: Ticket } | { ok: false; error: string; field: string | null };

const TICKET_ID = /^[A-Za-z0-9._:-]{1,64}$/;
/** Every id the system makes: a ticketId, or one with a short prefix (`ESC-`, `HELD-`). */
const STORED_ID = /^[A-Za-z0-9._:-]{1,96}$/;
export const isStoredId = (id: string) => STORED_ID.test(id);
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;
/**
 * An address as RFC 5321 writes it, or RFC 6531 (international: `老板@早餐店.example`,
 * `jdöe@mächine.example`): any local part without spaces or specials, and a domain of letters
 * of any script, digits and inner hyphens, at least two labels.
 */
const DOMAIN_LABEL = String.raw`[\p{L}\p{N}\p{M}](?:[\p{L}\p{N}\p{M}-]*[\p{L}\p{N}\p{M}])?`;
const EMAIL = new RegExp(String.raw`^[^\s@<>(),;:"]+@${DOMAIN_LABEL}(?:\.${DOMAIN_LABEL})+$`, 'u');
const CHANNELS: readonly Channel[] = ['email', 'web', 'chat'];
/** The most characters a ticket's subject and body may hold together (contract). */
export const MAX_TEXT = 100_000;
/**
 * The most a ticket's JSON can take: 100,000 characters of text at up to 6 bytes each when
 * escaped, plus the other fields. A larger request cannot hold a valid ticket.
 */
export const MAX_TICKET_BYTES = 1024 * 1024;

const REQUIRED = ['ticketId', 'receivedAt', 'from', 'subject', 'body'] as const;
const OPTIONAL = ['channel', 'merchantId', 'terminalId'] as const;
const KNOWN = new Set<string>([...REQUIRED, ...OPTIONAL]);

const reject = (field: string | null, error: string): ValidationResult => ({ ok: false, field, error });

/** A real calendar instant: the pattern alone accepts 2026-02-30. */
function isRealTimestamp(value: string): boolean {
  if (!ISO_WITH_OFFSET.test(value) || Number.isNaN(Date.parse(value))) return false;
  const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

const CHECKS: Record<string, (v: unknown) => string | null> = {
  ticketId: (v) =>
    typeof v === 'string' && TICKET_ID.test(v) ? null : 'ticketId must be 1 to 64 of A-Z a-z 0-9 . _ : -',
  receivedAt: (v) =>
    typeof v === 'string' && isRealTimestamp(v) ? null : 'receivedAt must be an ISO 8601 timestamp with an offset',
  from: (v) => (typeof v === 'string' && EMAIL.test(v.trim()) ? null : 'from is not an email address'),
  subject: (v) => (typeof v === 'string' ? null : 'subject must be a string'),
  body: (v) => (typeof v === 'string' ? null : 'body must be a string'),
  channel: (v) => (CHANNELS.includes(v as Channel) ? null : `channel must be one of ${CHANNELS.join(', ')}`),
  merchantId: (v) => (typeof v === 'string' && isMid(v) ? null : `merchantId must be ${IDENTIFIER.mid.expect}`),
  terminalId: (v) => (typeof v === 'string' && isTid(v) ? null : `terminalId must be ${IDENTIFIER.tid.expect}`),
};

/** Checks a delivered ticket against the contract; the error names the first bad field. */
export function validateTicket(input: unknown): ValidationResult {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return reject(null, 'a ticket must be a JSON object');
  }
  const doc = input as Record<string, unknown>;
  const unknown = Object.keys(doc).find((k) => !KNOWN.has(k));
  if (unknown !== undefined) return reject(unknown, `unknown field ${unknown}`);
  for (const field of REQUIRED) {
    if (doc[field] === undefined || doc[field] === null) return reject(field, `${field} is required`);
  }
  for (const field of [...REQUIRED, ...OPTIONAL]) {
    if (doc[field] === undefined) continue;
    const problem = CHECKS[field]?.(doc[field]);
    if (problem) return reject(field, problem);
  }
  const subject = doc.subject as string;
  const body = doc.body as string;
  if (subject.length + body.length > MAX_TEXT) {
    return reject('body', `subject and body together exceed ${MAX_TEXT} characters`);
  }
  const ticket: Ticket = {
    ticketId: doc.ticketId as string,
    receivedAt: doc.receivedAt as string,
    from: (doc.from as string).trim(),
    subject,
    body,
  };
  for (const field of OPTIONAL) {
    if (doc[field] !== undefined) Object.assign(ticket, { [field]: doc[field] });
  }
  return { ok: true, ticket };
}

export function parseTicketLine(line: string): ValidationResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    return reject(null, `not JSON: ${(error as Error).message}`);
  }
  return validateTicket(parsed);
}
