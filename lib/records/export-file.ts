import { createHash } from 'node:crypto';
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { SourceRow } from '#use-cases/load-records';

/**
 * The lines of an export file (JSON Lines), numbered from 1, each parsed or said to be
 * unreadable; blank lines are skipped but counted. `onBytes` is told the bytes read so far.
 */
export async function* exportRows(file: string, onBytes?: (bytes: number) => void): AsyncGenerator<SourceRow> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  let bytes = 0;
  for await (const read of lines) {
    line++;
    // A byte-order mark some exporters begin a file with is no part of its first row.
    const text = line === 1 && read.startsWith('\uFEFF') ? read.slice(1) : read;
    bytes += Buffer.byteLength(read) + 1;
    onBytes?.(bytes);
    if (text.trim() === '') continue;
    try {
      yield { line, input: JSON.parse(text) as unknown };
    } catch {
      yield { line, unreadable: `line ${line} is not JSON` };
    }
  }
}

const SAMPLE = 1 << 20;

/**
 * What identifies a file's content well enough to resume a load of it: its size and the
 * SHA-256 of its first and last megabyte (reading all of a 3 GB export to resume would take
 * as long as a pass of the load).
 */
export function exportFingerprint(file: string): string {
  const { size } = statSync(file);
  const hash = createHash('sha256').update(String(size));
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(SAMPLE, size));
    for (const position of size > SAMPLE ? [0, size - SAMPLE] : [0]) {
      const read = readSync(fd, buffer, 0, buffer.length, position);
      hash.update(buffer.subarray(0, read));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
