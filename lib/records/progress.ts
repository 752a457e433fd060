import type { LoadCounts } from '#domain/records/load';

const WIDTH = 24;
/** Without a terminal, a line this often. */
const LINE_EVERY_MS = 5_000;

/**
 * A load's progress on stderr: a bar of the bytes read over every pass, the rows loaded, their
 * rate and the time left, redrawn in place on a terminal, a line every few seconds elsewhere.
 */
export function progressReporter(options: {
  total: number;
  /** Rows loaded before this run (a resumed load): not counted in the rate. */
  before?: number;
  tty: boolean;
  write: (text: string) => void;
}) {
  const started = Date.now();
  let bytes = 0;
  const counted = options.before ?? 0;
  let rows = counted;
  let drawnAt = 0;
  let drawn = false;
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - drawnAt < (options.tty ? 200 : LINE_EVERY_MS)) return;
    drawnAt = now;
    const share = options.total > 0 ? Math.min(1, bytes / options.total) : 1;
    const filled = Math.round(share * WIDTH);
    const seconds = (now - started) / 1000;
    const rate = seconds > 0 ? (rows - counted) / seconds : 0;
    const left = share > 0 && share < 1 ? (seconds / share) * (1 - share) : 0;
    const text =
      `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ` +
      `${rows.toLocaleString('en')} rows, ${Math.round(rate).toLocaleString('en')}/s, ${Math.ceil(left)} s left`;
    if (options.tty) options.write(`\r${text}\u001b[K`);
    else options.write(`records: ${text}\n`);
    drawn = true;
  };
  return {
    read(at: number) {
      bytes = at;
      draw();
    },
    rows(counts: LoadCounts) {
      rows = counts.WRITTEN + counts.OLDER + counts.REFUSED;
      draw();
    },
    end() {
      if (options.tty && drawn) options.write('\n');
    },
  };
}
