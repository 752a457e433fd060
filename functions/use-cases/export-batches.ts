import { type DiffCounts, type DiffLine, diffExport } from '#use-cases/diff-records';
import { type LoadOutcome, type LoadRun, loadPass } from '#use-cases/load-records';
import type { RecordDiffStore, RecordLoadStore } from '#use-cases/ports';
import type { LoadCounts } from '#domain/records/load';

/** Rows of one batch named in its report (refused, or differing); past this they are counted. */
export const LISTED_PER_BATCH = 200;

/** A part of an export as a Distributed Map hands it over: rows numbered by their place in the file. */
export interface ExportBatch {
  /** `index` is the row's place among the object's rows, from 0. */
  rows: Array<{ index: number; row: unknown }>;
  job: { loadId: string; receivedAt: string; pass: number; mode: 'load' | 'diff' };
}

export type BatchReport =
  | { mode: 'load'; counts: LoadCounts; listed: LoadOutcome[]; unlisted: number }
  | { mode: 'diff'; counts: DiffCounts; listed: DiffLine[]; unlisted: number };

/**
 * One batch of a cloud load or diff: a load writes the batch's rows of its pass, by the rules
 * `records load` keeps; a diff compares every row with the tables. The report counts each
 * outcome and names the first rows refused or differing, by line.
 */
export async function runExportBatch(
  stores: { load: RecordLoadStore; diff: RecordDiffStore },
  batch: ExportBatch,
): Promise<BatchReport> {
  const rows = batch.rows.map(({ index, row }) => ({ line: index + 1, input: row }));
  const listed: Array<LoadOutcome | DiffLine> = [];
  let unlisted = 0;
  const list = (line: LoadOutcome | DiffLine) => {
    if (listed.length < LISTED_PER_BATCH) listed.push(line);
    else unlisted++;
  };
  if (batch.job.mode === 'diff') {
    const counts = await diffExport(stores.diff, rows, list, { extra: false });
    return { mode: 'diff', counts, listed: listed as DiffLine[], unlisted };
  }
  const run: LoadRun = {
    store: stores.load,
    stamp: { loadId: batch.job.loadId, receivedAt: batch.job.receivedAt },
  };
  const { counts } = await loadPass(run, rows, {
    pass: batch.job.pass,
    onLoaded: (_line, outcomes) => {
      for (const o of outcomes) if (o.result === 'REFUSED') list(o);
    },
  });
  return { mode: 'load', counts, listed: listed as LoadOutcome[], unlisted };
}

/** Lines a load's or a diff's report names; past this they are counted. */
export const LISTED_PER_REPORT = 10_000;

export interface ExportReport {
  mode: 'load' | 'diff';
  counts: Record<string, number>;
  /** Rows refused (a load) or differing (a diff), in line order. */
  listed: Array<LoadOutcome | DiffLine>;
  unlisted: number;
  /** Batches that failed after their retries: their rows are in no count. */
  failedBatches: number;
}

/** The report of a whole cloud job from its batches' reports. */
export function reportOf(mode: 'load' | 'diff', batches: BatchReport[], failedBatches: number): ExportReport {
  const counts: Record<string, number> = {};
  const listed: Array<LoadOutcome | DiffLine> = [];
  let unlisted = 0;
  for (const batch of batches) {
    for (const [key, n] of Object.entries(batch.counts)) counts[key] = (counts[key] ?? 0) + n;
    listed.push(...batch.listed);
    unlisted += batch.unlisted;
  }
  listed.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  unlisted += Math.max(0, listed.length - LISTED_PER_REPORT);
  return { mode, counts, listed: listed.slice(0, LISTED_PER_REPORT), unlisted, failedBatches };
}
