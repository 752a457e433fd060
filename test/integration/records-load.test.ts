import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getBatch } from '#adapters/dynamodb/batch';
import { useLocalStack } from '#fixtures/local-stack';
import type { LocalStack } from '#lib/local/stack';
import { stackEnvVars } from '#lib/local/stack-env';
import { checkpointPath, type LoadCheckpoint } from '#lib/records/load-command';
import { standardWebhookHeaders } from '#lib/local/webhook-signing';

let stack: LocalStack;
useLocalStack((started) => (stack = started));

const MERCHANTS = 150;
const TERMINALS_EACH = 20;
const mid = (prefix: number, i: number) => `8985${prefix}${String(i).padStart(10, '0')}`;
const tid = (prefix: number, i: number) => `${prefix}${String(i).padStart(7, '0')}`;
const merchantRecord = (merchantId: string) => ({
  merchantId,
  name: `商户 ${merchantId.slice(-4)}`,
  contactEmail: `owner${merchantId.slice(-4)}@shop.example`,
  status: 'ACTIVE',
  language: 'zh',
});
const terminalRecord = (terminalId: string, merchantId: string, registration = 'REGISTERED') => ({
  terminalId,
  serialNumber: `SN${terminalId}`,
  merchantId,
  brand: 'PAX',
  model: 'A920',
  registration,
  firmwareVersion: '3.5.0',
});

/**
 * An export whose records all carry `prefix` in their IDs: terminals first (their merchants
 * come later in the file), a row that is not JSON, a terminal naming a merchant nobody has,
 * two rows of one terminal side by side, and a merchant the feed changed since (older here).
 */
function exportFile(dir: string, prefix: number): string {
  const lines: string[] = [];
  for (let m = 0; m < MERCHANTS; m++)
    for (let t = 0; t < TERMINALS_EACH; t++) {
      const terminalId = tid(prefix, m * TERMINALS_EACH + t);
      lines.push(
        JSON.stringify({ entity: 'terminal', version: 3, record: terminalRecord(terminalId, mid(prefix, m)) }),
      );
      if (m === 7 && t === 3)
        lines.push(
          JSON.stringify({
            entity: 'terminal',
            version: 4,
            record: terminalRecord(terminalId, mid(prefix, m), 'DEREGISTERED'),
          }),
        );
    }
  lines.splice(40, 0, '{"entity": "terminal",');
  lines.push(
    JSON.stringify({
      entity: 'terminal',
      version: 1,
      record: terminalRecord(tid(prefix, 999_999), mid(prefix, 9_999)),
    }),
  );
  for (let m = 0; m < MERCHANTS; m++)
    lines.push(JSON.stringify({ entity: 'merchant', version: 2, record: merchantRecord(mid(prefix, m)) }));
  const file = path.join(dir, `export-${prefix}.jsonl`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function records(args: string[], checkpoints: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join('bin', 'records.ts'), ...args, '--checkpoint-dir', checkpoints],
    { env: { ...process.env, ...stackEnvVars(stack) } },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  const done = new Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve) => child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr })),
  );
  return { child, done };
}

