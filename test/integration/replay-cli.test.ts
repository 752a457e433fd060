import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADVERSARIAL_TEXTS } from '#fixtures/adversarial';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const RECORDS = path.join(ROOT, 'test', 'fixtures', 'records.json');

function replay(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bin', 'replay.ts'), ...args], {
    cwd: ROOT,
    env,
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
      JSON.stringify({
        ticketId: 'R-1',
        receivedAt: '2026-11-20T10:00:00+08:00',
        from: 'team@harbourside.example',
        subject: 'code 97',
        body: 'TID 30000201 shows error 97',
      }),
      'not json at all',
      JSON.stringify({
        ticketId: 'R-1',
        receivedAt: '2026-11-20T10:00:00+08:00',
        from: 'team@harbourside.example',
        subject: 'code 97',
        body: 'TID 30000201 shows error 97',
      }),
      JSON.stringify({
        ticketId: 'R-2',
        receivedAt: '2026-11-20T11:00:00+08:00',
        from: 'x@y.example',
        subject: 'Settlement',
        body: 'We took 97 card payments yesterday.',
      }),
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

  it("applies a change line through the feed in that line's place, and triages later tickets on the new record", () => {
    const ticket = (ticketId: string, receivedAt: string) =>
      JSON.stringify({
        ticketId,
        receivedAt,
        from: 'ops@dongmen-market.example',
        subject: '97',
        body: '刷卡提示97终端未登记，终端号 30000301',
      });
    const registered = {
      changeId: 'CRM-1',
      entity: 'terminal',
      op: 'upsert',
      version: 5,
      record: {
        terminalId: '30000301',
        serialNumber: 'LD8A00456789',
        merchantId: '898500000000103',
        brand: 'LANDI',
        model: 'A8',
        registration: 'REGISTERED',
        firmwareVersion: '4.1.0',
      },
    };
    const tickets = ticketsFile([
      ticket('CH-1', '2026-11-01T10:00:00+08:00'),
      JSON.stringify({ change: registered }),
      JSON.stringify({ change: { ...registered, changeId: 'CRM-0', version: 4 } }),
      JSON.stringify({
        change: {
          ...registered,
          changeId: 'CRM-2',
          version: 6,
          record: { ...registered.record, merchantId: '898500000000999' },
        },
      }),
      ticket('CH-2', '2026-11-20T10:00:00+08:00'),
    ]);

    const run = replay(['--records', RECORDS, '--tickets', tickets]);

    expect(run.status).toBe(0);
    const results = run.lines.map((l) => JSON.parse(l));
    expect(results.slice(1, 4)).toEqual([
      { change: 'CRM-1', result: 'APPLIED' },
      { change: 'CRM-0', result: 'STALE' },
      { change: 'CRM-2', result: 'REFUSED', error: expect.stringContaining('898500000000999') },
    ]);
    expect(results[0].findings).toContain('NOT_ACTIVATED');
    expect(results[4].ticketId).toBe('CH-2');
    expect(results[4].findings).not.toContain('NOT_ACTIVATED');
  }, 180_000);

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

  it('gives tickets near the size limit with adversarial text their ordinary outcome, and REJECTED past the limit', () => {
    const mention = 'POS机刷卡一直提示97终端未登记，终端号 30000501';
    const near = Object.entries(ADVERSARIAL_TEXTS)
      .slice(0, 4)
      .map(([, filler], i) =>
        JSON.stringify({
          ticketId: `BIG-${i + 1}`,
          receivedAt: `2026-0${i + 1}-20T10:00:00+08:00`,
          from: 'owner@bakery-west.example',
          subject: 'POS',
          body: filler.slice(0, 99_000) + mention,
        }),
      );
    const over = JSON.stringify({
      ticketId: 'BIG-OVER',
      receivedAt: '2026-06-20T10:00:00+08:00',
      from: 'a@b.example',
      subject: 's',
      body: 'x'.repeat(1_200_000),
    });
    const huge = JSON.stringify({
      ticketId: 'BIG-HUGE',
      receivedAt: '2026-06-20T10:00:00+08:00',
      from: 'a@b.example',
      subject: 's',
      body: 'y'.repeat(11_000_000),
    });

    const run = replay(['--records', RECORDS, '--tickets', ticketsFile([...near, over, huge])]);

    expect(run.status).toBe(0);
    const results = run.lines.map((l) => JSON.parse(l));
    expect(results.slice(0, 4).map((r) => [r.outcome, r.diagnosis, r.terminalId])).toEqual(
      Array.from({ length: 4 }, () => ['AUTO_RESOLVED', 'SIGN_IN_REQUIRED', '30000501']),
    );
    expect(results.slice(4).map((r) => [r.ticketId, r.outcome])).toEqual([
      ['BIG-OVER', 'REJECTED'],
      ['BIG-HUGE', 'REJECTED'],
    ]);
    expect(results[4].error).toMatch(/bytes/);
  }, 180_000);

  it('writes logs with no contact email and no whole TID in them', () => {
    const demo = path.join(ROOT, 'lib', 'local', 'demo');
    const records = JSON.parse(readFileSync(path.join(demo, 'records.json'), 'utf8')) as {
      terminals: Array<{ terminalId: string }>;
      merchants: Array<{ contactEmail: string }>;
    };

    const run = replay(['--records', path.join(demo, 'records.json'), '--tickets', path.join(demo, 'tickets.jsonl')], {
      ...process.env,
      LOG_LEVEL: 'info',
    });

    const logLines = run.stderr.split('\n').filter((l) => l.startsWith('{'));
    expect(run.status).toBe(0);
    expect(logLines.length).toBeGreaterThan(20);
    expect(logLines.map((l) => JSON.parse(l).message)).toEqual(
      expect.arrayContaining(['intake', 'identified', 'decision', 'reply']),
    );
    const email = /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;
    const tids = records.terminals.map((t) => t.terminalId);
    for (const line of logLines) {
      expect(line).not.toMatch(email);
      for (const tid of tids) expect(line).not.toContain(tid);
    }
  }, 120_000);
});
