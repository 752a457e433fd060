import { readFileSync } from 'node:fs';
import { standardWebhookHeaders } from '#lib/local/webhook-signing';

/** Changes sent to a request. */
const BATCH = 500;

type Line = { change: string | null; result: string; error?: string };

export interface ApplyCommand {
  file: string;
  /** The API's base URL, or the route's own (RecordChangesUrl on AWS). */
  url: string;
  secret: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

class Refusal extends Error {}

/**
 * `records apply FILE`: sends each line's change to POST /records/changes, signed, 500 to a
 * request (a 5xx is retried with back-off), and prints one JSON line per input line (the
 * contract's change line) on stdout, progress on stderr. Returns the exit code.
 */
export async function runApply(command: ApplyCommand): Promise<number> {
  const { stderr } = command;
  const base = command.url.endsWith('/') ? command.url.slice(0, -1) : command.url;
  const url = base.endsWith('/records/changes') ? base : `${base}/records/changes`;
  let lines: string[];
  try {
    lines = readFileSync(command.file, 'utf8')
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '');
  } catch (error) {
    stderr(`records: cannot read ${command.file}: ${(error as Error).message}\n`);
    return 2;
  }

  const send = async (changes: unknown[]): Promise<Line[]> => {
    const body = JSON.stringify(changes);
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(url, {
        method: 'POST',
        headers: standardWebhookHeaders(command.secret, body),
        body,
      }).catch((error: Error) => {
        throw new Refusal(`${url} did not answer: ${error.message}`);
      });
      const answer = (await response.json().catch(() => ({}))) as {
        outcomes?: Array<{ changeId: string | null; result: string; error?: string }>;
        error?: string;
      };
      if (response.status === 200 && answer.outcomes)
        return answer.outcomes.map((o) => ({
          change: o.changeId,
          result: o.result,
          ...(o.error ? { error: o.error } : {}),
        }));
      if (response.status < 500 || attempt >= 5)
        throw new Refusal(`${url} answered ${response.status}: ${answer.error ?? ''}`);
      await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
    }
  };

  const counts: Record<string, number> = { APPLIED: 0, STALE: 0, REFUSED: 0 };
  const started = Date.now();
  try {
    for (let start = 0; start < lines.length; start += BATCH) {
      const read = lines.slice(start, start + BATCH).map((line, i) => {
        try {
          return { ok: true as const, change: JSON.parse(line) as unknown };
        } catch {
          return {
            ok: false as const,
            line: { change: null, result: 'REFUSED', error: `line ${start + i + 1} is not JSON` },
          };
        }
      });
      const changes = read.filter((r) => r.ok).map((r) => r.change);
      const sent = changes.length ? await send(changes) : [];
      for (const r of read) {
        const out: Line = r.ok ? (sent.shift() as Line) : r.line;
        counts[out.result] = (counts[out.result] ?? 0) + 1;
        command.stdout(`${JSON.stringify(out)}\n`);
      }
      stderr(`records: ${Math.min(start + BATCH, lines.length)}/${lines.length} changes sent\n`);
    }
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    stderr(`records: ${error.message}\n`);
    return 2;
  }
  const seconds = (Date.now() - started) / 1000;
  stderr(
    `records: ${counts.APPLIED} applied, ${counts.STALE} stale, ${counts.REFUSED} refused in ${seconds.toFixed(1)} s\n`,
  );
  return 0;
}
