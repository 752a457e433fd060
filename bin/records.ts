/**
 * npm run records -- apply CHANGES.jsonl [--url URL]: sends each line's records change to
 * POST /records/changes (500 to a request, signed with RECORDS_WEBHOOK_SECRET), prints one JSON
 * line per input line (the contract's change line) on stdout, progress on stderr. The URL is
 * the local stack's unless given: the API's base URL, or the route's own (RecordChangesUrl on AWS).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { standardWebhookHeaders } from '#lib/local/webhook-signing';

const USAGE =
  'usage: RECORDS_WEBHOOK_SECRET=whsec_… npm run records -- apply CHANGES.jsonl [--url http://127.0.0.1:3000]';
const BATCH = 500;

function fail(message: string): never {
  process.stderr.write(`records: ${message}\n${USAGE}\n`);
  process.exit(2);
}

let parsed: ReturnType<typeof parseArgs<{ options: { url: { type: 'string' } }; allowPositionals: true }>>;
try {
  parsed = parseArgs({ options: { url: { type: 'string' } }, allowPositionals: true });
} catch (error) {
  fail((error as Error).message);
}
const [command, file] = parsed.positionals;
if (command !== 'apply' || !file) fail('say apply and the file of changes, one JSON change a line');
const secret = process.env.RECORDS_WEBHOOK_SECRET ?? fail('set RECORDS_WEBHOOK_SECRET (npm start prints it)');
// The API's base URL, or the route's own (RecordChangesUrl) as the stack's outputs give it.
const base = (parsed.values.url ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}`).replace(/\/$/, '');
const url = base.endsWith('/records/changes') ? base : `${base}/records/changes`;

let lines: string[];
try {
  lines = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
} catch (error) {
  fail(`cannot read ${file}: ${(error as Error).message}`);
}

type Line = { change: string | null; result: string; error?: string };
async function send(changes: unknown[]): Promise<Line[]> {
  const body = JSON.stringify(changes);
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(url, { method: 'POST', headers: standardWebhookHeaders(secret, body), body }).catch(
      (error: Error) => fail(`${url} did not answer: ${error.message}`),
    );
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
    if (response.status < 500 || attempt >= 5) fail(`${url} answered ${response.status}: ${answer.error ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
  }
}

const counts: Record<string, number> = { APPLIED: 0, STALE: 0, REFUSED: 0 };
const started = Date.now();
for (let start = 0; start < lines.length; start += BATCH) {
  const slice = lines.slice(start, start + BATCH);
  const read = slice.map((line, i) => {
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
    process.stdout.write(`${JSON.stringify(out)}\n`);
  }
  process.stderr.write(`records: ${Math.min(start + BATCH, lines.length)}/${lines.length} changes sent\n`);
}
const seconds = (Date.now() - started) / 1000;
process.stderr.write(
  `records: ${counts.APPLIED} applied, ${counts.STALE} stale, ${counts.REFUSED} refused in ${seconds.toFixed(1)} s\n`,
);
