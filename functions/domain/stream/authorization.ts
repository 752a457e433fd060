import { IDENTIFIER } from '#domain/triage/identifiers';

/** One answer the acquirer's host sent a terminal (contract, "Authorization event"). */
export interface AuthorizationEvent {
  eventId: string;
  /** As the host wrote it, with its offset. */
  at: string;
  /** `at` as epoch milliseconds: what the episode rules compare. */
  atMs: number;
  terminalId: string;
  merchantId: string;
  /** `00` approved, `97` terminal not registered, or any other code. */
  responseCode: string;
}

export const APPROVED = '00';
export const NOT_REGISTERED = '97';

const FIELDS = ['eventId', 'at', 'terminalId', 'merchantId', 'responseCode'] as const;
const EVENT_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const RESPONSE_CODE = /^[0-9A-Z]{2}$/;
/** ISO 8601 with an offset (or Z): the host's local time says which instant only with one. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
/** A field name that may be named in a rejection: short, plain, and no card number. */
const NAMEABLE = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;

/** Whether a run of 13 to 19 digits passes the Luhn check, as every card number does. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Whether a value holds what looks like a card number: a whole run of 13 to 19 digits, or
 * groups of 4 (the last 1 to 4) joined by single spaces or hyphens as cards are printed,
 * passing Luhn. A longer run is no card number; shorter groups joined (a date, an ID with a
 * counter) are not taken for one.
 */
export function looksLikeCardNumber(value: string): boolean {
  const runs = value.match(/\d+/g) ?? [];
  if (runs.some((run) => run.length >= 13 && run.length <= 19 && passesLuhn(run))) return true;
  for (const printed of value.match(/\d{4}(?:[ -]\d{4}){2,3}(?:[ -]\d{1,4})?/g) ?? []) {
    const digits = printed.replace(/[ -]/g, '');
    if (digits.length >= 13 && digits.length <= 19 && passesLuhn(digits)) return true;
  }
  return false;
}

/**
 * A 15-digit merchant number is a card number's length too (American Express: 34 or 37, then
 * 13 digits): only that shape passing Luhn is taken for one, as about a tenth of all merchant
 * numbers pass Luhn by chance.
 */
const cardLikeMerchantId = (mid: string) => /^3[47]/.test(mid) && passesLuhn(mid);

export type EventRead = { ok: true; event: AuthorizationEvent } | { ok: false; eventId: string | null; error: string };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Reads one event as the host streams it: the five fields and nothing else, each of its shape,
 * and no value that looks like a card number. A rejection names what is wrong without repeating
 * any value the event carried (its eventId only when that is of the eventId's shape and no card
 * number), so it can be counted and logged; nothing about the input makes this throw.
 */
export function readAuthorizationEvent(input: unknown): EventRead {
  if (!isObject(input)) return { ok: false, eventId: null, error: 'an event must be a JSON object' };
  const id = input.eventId;
  const safeId = typeof id === 'string' && EVENT_ID.test(id) && !looksLikeCardNumber(id) ? id : null;
  const reject = (error: string): EventRead => ({ ok: false, eventId: safeId, error });

  const extra = Object.keys(input).filter((k) => !(FIELDS as readonly string[]).includes(k));
  if (extra.length) {
    const named = extra.filter((k) => NAMEABLE.test(k));
    const unnamed = extra.length - named.length;
    const list = [...named, ...(unnamed ? [`${unnamed} unnamed`] : [])].join(', ');
    return reject(`an event has the contract's five fields only, not ${list}`);
  }
  for (const field of FIELDS) if (typeof input[field] !== 'string') return reject(`${field} must be a string`);
  const { eventId, at, terminalId, merchantId, responseCode } = input as Record<(typeof FIELDS)[number], string>;
  if (FIELDS.some((f) => f !== 'merchantId' && looksLikeCardNumber(String(input[f]))) || cardLikeMerchantId(merchantId))
    return reject('a value looks like a card number: events carry none');
  if (!EVENT_ID.test(eventId)) return reject('eventId must be 1 to 64 of A-Z a-z 0-9 . _ : -');
  if (!INSTANT.test(at) || !Number.isFinite(Date.parse(at)))
    return reject('at must be an ISO 8601 time with its offset');
  if (!IDENTIFIER.tid.pattern.test(terminalId)) return reject(`terminalId must be ${IDENTIFIER.tid.expect}`);
  if (!IDENTIFIER.mid.pattern.test(merchantId)) return reject(`merchantId must be ${IDENTIFIER.mid.expect}`);
  if (!RESPONSE_CODE.test(responseCode)) return reject('responseCode must be 2 of 0-9 A-Z');
  return { ok: true, event: { eventId, at, atMs: Date.parse(at), terminalId, merchantId, responseCode } };
}
