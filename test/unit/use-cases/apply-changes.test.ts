import { describe, expect, it } from 'vitest';
import { applyChanges } from '#use-cases/apply-changes';
import { memoryRecordChanges } from '#fixtures/memory/record-changes';

const clock = { now: () => new Date('2026-11-20T01:00:00.000Z') };
const merchant = (merchantId: string, version: number, name = '静安茶馆') => ({
  changeId: `M-${merchantId}-${version}`,
  entity: 'merchant',
  op: 'upsert',
  version,
  record: { merchantId, name, contactEmail: 'owner@teahouse.example', status: 'ACTIVE', language: 'zh' },
});
const terminal = (terminalId: string, merchantId: string, version: number, registration = 'REGISTERED') => ({
  changeId: `T-${terminalId}-${version}`,
  entity: 'terminal',
  op: 'upsert',
  version,
  record: {
    terminalId,
    serialNumber: 'N7A0031245',
    merchantId,
    brand: 'PAX',
    model: 'A920',
    registration,
    firmwareVersion: '3.4.2',
  },
});
const MID = '898310058120001';

describe('applying record changes', () => {
  it('applies a batch in which a terminal follows the merchant it names, as line by line would', async () => {
    const records = memoryRecordChanges();

    const report = await applyChanges({ records, clock }, [merchant(MID, 1), terminal('10030012', MID, 1)]);

    expect(report.outcomes.map((o) => o.result)).toEqual(['APPLIED', 'APPLIED']);
    expect(records.versions.get('terminal#10030012')).toMatchObject({
      version: 1,
      stamp: { receivedAt: '2026-11-20T01:00:00.000Z' },
    });
  });

  it('refuses a terminal whose merchant does not exist, storing nothing dangling', async () => {
    const records = memoryRecordChanges();

    const report = await applyChanges({ records, clock }, [terminal('10030012', MID, 1)]);

    expect(report.outcomes).toEqual([
      { changeId: 'T-10030012-1', result: 'REFUSED', error: expect.stringContaining(MID) },
    ]);
    expect(records.records.size).toBe(0);
  });

  it('refuses one bad change of 100 alone, in its place, and counts each result', async () => {
    const records = memoryRecordChanges();
    const batch: unknown[] = [merchant(MID, 1)];
    for (let i = 1; i < 100; i++) batch.push(terminal(`1003${String(i).padStart(4, '0')}`, MID, 1));
    batch[57] = { ...terminal('10030057', MID, 1), version: 'soon' };

    const report = await applyChanges({ records, clock }, batch);

    expect(report.counts).toEqual({ APPLIED: 99, STALE: 0, REFUSED: 1, FAILED: 0 });
    expect(report.outcomes[57]).toMatchObject({ changeId: 'T-10030057-1', result: 'REFUSED' });
    expect(records.records.has('terminal#10030057')).toBe(false);
  });

  it('keeps the newest version whatever order the changes of one record come in', async () => {
    const records = memoryRecordChanges();
    await applyChanges({ records, clock }, [merchant(MID, 1)]);

    const report = await applyChanges({ records, clock }, [
      terminal('10030012', MID, 3, 'DEREGISTERED'),
      terminal('10030012', MID, 2, 'PENDING_REVIEW'),
      terminal('10030012', MID, 3, 'DEREGISTERED'),
    ]);

    expect(report.outcomes.map((o) => o.result)).toEqual(['APPLIED', 'STALE', 'STALE']);
    expect(records.records.get('terminal#10030012')?.registration).toBe('DEREGISTERED');
  });

  it('reports a change the store could not write as FAILED, and goes on with the rest', async () => {
    const records = memoryRecordChanges();
    const failing = {
      apply: async (change: Parameters<typeof records.apply>[0], stamp: Parameters<typeof records.apply>[1]) => {
        if (change.changeId === 'M-898310058120002-1') throw new Error('throttled');
        return records.apply(change, stamp);
      },
    };

    const report = await applyChanges({ records: failing, clock }, [merchant(MID, 1), merchant('898310058120002', 1)]);

    expect(report.outcomes.map((o) => o.result)).toEqual(['APPLIED', 'FAILED']);
    expect(report.outcomes[1]?.error).toBe('throttled');
  });
});
