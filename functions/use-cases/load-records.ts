import { merchantNamedBy } from '#domain/records/changes';
import {
  type HeldVersion,
  type LoadCounts,
  type LoadResult,
  type LoadUpsert,
  noCounts,
  passOf,
  readLoadRow,
  rowKeyOf,
  rowSupersedes,
} from '#domain/records/load';
import { limiter } from '#use-cases/limiter';
import type { RecordLoadStore, RecordStamp } from '#use-cases/ports';

/** One line of an export as read: the JSON it holds, or why it holds none. */
export type SourceRow = { line: number; input: unknown } | { line: number; unreadable: string };

export interface LoadOutcome {
  line: number;
  result: LoadResult;
  error?: string;
}

/** Rows read and written together: the versions of 100 records are one BatchGetItem. */
export const CHUNK_ROWS = 100;
/** Chunks in flight at once. */
export const LOAD_CONCURRENCY = 4;
/** Merchants the load remembers to exist before it asks the table again. */
const KNOWN_MERCHANTS = 1_000_000;

export interface LoadRun {
  store: RecordLoadStore;
  /** The load's id and when it began: every record it writes carries both. */
  stamp: RecordStamp & { loadId: string };
  /** Merchants known to exist, kept from one pass (or batch) to the next. */
  merchants?: Set<string>;
}

type Read = { line: number; change: LoadUpsert };

/**
 * Loads one chunk: the newest row of each record in it is written over what the tables hold
 * when it supersedes that (the others are older); a terminal or an invoice whose merchant the
 * tables do not hold is refused, as the feed refuses it.
 */
export async function loadChunk(run: LoadRun, rows: Read[]): Promise<LoadOutcome[]> {
  const outcomes: LoadOutcome[] = [];
  const newest = new Map<string, Read>();
  for (const row of rows) {
    const key = rowKeyOf(row.change);
    const before = newest.get(key);
    if (before && before.change.version >= row.change.version) {
      outcomes.push({ line: row.line, result: 'OLDER' });
      continue;
    }
    if (before) outcomes.push({ line: before.line, result: 'OLDER' });
    newest.set(key, row);
  }
  const held = await run.store.held([...newest.keys()]);
  const superseding = [...newest.entries()].filter(([key, row]) => {
    const keep = rowSupersedes(row.change.version, held.get(key), { loadId: run.stamp.loadId, line: row.line });
    if (!keep) outcomes.push({ line: row.line, result: 'OLDER' });
    return keep;
  });

  const known = (run.merchants ??= new Set());
  const named = [...new Set(superseding.map(([, row]) => merchantNamedBy(row.change)))].filter(
    (m): m is string => m !== null && !known.has(m),
  );
  const found = named.length ? await run.store.merchantsHeld(named) : new Set<string>();
  if (known.size + found.size > KNOWN_MERCHANTS) known.clear();
  for (const m of found) known.add(m);

  const writes: Array<{ line: number; change: LoadUpsert; held?: HeldVersion }> = [];
  for (const [key, row] of superseding) {
    const merchant = merchantNamedBy(row.change);
    if (merchant && !known.has(merchant)) {
      outcomes.push({
        line: row.line,
        result: 'REFUSED',
        error: `merchant ${merchant} does not exist (a ${row.change.entity} names it)`,
      });
      continue;
    }
    const was = held.get(key);
    writes.push({ line: row.line, change: row.change, ...(was ? { held: was } : {}) });
  }
  if (writes.length) await run.store.write(writes, run.stamp);
  for (const w of writes) {
    outcomes.push({ line: w.line, result: 'WRITTEN' });
    if (w.change.entity === 'merchant') known.add(String(w.change.key.merchantId));
  }
  return outcomes.sort((a, b) => a.line - b.line);
}

