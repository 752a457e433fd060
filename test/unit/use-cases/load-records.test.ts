import { describe, expect, it } from 'vitest';
import { type LoadOutcome, loadPass, type SourceRow } from '#use-cases/load-records';
import type { Terminal } from '#domain/triage/types';
import { merchant as merchantRecord, terminal as terminalRecord } from '#fixtures/domain';
import { memoryRecordLoad } from '#fixtures/memory/record-load';

const stamp = { loadId: 'load-1', receivedAt: '2026-12-04T01:00:00.000Z' };
const MID = '898310058120001';
const merchant = (merchantId: string, version = 1) => ({
  entity: 'merchant',
  version,
  record: merchantRecord({ merchantId }),
});
const terminal = (
  terminalId: string,
  merchantId: string,
  version = 1,
  registration: Terminal['registration'] = 'REGISTERED',
) => ({
  entity: 'terminal',
  version,
  record: terminalRecord({ terminalId, merchantId, registration }),
});
const lines = (...inputs: unknown[]): SourceRow[] => inputs.map((input, i) => ({ line: i + 1, input }));

async function loadAll(store: ReturnType<typeof memoryRecordLoad>, rows: SourceRow[], options = {}) {
  const outcomes: LoadOutcome[] = [];
  const run = { store, stamp };
  for (const pass of [0, 1])
    await loadPass(run, rows, { pass, ...options, onLoaded: (_line, loaded) => outcomes.push(...loaded) });
  return outcomes.sort((a, b) => a.line - b.line);
}