/** Waits until the load's checkpoint says it is into its second pass, then signals it. */
async function signalMidway(child: ChildProcess, checkpoint: string, signal: NodeJS.Signals) {
  for (let i = 0; i < 2_000; i++) {
    if (existsSync(checkpoint)) {
      const at = JSON.parse(readFileSync(checkpoint, 'utf8')) as LoadCheckpoint;
      if (at.pass === 1 && at.line > 0) {
        child.kill(signal);
        return at;
      }
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the load never reached its second pass');
}

/** Every item the export's records left in the tables, their IDs' prefix and the load's stamps taken out. */
async function heldOf(prefix: number) {
  const client = stack.documentClient;
  const strip = (item: Record<string, unknown>) => {
    const { recordReceivedAt: _r, recordLoadId: _l, receivedAt: _v, loadId: _i, ...rest } = item;
    return JSON.stringify(rest)
      .replaceAll(`8985${prefix}`, '8985P')
      .replaceAll(`"${prefix}`, '"P')
      .replaceAll(`"SN${prefix}`, '"SNP')
      .replaceAll(`#${prefix}`, '#P');
  };
  const merchants = Array.from({ length: MERCHANTS }, (_, m) => ({ merchantId: mid(prefix, m) }));
  const terminals = Array.from({ length: MERCHANTS * TERMINALS_EACH }, (_, t) => ({ terminalId: tid(prefix, t) }));
  const read = async (table: string, keys: Array<Record<string, unknown>>) => {
    const items: Array<Record<string, unknown>> = [];
    for (let i = 0; i < keys.length; i += 100) items.push(...(await getBatch(client, table, keys.slice(i, i + 100))));
    return items.map(strip).sort();
  };
  const versionKeys = [
    ...merchants.map((k) => ({ recordKey: `merchant#${k.merchantId}` })),
    ...terminals.map((k) => ({ recordKey: `terminal#${k.terminalId}` })),
  ];
  return {
    merchants: await read(stack.tableNames.merchants, merchants),
    terminals: await read(stack.tableNames.terminals, terminals),
    versions: await read(stack.tableNames.recordVersions, versionKeys),
  };
}

/** The feed changed one merchant of the export since the export was taken. */
async function feedChange(prefix: number) {
  const body = JSON.stringify({
    changeId: `LOAD-TEST-${prefix}`,
    entity: 'merchant',
    op: 'upsert',
    version: 9,
    record: { ...merchantRecord(mid(prefix, 5)), status: 'SUSPENDED' },
  });
  const response = await fetch(`${stack.urls.api}/records/changes`, {
    method: 'POST',
    headers: standardWebhookHeaders(stack.webhookSecrets.records, body),
    body,
  });
  expect(response.status).toBe(200);
}

describe('npm run records -- load', () => {
  it('ends a load killed halfway and run again identical to one that ran through', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'code97-load-'));
    const checkpoints = path.join(dir, 'checkpoints');
    await feedChange(1);
    await feedChange(2);

    const through = await records(['load', exportFile(dir, 1)], checkpoints).done;
    const file = exportFile(dir, 2);
    const killed = records(['load', file], checkpoints);
    const stoppedAt = await signalMidway(killed.child, checkpointPath(checkpoints, file), 'SIGKILL');
    const first = await killed.done;
    const resumed = await records(['load', file], checkpoints).done;

    expect(through.status).toBe(0);
    expect(first.signal).toBe('SIGKILL');
    expect(resumed.status).toBe(0);
    expect(resumed.stderr).toContain(`resuming load-`);
    expect(stoppedAt.counts.WRITTEN).toBeGreaterThan(0);
    const summary = (text: string) => /: (\d+ written, \d+ older or equal \(skipped\), \d+ refused)/.exec(text)?.[1];
    expect(summary(through.stderr)).toBe(
      `${MERCHANTS * TERMINALS_EACH + MERCHANTS - 1} written, 2 older or equal (skipped), 2 refused`,
    );
    expect(summary(resumed.stderr)).toBe(summary(through.stderr));
    expect(resumed.stdout.replaceAll('89852', '89851')).toBe(through.stdout);
    expect(
      through.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { line: 41, result: 'REFUSED', error: 'line 41 is not JSON' },
      { line: 3003, result: 'REFUSED', error: `merchant ${mid(1, 9_999)} does not exist (a terminal names it)` },
    ]);
    const [heldThrough, heldResumed] = [await heldOf(1), await heldOf(2)];
    expect(heldThrough.terminals).toHaveLength(MERCHANTS * TERMINALS_EACH);
    expect(heldResumed).toEqual(heldThrough);
    expect(existsSync(checkpointPath(checkpoints, file))).toBe(false);
  }, 180_000);

  it('stops on Ctrl-C after the rows in flight, saying how to go on, and goes on from there', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'code97-load-'));
    const checkpoints = path.join(dir, 'checkpoints');
    const file = exportFile(dir, 3);
    const interrupted = records(['load', file], checkpoints);
    await signalMidway(interrupted.child, checkpointPath(checkpoints, file), 'SIGINT');
    const first = await interrupted.done;
    const saved = JSON.parse(readFileSync(checkpointPath(checkpoints, file), 'utf8')) as LoadCheckpoint;

    const rest = await records(['load', file], checkpoints).done;

    expect(first.status).toBe(130);
    expect(first.stderr).toContain('run the same command to go on from there');
    expect(saved.pass).toBe(1);
    expect(rest.status).toBe(0);
    expect(rest.stderr).toContain(`resuming ${saved.loadId} at pass 2 of 2, after line ${saved.line}`);
    expect((await heldOf(3)).terminals).toHaveLength(MERCHANTS * TERMINALS_EACH);
  }, 180_000);

  it('refuses to resume over a file that changed since, and starts over on --restart', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'code97-load-'));
    const checkpoints = path.join(dir, 'checkpoints');
    const file = exportFile(dir, 4);
    const interrupted = records(['load', file], checkpoints);
    await signalMidway(interrupted.child, checkpointPath(checkpoints, file), 'SIGINT');
    await interrupted.done;
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n`);

    const refused = await records(['load', file], checkpoints).done;
    const restarted = await records(['load', file, '--restart'], checkpoints).done;

    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('changed since load');
    expect(restarted.status).toBe(0);
    expect(restarted.stderr).not.toContain('resuming');
  }, 180_000);
});

describe('npm run records -- diff', () => {
  it('reports what the tables lack, hold stale and hold extra against an export, and writes nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'code97-diff-'));
    const file = path.join(dir, 'export.jsonl');
    const merchants = [0, 1, 2].map((m) => mid(5, m));
    const rows = (version: number) =>
      merchants.map((m) => JSON.stringify({ entity: 'merchant', version, record: merchantRecord(m) }));
    writeFileSync(file, `${rows(1).slice(0, 2).join('\n')}\n`);
    expect((await records(['load', file], path.join(dir, 'cp')).done).status).toBe(0);
    writeFileSync(file, `${[rows(2)[0], rows(1)[1], rows(1)[2]].join('\n')}\n`);
    const before = await getBatch(
      stack.documentClient,
      stack.tableNames.merchants,
      merchants.map((merchantId) => ({ merchantId })),
    );

    const diff = await records(['diff', file], path.join(dir, 'cp')).done;

    expect(diff.status).toBe(1);
    const lines = diff.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => String(l.record).includes(mid(5, 0)) || String(l.record).includes(mid(5, 2)))).toEqual([
      { line: 1, record: `merchant#${mid(5, 0)}`, difference: 'STALE', held: 1, export: 2 },
      { line: 3, record: `merchant#${mid(5, 2)}`, difference: 'MISSING', export: 1 },
    ]);
    // The stack's own records (seeded, and loaded by the other tests) are not in this export.
    expect(lines.some((l) => l.difference === 'EXTRA')).toBe(true);
    expect(diff.stderr).toMatch(/3 rows in [\d.]+ s: 1 the same, 0 newer in the tables, 1 missing, 1 stale/);
    const after = await getBatch(
      stack.documentClient,
      stack.tableNames.merchants,
      merchants.map((merchantId) => ({ merchantId })),
    );
    expect(after).toEqual(before);
  }, 120_000);
});

