import { RECORD_ENTITIES } from '#domain/records/changes';
import { fieldsOf } from '#domain/records/validate';
import type { HeldVersion, LoadUpsert } from '#domain/records/load';

/**
 * How the tables stand against one row of an export: `SAME`; `NEWER` (changed since the export
 * was taken, a delete's tombstone included); or a difference to act on: `MISSING` (nothing
 * held, or a tombstone older than the row), `STALE` (an older version held) or `DIFFERENT`
 * (the row's own version held with other content).
 */
export type RowStanding = 'SAME' | 'NEWER' | 'MISSING' | 'STALE' | 'DIFFERENT';
/** A record the tables hold that the export lacks. */
export const EXTRA = 'EXTRA';
export type Difference = Exclude<RowStanding, 'SAME' | 'NEWER'> | typeof EXTRA;

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fields of the records shape that differ between a row and the record held. */
export function fieldsDiffering(row: LoadUpsert, held: Record<string, unknown>): string[] {
  return fieldsOf(RECORD_ENTITIES[row.entity]).filter((f) => !sameValue(row.record[f], held[f]));
}

export function standing(
  row: LoadUpsert,
  held: HeldVersion | undefined,
  record: Record<string, unknown> | null,
): { standing: RowStanding; fields?: string[] } {
  if (held === undefined) return { standing: record ? 'STALE' : 'MISSING' };
  if (held.version > row.version) return { standing: 'NEWER' };
  if (held.deleted) return { standing: held.version === row.version ? 'NEWER' : 'MISSING' };
  if (held.version < row.version) return { standing: 'STALE' };
  if (!record) return { standing: 'MISSING' };
  const fields = fieldsDiffering(row, record);
  return fields.length ? { standing: 'DIFFERENT', fields } : { standing: 'SAME' };
}
