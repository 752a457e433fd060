import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const RECORDS = path.join(ROOT, 'test', 'fixtures', 'records.json');

function replay(args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bin', 'replay.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const lines = run.stdout.split('\n').filter((l) => l.trim() !== '');
  return { status: run.status, lines, stderr: run.stderr };
}

function ticketsFile(lines: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'code97-replay-'));
  const file = path.join(dir, 'tickets.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n\n`);
  return file;
}

describe('npm run replay', () => {
  it('prints one JSON line per ticket line, in order, and progress on stderr only', () => {
    const tickets = ticketsFile([
      JSON.stringify({ ticketId: 'R-1', receivedAt: '2026-11-20T10:00:00+08:00', from: 'team@harbourside.example', subject: 'code 97', body: 'TID 30000201 shows error 97' }),
      'not json at all',
      JSON.stringify({ ticketId: 'R-1', receivedAt: '2026-11-20T10:00:00+08:00', from: 'team@harbourside.example', subject: 'code 97', body: 'TID 30000201 shows error 97' }),
      JSON.stringify({ ticketId: 'R-2', receivedAt: '2026-11-20T11:00:00+08:00', from: 'x@y.example', subject: 'Settlement', body: 'We took 97 card payments yesterday.' }),
    ]);

    const run = replay(['--records', RECORDS, '--tickets', tickets]);

    expect(run.status).toBe(0);
    const results = run.lines.map((l) => JSON.parse(l));
    expect(results.map((r) => [r.ticketId, r.outcome, r.duplicate])).toEqual([
      ['R-1', 'AUTO_RESOLVED', false],
      [null, 'REJECTED', false],
      ['R-1', 'AUTO_RESOLVED', true],
      ['R-2', 'NOT_TRIGGERED', false],
    ]);
    expect(results[0].emails).toHaveLength(1);
    expect(results[2].emails).toEqual([]);
    expect(run.stderr).toContain('[4/4]');
  }, 120_000);

  it('refuses to start without both files, saying how to call it', () => {
    const run = replay(['--records', RECORDS]);

    expect(run.status).toBe(2);
    expect(run.lines).toEqual([]);
    expect(run.stderr).toContain('--tickets');
  });

  it('names each bad entry of a records file and starts nothing', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'code97-records-'));
    const bad = path.join(dir, 'records.json');
    writeFileSync(bad, JSON.stringify({ merchants: [{ merchantId: '123' }], terminals: [], models: [], invoices: [] }));

    const run = replay(['--records', bad, '--tickets', ticketsFile(['{}'])]);

    expect(run.status).toBe(2);
    expect(run.stderr).toContain('merchants[0].merchantId must be 15 digits');
    expect(run.stderr).toContain('merchants[0].contactEmail');
  });
});
