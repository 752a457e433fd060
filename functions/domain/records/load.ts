import { type RecordChange, type RecordEntity, readChange, recordKeyOf } from '#domain/records/changes';

/**
 * A full export loads in two passes over the file: the records nothing names first, then the
 * terminals and invoices that name a merchant, so a row may come before its merchant's.
 */
export const LOAD_PASSES: ReadonlyArray<readonly RecordEntity[]> = [
  ['merchant', 'model'],
  ['terminal', 'invoice'],
];

/** The pass a row belongs to by the entity it says it is; a row naming no entity is read (and refused) in the first. */
export function passOf(input: unknown): number {
  const entity = input !== null && typeof input === 'object' ? (input as Record<string, unknown>).entity : undefined;
  const pass = LOAD_PASSES.findIndex((entities) => entities.includes(entity as RecordEntity));
  return pass < 0 ? 0 : pass;
}

export type LoadUpsert = RecordChange & { op: 'upsert' };
export type LoadRead = { ok: true; change: LoadUpsert } | { ok: false; error: string };

const ROW_FIELDS = ['entity', 'version', 'record'];

/**
 * One row of a full export (contract, "Records change", without changeId and op): the
 * entity, its version at the source and the whole record. It is read by the feed's own rules,
 * as an upsert named after its line.
 */
export function readLoadRow(input: unknown, line: number): LoadRead {
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    return { ok: false, error: 'a row must be a JSON object' };
  const extra = Object.keys(input).filter((k) => !ROW_FIELDS.includes(k));
  if (extra.length) return { ok: false, error: `a row has only entity, version and record, not ${extra.join(', ')}` };
  const read = readChange({ ...input, changeId: `line-${line}`, op: 'upsert' });
  if (!read.ok) return { ok: false, error: read.error };
  return { ok: true, change: read.change as LoadUpsert };
}

/** What the tables hold of one record before a load writes it. */
export interface HeldVersion {
  version: number;
  deleted: boolean;
  loadId?: string;
  /** The line of the load's file that wrote it. */
  loadLine?: number;
  merchantId?: string;
}

/**
 * Whether a row is written over what the tables hold: over nothing, or a lower version (a
 * tombstone's included); over its own version only when this row of this load wrote it, so a
 * load resumed after it stopped writes the same rows again rather than calling them older.
 */
export const rowSupersedes = (
  version: number,
  held: HeldVersion | undefined,
  row: { loadId: string; line: number },
): boolean =>
  held === undefined ||
  version > held.version ||
  (version === held.version && !held.deleted && held.loadId === row.loadId && held.loadLine === row.line);

/** The key of a row's record across every entity, as the versions table keeps it. */
export const rowKeyOf = (change: LoadUpsert): string => recordKeyOf(change.entity, change.key);

export type LoadResult = 'WRITTEN' | 'OLDER' | 'REFUSED';

export interface LoadCounts {
  WRITTEN: number;
  OLDER: number;
  REFUSED: number;
}

export const noCounts = (): LoadCounts => ({ WRITTEN: 0, OLDER: 0, REFUSED: 0 });
