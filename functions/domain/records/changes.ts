import { fieldsOf, recordProblems } from '#domain/records/validate';
import { IDENTIFIER } from '#domain/triage/identifiers';
import type { Records } from '#domain/triage/types';

/** The entities a change names, and the section of the records each belongs to. */
export const RECORD_ENTITIES = {
  merchant: 'merchants',
  terminal: 'terminals',
  model: 'models',
  invoice: 'invoices',
} as const satisfies Record<string, keyof Records>;
export type RecordEntity = keyof typeof RECORD_ENTITIES;

/** The fields that name one record of each entity: what a delete's `key` holds. */
export const KEY_FIELDS: Record<RecordEntity, readonly string[]> = {
  merchant: ['merchantId'],
  terminal: ['terminalId'],
  model: ['brand', 'model'],
  invoice: ['invoiceId'],
};

export type ChangeResult = 'APPLIED' | 'STALE' | 'REFUSED';

interface ChangeHead {
  changeId: string;
  entity: RecordEntity;
  /** Increasing per entity at the source: a sequence number or an update time. */
  version: number;
  key: Record<string, string>;
}
export type RecordChange =
  | (ChangeHead & { op: 'upsert'; record: Record<string, unknown> })
  | (ChangeHead & { op: 'delete' });

/**
 * What became of one change, as the feed, the CLI and a replay report it; `FAILED` when the
 * tables could not be written (nothing was, and the change is to be delivered again).
 */
export interface ChangeOutcome {
  changeId: string | null;
  result: ChangeResult | 'FAILED';
  error?: string;
}

const FIELDS = ['changeId', 'entity', 'op', 'version', 'record', 'key'];
export const MAX_CHANGE_ID = 128;
const KEY_SHAPE: Record<string, { pattern: RegExp; expect: string }> = {
  merchantId: IDENTIFIER.mid,
  terminalId: IDENTIFIER.tid,
};

type Read = { ok: true; change: RecordChange } | { ok: false; changeId: string | null; error: string };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The change's ID when it has a usable one, for a refusal to name. */
const idOf = (input: unknown): string | null =>
  isObject(input) && typeof input.changeId === 'string' && isChangeId(input.changeId) ? input.changeId : null;

/** 1 to MAX_CHANGE_ID characters, none of them a control character. */
const isChangeId = (id: string) =>
  id.length >= 1 &&
  id.length <= MAX_CHANGE_ID &&
  ![...id].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

function readKey(
  entity: RecordEntity,
  key: unknown,
): { ok: true; key: Record<string, string> } | { ok: false; error: string } {
  const fields = KEY_FIELDS[entity];
  if (!isObject(key)) return { ok: false, error: `key must be an object with ${fields.join(' and ')}` };
  const extra = Object.keys(key).filter((k) => !fields.includes(k));
  if (extra.length)
    return { ok: false, error: `key of a ${entity} has only ${fields.join(' and ')}, not ${extra.join(', ')}` };
  for (const field of fields) {
    const value = key[field];
    const shape = KEY_SHAPE[field];
    if (typeof value !== 'string' || value === '' || (shape && !shape.pattern.test(value)))
      return { ok: false, error: `key.${field} must be ${shape?.expect ?? 'a string'}` };
  }
  return { ok: true, key: Object.fromEntries(fields.map((f) => [f, String(key[f])])) };
}

/**
 * Reads one change as the acquirer's systems publish it (contract, "Records change"): an upsert
 * carries the whole record and nothing beyond the records shape, a delete the record's key.
 * A refusal names what is wrong; nothing about the input makes this throw.
 */
export function readChange(input: unknown): Read {
  const refuse = (error: string): Read => ({ ok: false, changeId: idOf(input), error });
  if (!isObject(input)) return refuse('a change must be a JSON object');
  const unknown = Object.keys(input).filter((k) => !FIELDS.includes(k));
  if (unknown.length) return refuse(`unknown field ${unknown.join(', ')}`);
  const { changeId, entity, op, version, record, key } = input;
  if (typeof changeId !== 'string' || !isChangeId(changeId))
    return refuse(`changeId must be 1 to ${MAX_CHANGE_ID} characters with no control characters`);
  if (typeof entity !== 'string' || !(entity in RECORD_ENTITIES))
    return refuse(`entity must be one of ${Object.keys(RECORD_ENTITIES).join(', ')}`);
  const kind = entity as RecordEntity;
  if (!Number.isSafeInteger(version) || (version as number) < 1) return refuse('version must be a positive integer');
  const head = { changeId, entity: kind, version: version as number };
  if (op === 'upsert') {
    if (key !== undefined) return refuse('an upsert carries record, not key');
    if (!isObject(record)) return refuse('an upsert needs record, the whole record');
    const section = RECORD_ENTITIES[kind];
    const extra = Object.keys(record).filter((f) => !fieldsOf(section).includes(f));
    if (extra.length) return refuse(`record of a ${kind} has no field ${extra.join(', ')}`);
    const problems = recordProblems(section, record, 'record');
    if (problems.length) return refuse(problems.join('; '));
    const named = Object.fromEntries(KEY_FIELDS[kind].map((f) => [f, String(record[f])]));
    return { ok: true, change: { ...head, op, record: { ...record }, key: named } };
  }
  if (op === 'delete') {
    if (record !== undefined) return refuse('a delete carries key, not record');
    const read = readKey(kind, key);
    if (!read.ok) return refuse(read.error);
    return { ok: true, change: { ...head, op, key: read.key } };
  }
  return refuse('op must be upsert or delete');
}

/** One string per record, whatever its entity: where its version and tombstone are kept. */
export const recordKeyOf = (entity: RecordEntity, key: Record<string, string>): string =>
  [entity, ...KEY_FIELDS[entity].map((f) => encodeURIComponent(key[f] ?? ''))].join('#');

/** The merchant an upsert's record names, which must exist for the change to apply. */
export const merchantNamedBy = (change: RecordChange): string | null =>
  change.op === 'upsert' && (change.entity === 'terminal' || change.entity === 'invoice')
    ? String(change.record.merchantId)
    : null;

/** A change applies only over a version below its own: an equal or newer one, a tombstone's included, wins. */
export const supersedes = (version: number, stored: { version: number } | null): boolean =>
  stored === null || version > stored.version;
