import { describe, expect, it } from 'vitest';
import { type DiffLine, diffExport } from '#use-cases/diff-records';
import { loadPass, type SourceRow } from '#use-cases/load-records';
import type { Merchant } from '#domain/triage/types';
import { merchant as merchantRecord } from '#fixtures/domain';
import { memoryRecordLoad } from '#fixtures/memory/record-load';

const merchant = (merchantId: string, version = 1, status: Merchant['status'] = 'ACTIVE') => ({
  entity: 'merchant',
  version,
  record: merchantRecord({ merchantId, status }),
});
const mid = (i: number) => `89831005812${String(i).padStart(4, '0')}`;
const lines = (...inputs: unknown[]): SourceRow[] => inputs.map((input, i) => ({ line: i + 1, input }));

describe('reconciling the tables with an export', () => {
  it('reports what the tables lack, hold stale, hold otherwise and hold extra, and writes nothing', async () => {
    const store = memoryRecordLoad();
    const stamp = { loadId: 'load-1', receivedAt: '2026-12-04T01:00:00.000Z' };
    await loadPass({ store, stamp }, lines(merchant(mid(1)), merchant(mid(2)), merchant(mid(3)), merchant(mid(9), 4)), {
      pass: 0,
    });
    store.items.set(`merchant#${mid(3)}`, { ...merchant(mid(3)).record, status: 'CLOSED' });
    const held = JSON.stringify([...store.items]);
    const told: DiffLine[] = [];

    const counts = await diffExport(
      store,
      lines(merchant(mid(1)), merchant(mid(2), 2), merchant(mid(3)), merchant(mid(4)), merchant(mid(9), 3), '{'),
      (line) => told.push(line),
    );

    expect(told).toEqual([
      { line: 2, record: `merchant#${mid(2)}`, difference: 'STALE', held: 1, export: 2 },
      { line: 3, record: `merchant#${mid(3)}`, difference: 'DIFFERENT', held: 1, export: 1, fields: ['status'] },
      { line: 4, record: `merchant#${mid(4)}`, difference: 'MISSING', export: 1 },
      { line: 6, difference: 'REFUSED', error: 'a row must be a JSON object' },
    ]);
    expect(counts).toMatchObject({ SAME: 1, NEWER: 1, STALE: 1, DIFFERENT: 1, MISSING: 1, EXTRA: 0, REFUSED: 1 });
    expect(JSON.stringify([...store.items])).toBe(held);
  });

  it('lists the records held that the export lacks, after the rows', async () => {
    const store = memoryRecordLoad();
    store.versions.set(`merchant#${mid(7)}`, { version: 2, deleted: false });
    store.versions.set(`merchant#${mid(8)}`, { version: 2, deleted: true });
    const told: DiffLine[] = [];

    const counts = await diffExport(store, [], (line) => told.push(line));

    expect(told).toEqual([{ record: `merchant#${mid(7)}`, difference: 'EXTRA', held: 2 }]);
    expect(counts.EXTRA).toBe(1);
  });
});
