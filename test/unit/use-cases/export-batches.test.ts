import { describe, expect, it } from 'vitest';
import { type BatchReport, reportOf, runExportBatch } from '#use-cases/export-batches';
import { merchant as merchantRecord, terminal as terminalRecord } from '#fixtures/domain';
import { memoryRecordLoad } from '#fixtures/memory/record-load';

const MID = '898600000000001';
const job = { loadId: 'RecordsLoad-1', receivedAt: '2026-12-04T02:00:00.000Z', pass: 0, mode: 'load' as const };
const rows = [
  { index: 0, row: { entity: 'terminal', version: 2, record: terminalRecord() } },
  { index: 1, row: { entity: 'merchant', version: 2, record: merchantRecord() } },
  { index: 2, row: { entity: 'merchant', version: 2, record: { merchantId: MID } } },
  { index: 3, row: 'not a row' },
];

describe('a batch of the cloud load', () => {
  it("writes its pass's rows, numbering each line from the row's index, and names those refused", async () => {
    const store = memoryRecordLoad();

    const report = await runExportBatch({ load: store, diff: store }, { job, rows });

    expect(report).toMatchObject({ mode: 'load', counts: { WRITTEN: 1, OLDER: 0, REFUSED: 2 }, unlisted: 0 });
    expect(report.listed.map((l) => l.line)).toEqual([3, 4]);
    expect(store.items.has(`merchant#${MID}`)).toBe(true);
    expect(store.items.has('terminal#40000001')).toBe(false);
  });

  it('writes the terminals in the second pass, once their merchants are in', async () => {
    const store = memoryRecordLoad();
    await runExportBatch({ load: store, diff: store }, { job, rows });

    const second = await runExportBatch({ load: store, diff: store }, { job: { ...job, pass: 1 }, rows });

    expect(second.counts).toEqual({ WRITTEN: 1, OLDER: 0, REFUSED: 0 });
    expect(store.versions.get('terminal#40000001')).toMatchObject({ version: 2, loadId: 'RecordsLoad-1' });
  });

  it('compares every row in a diff, whatever its pass, and looks for no extra records', async () => {
    const store = memoryRecordLoad();
    store.versions.set('merchant#898600000000009', { version: 1, deleted: false });

    const report = await runExportBatch(
      { load: store, diff: store },
      { job: { ...job, mode: 'diff' }, rows: rows.slice(0, 2) },
    );

    expect(report.mode).toBe('diff');
    expect(report.counts).toMatchObject({ MISSING: 2, EXTRA: 0 });
    expect(store.items.size).toBe(0);
  });
});

describe('the report of a cloud job', () => {
  it('adds the batches up and lists their lines in order', () => {
    const batches: BatchReport[] = [
      {
        mode: 'load',
        counts: { WRITTEN: 5, OLDER: 1, REFUSED: 1 },
        listed: [{ line: 900, result: 'REFUSED' }],
        unlisted: 0,
      },
      {
        mode: 'load',
        counts: { WRITTEN: 3, OLDER: 0, REFUSED: 3 },
        listed: [{ line: 12, result: 'REFUSED' }],
        unlisted: 2,
      },
    ];

    expect(reportOf('load', batches, 1)).toEqual({
      mode: 'load',
      counts: { WRITTEN: 8, OLDER: 1, REFUSED: 4 },
      listed: [
        { line: 12, result: 'REFUSED' },
        { line: 900, result: 'REFUSED' },
      ],
      unlisted: 2,
      failedBatches: 1,
    });
  });
});
