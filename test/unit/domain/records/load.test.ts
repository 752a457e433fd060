import { describe, expect, it } from 'vitest';
import { passOf, readLoadRow, rowKeyOf, rowSupersedes } from '#domain/records/load';
import { terminal } from '#fixtures/domain';

const record = terminal();

describe('reading a row of an export', () => {
  it('reads a row as an upsert named after its line', () => {
    const read = readLoadRow({ entity: 'terminal', version: 7, record }, 12);

    expect(read).toEqual({
      ok: true,
      change: {
        changeId: 'line-12',
        entity: 'terminal',
        op: 'upsert',
        version: 7,
        record,
        key: { terminalId: '40000001' },
      },
    });
  });

  it.each([
    [null, 'a row must be a JSON object'],
    [[1], 'a row must be a JSON object'],
    [{ entity: 'terminal', version: 7, record, op: 'delete' }, 'not op'],
    [{ entity: 'terminal', version: 7, record, changeId: 'X' }, 'not changeId'],
    [{ entity: 'terminal', version: 0, record }, 'version must be a positive integer'],
    [{ entity: 'till', version: 1, record }, 'entity must be one of'],
    [{ entity: 'terminal', version: 1, record: { ...record, terminalId: 'x' } }, 'terminalId'],
    [{ entity: 'terminal', version: 1, record: { ...record, pan: '4111111111111111' } }, 'no field pan'],
  ])('refuses %j with its reason', (input, reason) => {
    const read = readLoadRow(input, 3);

    expect(read.ok).toBe(false);
    expect(read.ok ? '' : read.error).toContain(reason);
  });

  it('puts merchants and models in the first pass, terminals and invoices in the second', () => {
    expect(['merchant', 'model', 'terminal', 'invoice', 'till'].map((entity) => passOf({ entity }))).toEqual([
      0, 0, 1, 1, 0,
    ]);
    expect(passOf('not a row')).toBe(0);
  });

  it('keys a row by its record, as the feed does', () => {
    const read = readLoadRow(
      { entity: 'model', version: 1, record: { brand: 'PAX', model: 'A920 Pro', minFirmwareVersion: '1.0.0' } },
      1,
    );

    expect(read.ok && rowKeyOf(read.change)).toBe('model#PAX#A920%20Pro');
  });
});

describe('whether a row supersedes what is held', () => {
  const row = { loadId: 'L1', line: 7 };

  it('writes over nothing and over a lower version', () => {
    expect(rowSupersedes(3, undefined, row)).toBe(true);
    expect(rowSupersedes(3, { version: 2, deleted: false }, row)).toBe(true);
    expect(rowSupersedes(3, { version: 2, deleted: true }, row)).toBe(true);
  });

  it('skips an equal or newer version, a tombstone of its own version included', () => {
    expect(rowSupersedes(3, { version: 3, deleted: false }, row)).toBe(false);
    expect(rowSupersedes(3, { version: 4, deleted: false, loadId: 'L1', loadLine: 7 }, row)).toBe(false);
    expect(rowSupersedes(3, { version: 3, deleted: true, loadId: 'L1', loadLine: 7 }, row)).toBe(false);
  });

  it('writes its own version again when this row of this load wrote it (a resumed load)', () => {
    expect(rowSupersedes(3, { version: 3, deleted: false, loadId: 'L1', loadLine: 7 }, row)).toBe(true);
    expect(rowSupersedes(3, { version: 3, deleted: false, loadId: 'L0', loadLine: 7 }, row)).toBe(false);
  });

  it('skips a later row of the same version in the same load, as the feed skips an equal version', () => {
    expect(rowSupersedes(3, { version: 3, deleted: false, loadId: 'L1', loadLine: 2 }, row)).toBe(false);
  });
});
