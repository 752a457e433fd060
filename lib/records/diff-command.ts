import { statSync } from 'node:fs';
import { dynamoRecordDiff } from '#adapters/dynamodb/record-load';
import type { DynamoDb } from '#adapters/dynamodb/db';
import { type DiffCounts, diffExport } from '#use-cases/diff-records';
import { exportRows } from '#lib/records/export-file';
import { progressReporter } from '#lib/records/progress';

export interface DiffCommand {
  file: string;
  db: DynamoDb;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  tty?: boolean;
}

/**
 * `records diff FILE`: compares a full export with the tables, writing nothing. Prints each
 * difference as a JSON line on stdout (in line order, then the records the export lacks) and
 * the counts on stderr; exits 0 when the tables hold exactly the export (or newer), 1 when
 * they differ, 2 when the file cannot be read, 3 when the tables could not be read.
 */
export async function runDiff(command: DiffCommand): Promise<number> {
  let size: number;
  try {
    size = statSync(command.file).size;
  } catch (error) {
    command.stderr(`records: cannot read ${command.file}: ${(error as Error).message}\n`);
    return 2;
  }
  const progress = progressReporter({ total: size, tty: command.tty ?? false, write: command.stderr });
  const started = Date.now();
  let counts: DiffCounts;
  try {
    counts = await diffExport(
      dynamoRecordDiff(command.db),
      exportRows(command.file, (bytes) => progress.read(bytes)),
      (line) => command.stdout(`${JSON.stringify(line)}\n`),
    );
  } catch (error) {
    progress.end();
    command.stderr(`records: the diff stopped: ${(error as Error).message}\n`);
    return 3;
  }
  progress.end();
  const rows = counts.SAME + counts.NEWER + counts.MISSING + counts.STALE + counts.DIFFERENT + counts.REFUSED;
  const differing = counts.MISSING + counts.STALE + counts.DIFFERENT + counts.EXTRA;
  command.stderr(
    `records: ${rows} rows in ${((Date.now() - started) / 1000).toFixed(1)} s: ${counts.SAME} the same, ` +
      `${counts.NEWER} newer in the tables, ${counts.MISSING} missing, ${counts.STALE} stale, ` +
      `${counts.DIFFERENT} different at the same version, ${counts.EXTRA} held but not in the export, ${counts.REFUSED} refused\n`,
  );
  return differing > 0 || counts.REFUSED > 0 ? 1 : 0;
}
