import { randomBytes, createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dynamoRecordLoad } from '#adapters/dynamodb/record-load';
import type { DynamoDb } from '#adapters/dynamodb/db';
import { LOAD_PASSES, type LoadCounts, noCounts } from '#domain/records/load';
import { type LoadOutcome, loadPass } from '#use-cases/load-records';
import { exportFingerprint, exportRows } from '#lib/records/export-file';
import { progressReporter } from '#lib/records/progress';

/** Refused rows a checkpoint keeps with their reasons; past this they are counted only. */
export const MAX_REFUSED_KEPT = 10_000;

/** Where a load stands: enough to resume it where it stopped, with what it counted so far. */
export interface LoadCheckpoint {
  file: string;
  fingerprint: string;
  loadId: string;
  receivedAt: string;
  /** Every row of the passes before `pass`, and of `pass` through `line`, is loaded. */
  pass: number;
  line: number;
  counts: LoadCounts;
  refused: LoadOutcome[];
}

export interface LoadCommand {
  file: string;
  db: DynamoDb;
  /** The folder checkpoints are kept in. */
  checkpoints: string;
  /** Start over even when a checkpoint of this file is kept. */
  restart?: boolean;
  now?: () => Date;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal: a progress bar redrawn in place, or a line every few seconds. */
  tty?: boolean;
  /** Set to true to stop after the chunks in flight (Ctrl-C). */
  stop: { requested: boolean };
}

export const checkpointPath = (dir: string, file: string) =>
  path.join(dir, `${createHash('sha256').update(path.resolve(file)).digest('hex').slice(0, 16)}.json`);

/** The checkpoint kept for the file: none, or one that cannot be read (said, and started over). */
function readCheckpoint(where: string, stderr: (text: string) => void): LoadCheckpoint | null {
  let text: string;
  try {
    text = readFileSync(where, 'utf8');
  } catch {
    return null;
  }
  try {
    return JSON.parse(text) as LoadCheckpoint;
  } catch {
    stderr(`records: the checkpoint ${where} cannot be read; the load starts over\n`);
    return null;
  }
}

/** Written whole or not at all: a kill while it is written leaves the one before. */
function writeCheckpoint(where: string, checkpoint: LoadCheckpoint) {
  mkdirSync(path.dirname(where), { recursive: true });
  writeFileSync(`${where}.tmp`, JSON.stringify(checkpoint));
  renameSync(`${where}.tmp`, where);
}

/**
 * `records load FILE`: loads a full export through the load's rules, two passes over the file,
 * saving where it stands after each stretch of rows so a load stopped (Ctrl-C, a kill, a lost
 * connection) goes on from there when run again. Prints each refused row on stdout at the
 * end, in line order, and the counts on stderr; returns the exit code.
 */
export async function runLoad(command: LoadCommand): Promise<number> {
  const { file, stderr } = command;
  const now = command.now ?? (() => new Date());
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    stderr(`records: cannot read ${file}: ${(error as Error).message}\n`);
    return 2;
  }
  const fingerprint = exportFingerprint(file);
  const where = checkpointPath(command.checkpoints, file);
  const kept = command.restart ? null : readCheckpoint(where, stderr);
  if (kept && kept.fingerprint !== fingerprint) {
    stderr(
      `records: ${file} changed since load ${kept.loadId} stopped at line ${kept.line}; run with --restart to load it from the start\n`,
    );
    return 2;
  }
  const started = now();
  const checkpoint: LoadCheckpoint = kept ?? {
    file: path.resolve(file),
    fingerprint,
    loadId: `load-${started.toISOString()}-${randomBytes(3).toString('hex')}`,
    receivedAt: started.toISOString(),
    pass: 0,
    line: 0,
    counts: noCounts(),
    refused: [],
  };
  if (kept)
    stderr(
      `records: resuming ${kept.loadId} at pass ${kept.pass + 1} of ${LOAD_PASSES.length}, after line ${kept.line} ` +
        `(${kept.counts.WRITTEN} written, ${kept.counts.OLDER} older, ${kept.counts.REFUSED} refused so far)\n`,
    );
  else stderr(`records: load ${checkpoint.loadId} of ${file}\n`);

  const run = {
    store: dynamoRecordLoad(command.db),
    stamp: { loadId: checkpoint.loadId, receivedAt: checkpoint.receivedAt },
  };
  const rowsBefore = checkpoint.counts.WRITTEN + checkpoint.counts.OLDER + checkpoint.counts.REFUSED;
  const progress = progressReporter({
    total: size * LOAD_PASSES.length,
    before: rowsBefore,
    tty: command.tty ?? false,
    write: stderr,
  });
  let savedAt = 0;
  const save = (force = false) => {
    if (!force && Date.now() - savedAt < 500) return;
    savedAt = Date.now();
    writeCheckpoint(where, checkpoint);
  };

  try {
    for (let pass = checkpoint.pass; pass < LOAD_PASSES.length; pass++) {
      const resumeAfter = pass === checkpoint.pass ? checkpoint.line : 0;
      const rows = exportRows(file, (bytes) => progress.read(pass * size + bytes));
      const { complete } = await loadPass(run, rows, {
        pass,
        after: resumeAfter,
        stopping: () => command.stop.requested,
        onLoaded(line, outcomes) {
          checkpoint.line = line;
          for (const o of outcomes) {
            checkpoint.counts[o.result]++;
            if (o.result === 'REFUSED' && checkpoint.refused.length < MAX_REFUSED_KEPT) checkpoint.refused.push(o);
          }
          progress.rows(checkpoint.counts);
          save();
        },
      });
      if (!complete) {
        save(true);
        progress.end();
        stderr(
          `records: stopped after line ${checkpoint.line} of pass ${pass + 1}; run the same command to go on from there\n`,
        );
        return 130;
      }
      checkpoint.pass = pass + 1;
      checkpoint.line = 0;
      save(true);
    }
  } catch (error) {
    progress.end();
    save(true);
    stderr(
      `records: the load stopped: ${(error as Error).message}; what was loaded through line ${checkpoint.line} ` +
        `of pass ${checkpoint.pass + 1} is kept, run the same command to go on\n`,
    );
    return 1;
  }
  progress.end();
  for (const o of [...checkpoint.refused].sort((a, b) => a.line - b.line)) command.stdout(`${JSON.stringify(o)}\n`);
  const { counts } = checkpoint;
  const notKept = counts.REFUSED - checkpoint.refused.length;
  const seconds = (now().getTime() - started.getTime()) / 1000;
  const rows = counts.WRITTEN + counts.OLDER + counts.REFUSED;
  stderr(
    `records: ${checkpoint.loadId}: ${counts.WRITTEN} written, ${counts.OLDER} older or equal (skipped), ` +
      `${counts.REFUSED} refused${notKept > 0 ? ` (the first ${checkpoint.refused.length} listed)` : ''}; ` +
      `${rows - rowsBefore} rows in ${seconds.toFixed(1)} s (${Math.round((rows - rowsBefore) / Math.max(seconds, 0.001))} rows/s)\n`,
  );
  rmSync(where, { force: true });
  return 0;
}
