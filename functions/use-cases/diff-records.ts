import { type Difference, EXTRA, type RowStanding, standing } from '#domain/records/diff';
import { readLoadRow, rowKeyOf } from '#domain/records/load';
import { CHUNK_ROWS, type SourceRow } from '#use-cases/load-records';
import type { RecordDiffStore } from '#use-cases/ports';

/** One difference between the tables and an export, as `records diff` prints it. */
export interface DiffLine {
  /** The export's line; none for a record the export lacks. */
  line?: number;
  record?: string;
  difference: Difference | 'REFUSED';
  /** The version the tables hold, and the export's. */
  held?: number;
  export?: number;
  /** For DIFFERENT, the fields that differ. */
  fields?: string[];
  error?: string;
}

/**
 * The record keys of an export, for the records it lacks: spread over 64 sets, as one
 * JavaScript Set holds at most 2^24 keys and an export may hold more.
 */
function keySet() {
  const sets = Array.from({ length: 64 }, () => new Set<string>());
  const setOf = (key: string) => {
    let hash = 0;
    for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) | 0;
    return sets[(hash >>> 0) % sets.length] as Set<string>;
  };
  return { add: (key: string) => setOf(key).add(key), has: (key: string) => setOf(key).has(key) };
}

/** Chunks read at once. */
const DIFF_CONCURRENCY = 4;

/** A promise awaited later, whose failure is not unhandled meanwhile. */
const quiet = <T>(promise: Promise<T>): Promise<T> => {
  promise.catch(() => undefined);
  return promise;
};

export type DiffCounts = Record<RowStanding | typeof EXTRA | 'REFUSED', number>;

/**
 * Compares a full export with the tables, writing nothing: each row's record against what is
 * held of it (`standing`), then every record held against the export's keys, for those it
 * lacks (unless `extra` is false: a part of an export cannot tell). Differences are told in
 * line order, then the extra records.
 */
export async function diffExport(
  store: RecordDiffStore,
  rows: AsyncIterable<SourceRow> | Iterable<SourceRow>,
  onDifference: (line: DiffLine) => void,
  options: { extra?: boolean } = {},
): Promise<DiffCounts> {
  const counts: DiffCounts = { SAME: 0, NEWER: 0, MISSING: 0, STALE: 0, DIFFERENT: 0, EXTRA: 0, REFUSED: 0 };
  const exported = keySet();
  const compare = async (chunk: SourceRow[]): Promise<DiffLine[]> => {
    const lines: DiffLine[] = [];
    const reads = chunk.map((row) => {
      if ('unreadable' in row) return { line: row.line, error: row.unreadable };
      const read = readLoadRow(row.input, row.line);
      return read.ok ? { line: row.line, change: read.change } : { line: row.line, error: read.error };
    });
    const changes = reads.flatMap((r) => ('change' in r && r.change ? [r.change] : []));
    const [held, records] = await Promise.all([
      store.held(changes.map(rowKeyOf)),
      changes.length ? store.records(changes) : new Map<string, Record<string, unknown>>(),
    ]);
    for (const read of reads) {
      if (!('change' in read) || !read.change) {
        counts.REFUSED++;
        lines.push({ line: read.line, difference: 'REFUSED', error: read.error });
        continue;
      }
      const key = rowKeyOf(read.change);
      exported.add(key);
      const was = held.get(key);
      const found = standing(read.change, was, records.get(key) ?? null);
      counts[found.standing]++;
      if (found.standing === 'SAME' || found.standing === 'NEWER') continue;
      lines.push({
        line: read.line,
        record: key,
        difference: found.standing,
        ...(was ? { held: was.version } : {}),
        export: read.change.version,
        ...(found.fields ? { fields: found.fields } : {}),
      });
    }
    return lines;
  };
  // A few chunks read side by side; their differences told in line order.
  const pending: Array<Promise<DiffLine[]>> = [];
  const tell = async () => {
    for (const line of await (pending.shift() as Promise<DiffLine[]>)) onDifference(line);
  };
  let chunk: SourceRow[] = [];
  for await (const row of rows) {
    chunk.push(row);
    if (chunk.length < CHUNK_ROWS) continue;
    pending.push(quiet(compare(chunk)));
    chunk = [];
    if (pending.length >= DIFF_CONCURRENCY) await tell();
  }
  if (chunk.length) pending.push(quiet(compare(chunk)));
  while (pending.length) await tell();
  if (options.extra === false) return counts;
  for await (const { recordKey, version } of store.heldRecords()) {
    if (exported.has(recordKey)) continue;
    counts.EXTRA++;
    onDifference({ record: recordKey, difference: EXTRA, held: version });
  }
  return counts;
}