export interface LoadPassOptions {
  pass: number;
  /** Rows up to this line were loaded before (a resumed load). */
  after?: number;
  chunkRows?: number;
  concurrency?: number;
  /** Each chunk's outcomes, in line order, once every row before it is loaded too: `line` is then loaded through. */
  onLoaded?(line: number, outcomes: LoadOutcome[]): void;
  /** Asked before each chunk is started: true to start no more (the chunks started are finished). */
  stopping?(): boolean;
}

/**
 * Loads one pass of an export (`LOAD_PASSES`): the rows of its entities, in chunks written
 * side by side, a chunk waiting for the earlier ones that hold a row of the same record. Returns
 * whether the pass ran to its end (or stopped when asked).
 */
export async function loadPass(
  run: LoadRun,
  rows: AsyncIterable<SourceRow> | Iterable<SourceRow>,
  options: LoadPassOptions,
): Promise<{ complete: boolean; counts: LoadCounts }> {
  const counts = noCounts();
  const chunkRows = options.chunkRows ?? CHUNK_ROWS;
  const slot = limiter(options.concurrency ?? LOAD_CONCURRENCY);
  const inFlight = new Set<Promise<unknown>>();
  const lastWriter = new Map<string, Promise<unknown>>();
  // Finished chunks wait here until every chunk before them has finished too.
  const order: Array<{ last: number; outcomes?: LoadOutcome[] }> = [];
  let failure: unknown = null;

  const settle = () => {
    while (order[0]?.outcomes && failure === null) {
      const { last, outcomes } = order.shift() as { last: number; outcomes: LoadOutcome[] };
      for (const o of outcomes) counts[o.result]++;
      try {
        options.onLoaded?.(last, outcomes);
      } catch (error) {
        failure = error;
      }
    }
  };

  const start = async (chunk: SourceRow[]) => {
    const entry: { last: number; outcomes?: LoadOutcome[] } = { last: chunk.at(-1)?.line ?? 0 };
    order.push(entry);
    const refused: LoadOutcome[] = [];
    const reads: Read[] = [];
    for (const row of chunk) {
      if ('unreadable' in row) {
        refused.push({ line: row.line, result: 'REFUSED', error: row.unreadable });
        continue;
      }
      const read = readLoadRow(row.input, row.line);
      if (read.ok) reads.push({ line: row.line, change: read.change });
      else refused.push({ line: row.line, result: 'REFUSED', error: read.error });
    }
    const keys = [...new Set(reads.map((r) => rowKeyOf(r.change)))];
    const before = keys.map((k) => lastWriter.get(k)).filter((p) => p !== undefined);
    const task = (async () => {
      await Promise.all(before);
      const loaded = reads.length ? await slot(() => loadChunk(run, reads)) : [];
      entry.outcomes = [...refused, ...loaded].sort((a, b) => a.line - b.line);
    })();
    const settled = task.catch((error: unknown) => {
      failure ??= error;
    });
    for (const k of keys) lastWriter.set(k, settled);
    inFlight.add(settled);
    await settled;
    inFlight.delete(settled);
    for (const k of keys) if (lastWriter.get(k) === settled) lastWriter.delete(k);
    if (failure === null) settle();
  };

  let chunk: SourceRow[] = [];
  let complete = true;
  for await (const row of rows) {
    if (failure !== null) break;
    if (row.line <= (options.after ?? 0)) continue;
    if (passOf('input' in row ? row.input : null) !== options.pass) continue;
    chunk.push(row);
    if (chunk.length < chunkRows) continue;
    if (options.stopping?.()) {
      complete = false;
      chunk = [];
      break;
    }
    void start(chunk);
    chunk = [];
    // The reader runs ahead of the writers by a few chunks at most.
    while (inFlight.size >= (options.concurrency ?? LOAD_CONCURRENCY) * 2) await Promise.race(inFlight);
  }
  if (chunk.length && failure === null) {
    if (options.stopping?.()) complete = false;
    else void start(chunk);
  }
  while (inFlight.size) await Promise.race(inFlight);
  if (failure !== null) throw failure;
  return { complete, counts };
}