describe("the cloud load's batch function", () => {
  const invokeBatch = (event: unknown) => {
    const fn = stack.runtime.functions.find((f) => f.entry === 'functions/handlers/steps/load-export-batch.ts');
    if (!fn) throw new Error('the template has no load batch function');
    return stack.runtime.invoke(fn.arn, event) as Promise<{ counts: Record<string, number>; listed: unknown[] }>;
  };

  it('loads a Distributed Map batch into DynamoDB by the same rules, each row its line from the index', async () => {
    const merchantId = mid(6, 1);
    const items = [
      { index: 0, row: { entity: 'terminal', version: 2, record: terminalRecord(tid(6, 1), merchantId) } },
      { index: 1, row: { entity: 'merchant', version: 2, record: merchantRecord(merchantId) } },
      { index: 2, row: { entity: 'terminal', version: 2, record: terminalRecord(tid(6, 2), mid(6, 99)) } },
    ];
    const job = { loadId: 'RecordsLoad-test', receivedAt: '2026-12-04T02:00:00.000Z', mode: 'load' };

    const first = await invokeBatch({ BatchInput: { ...job, pass: 0 }, Items: items });
    const second = await invokeBatch({ BatchInput: { ...job, pass: 1 }, Items: items });
    const again = await invokeBatch({ BatchInput: { ...job, loadId: 'RecordsLoad-other', pass: 1 }, Items: items });

    expect(first.counts).toEqual({ WRITTEN: 1, OLDER: 0, REFUSED: 0 });
    expect(second.counts).toEqual({ WRITTEN: 1, OLDER: 0, REFUSED: 1 });
    expect(second.listed).toEqual([
      { line: 3, result: 'REFUSED', error: `merchant ${mid(6, 99)} does not exist (a terminal names it)` },
    ]);
    expect(again.counts).toEqual({ WRITTEN: 0, OLDER: 1, REFUSED: 1 });
    const [terminal] = await getBatch(stack.documentClient, stack.tableNames.terminals, [{ terminalId: tid(6, 1) }]);
    expect(terminal).toMatchObject({
      merchantId,
      recordVersion: 2,
      recordLoadId: 'RecordsLoad-test',
      recordReceivedAt: '2026-12-04T02:00:00.000Z',
    });
  }, 60_000);
});