describe('loading an export', () => {
  it('writes a terminal whose merchant comes after it in the file', async () => {
    const store = memoryRecordLoad();

    const outcomes = await loadAll(store, lines(terminal('10030012', MID), merchant(MID)));

    expect(outcomes.map((o) => o.result)).toEqual(['WRITTEN', 'WRITTEN']);
    expect(store.versions.get('terminal#10030012')).toMatchObject({ version: 1, loadId: 'load-1', stamp });
  });

  it('refuses a terminal whose merchant neither the file nor the tables hold, and loads the rest', async () => {
    const store = memoryRecordLoad();

    const outcomes = await loadAll(
      store,
      lines(merchant(MID), terminal('10030012', '898310058129999'), terminal('10030013', MID)),
    );

    expect(outcomes).toEqual([
      { line: 1, result: 'WRITTEN' },
      { line: 2, result: 'REFUSED', error: 'merchant 898310058129999 does not exist (a terminal names it)' },
      { line: 3, result: 'WRITTEN' },
    ]);
    expect(store.items.has('terminal#10030012')).toBe(false);
  });

  it('refuses unreadable and invalid rows by line and writes nothing of them', async () => {
    const store = memoryRecordLoad();
    const rows: SourceRow[] = [
      { line: 1, unreadable: 'line 1 is not JSON' },
      { line: 2, input: { entity: 'merchant', version: 1, record: { merchantId: MID } } },
      { line: 4, input: merchant(MID) },
    ];

    const outcomes = await loadAll(store, rows);

    expect(outcomes.map((o) => [o.line, o.result])).toEqual([
      [1, 'REFUSED'],
      [2, 'REFUSED'],
      [4, 'WRITTEN'],
    ]);
    expect(outcomes[1]?.error).toContain('record.name must be');
    expect(store.items.size).toBe(1);
  });

  it('skips a row older than or equal to what another source left, a tombstone included', async () => {
    const store = memoryRecordLoad();
    store.versions.set('terminal#10030012', { version: 5, deleted: true });
    store.versions.set(`merchant#${MID}`, { version: 3, deleted: false });
    store.items.set(`merchant#${MID}`, { ...merchant(MID, 3).record });

    const outcomes = await loadAll(store, lines(merchant(MID, 3), terminal('10030012', MID, 5)));

    expect(outcomes.map((o) => o.result)).toEqual(['OLDER', 'OLDER']);
    expect(store.items.has('terminal#10030012')).toBe(false);
  });

  it('keeps the newest of several rows of one record, wherever they fall in the file', async () => {
    const store = memoryRecordLoad();
    const rows = lines(
      merchant(MID),
      terminal('10030012', MID, 2, 'PENDING_REVIEW'),
      terminal('10030012', MID, 4, 'REGISTERED'),
      terminal('10030012', MID, 3, 'REJECTED'),
      ...Array.from({ length: 5 }, (_, i) => terminal(`2003${String(i).padStart(4, '0')}`, MID)),
      terminal('10030012', MID, 1, 'DEREGISTERED'),
    );

    const outcomes = await loadAll(store, rows, { chunkRows: 3, concurrency: 4 });

    expect(store.items.get('terminal#10030012')?.registration).toBe('REGISTERED');
    expect(outcomes.filter((o) => o.result === 'WRITTEN')).toHaveLength(7);
  });

  it('tells each chunk once, in line order, however the chunks finish', async () => {
    const store = memoryRecordLoad();
    const held = store.held;
    let call = 0;
    // The first chunk's read is the slowest, so later chunks finish first.
    store.held = async (keys) => {
      const wait = call++ === 0 ? 30 : 1;
      await new Promise((r) => setTimeout(r, wait));
      return held(keys);
    };
    const told: number[] = [];
    const rows = lines(...Array.from({ length: 10 }, (_, i) => merchant(`89831005812${String(i).padStart(4, '0')}`)));

    await loadPass({ store, stamp }, rows, { pass: 0, chunkRows: 2, onLoaded: (line) => told.push(line) });

    expect(told).toEqual([2, 4, 6, 8, 10]);
  });

  it('starts no chunk once asked to stop, and goes on from the line it was told', async () => {
    const store = memoryRecordLoad();
    const rows = lines(...Array.from({ length: 10 }, (_, i) => merchant(`89831005812${String(i).padStart(4, '0')}`)));
    let through = 0;
    const first = await loadPass({ store, stamp }, rows, {
      pass: 0,
      chunkRows: 2,
      concurrency: 1,
      onLoaded: (line) => (through = line),
      stopping: () => through >= 4,
    });
    expect(first.complete).toBe(false);
    const stoppedAt = through;

    const rest = await loadPass({ store, stamp }, rows, { pass: 0, chunkRows: 2, after: stoppedAt });

    expect(stoppedAt).toBeGreaterThanOrEqual(4);
    expect(rest.complete).toBe(true);
    expect(first.counts.WRITTEN + rest.counts.WRITTEN).toBe(10);
    expect(store.items.size).toBe(10);
  });

  it('writes a row again when this same load wrote it before it stopped', async () => {
    const store = memoryRecordLoad();
    const rows = lines(merchant(MID, 2));
    await loadPass({ store, stamp }, rows, { pass: 0 });

    const again = await loadPass({ store, stamp }, rows, { pass: 0 });
    const another = await loadPass({ store, stamp: { ...stamp, loadId: 'load-2' } }, rows, { pass: 0 });

    expect(again.counts).toEqual({ WRITTEN: 1, OLDER: 0, REFUSED: 0 });
    expect(another.counts).toEqual({ WRITTEN: 0, OLDER: 1, REFUSED: 0 });
  });

  it('fails the pass when the tables fail, telling nothing past the chunk that failed', async () => {
    const store = memoryRecordLoad();
    let writes = 0;
    store.write = async () => {
      if (++writes === 2) throw new Error('ProvisionedThroughputExceededException');
    };
    const told: number[] = [];
    const rows = lines(...Array.from({ length: 6 }, (_, i) => merchant(`89831005812${String(i).padStart(4, '0')}`)));

    await expect(
      loadPass({ store, stamp }, rows, { pass: 0, chunkRows: 2, concurrency: 1, onLoaded: (line) => told.push(line) }),
    ).rejects.toThrow('ProvisionedThroughputExceededException');
    expect(told).toEqual([2]);
  });
});

describe('rows of one record at one version', () => {
  it('keeps the first wherever the chunks fall, as the feed skips an equal version', async () => {
    for (const chunkRows of [1, 2, 10]) {
      const store = memoryRecordLoad();
      const rows = lines(
        merchant(MID),
        terminal('10030012', MID, 4, 'REGISTERED'),
        terminal('10030013', MID),
        terminal('10030012', MID, 4, 'DEREGISTERED'),
      );

      const outcomes = await loadAll(store, rows, { chunkRows, concurrency: 1 });

      expect(store.items.get('terminal#10030012')?.registration).toBe('REGISTERED');
      expect(outcomes.map((o) => o.result)).toEqual(['WRITTEN', 'WRITTEN', 'WRITTEN', 'OLDER']);
    }
  });
});
