import { describe, expect, it } from 'vitest';
import { readChange, recordKeyOf, supersedes } from '#domain/records/changes';

const terminal = {
  terminalId: '10030012',
  serialNumber: 'N7A0031245',
  merchantId: '898310058120001',
  brand: 'PAX',
  model: 'A920',
  registration: 'REGISTERED',
  firmwareVersion: '3.4.2',
};
const upsert = { changeId: 'CRM-000981', entity: 'terminal', op: 'upsert', version: 1732070400123, record: terminal };

describe('a records change', () => {
  it("reads the contract's upsert and delete, keyed by the record they name", () => {
    const deleted = readChange({
      changeId: 'BILL-20331',
      entity: 'invoice',
      op: 'delete',
      version: 88,
      key: { invoiceId: 'INV-2026-10-0001' },
    });

    expect(readChange(upsert)).toEqual({ ok: true, change: { ...upsert, key: { terminalId: '10030012' } } });
    expect(deleted).toMatchObject({ ok: true, change: { op: 'delete', key: { invoiceId: 'INV-2026-10-0001' } } });
  });

  it.each([
    ['an unknown field', { ...upsert, source: 'crm' }, /unknown field source/],
    ['an unknown entity', { ...upsert, entity: 'acquirer' }, /entity must be one of/],
    ['a version of 0', { ...upsert, version: 0 }, /positive integer/],
    ['a version that is a string', { ...upsert, version: '5' }, /positive integer/],
    ['a fractional version', { ...upsert, version: 1.5 }, /positive integer/],
    ['an upsert with no record', { ...upsert, record: undefined }, /needs record/],
    ['an upsert with a key', { ...upsert, key: { terminalId: '10030012' } }, /not key/],
    ['a record missing a field', { ...upsert, record: { ...terminal, brand: undefined } }, /record\.brand/],
    ['a record with a field beyond the shape', { ...upsert, record: { ...terminal, pan: '4111' } }, /no field pan/],
    ['a bad registration', { ...upsert, record: { ...terminal, registration: 'OK' } }, /registration must be one of/],
    ['a delete with no key', { changeId: 'X-1', entity: 'merchant', op: 'delete', version: 2 }, /key must be/],
    [
      'a delete keyed by the wrong field',
      { changeId: 'X-1', entity: 'model', op: 'delete', version: 2, key: { brand: 'PAX', modelId: 'A920' } },
      /only brand and model/,
    ],
    [
      'a delete of a malformed merchant',
      { changeId: 'X-1', entity: 'merchant', op: 'delete', version: 2, key: { merchantId: '123' } },
      /15 digits/,
    ],
    ['an unknown op', { ...upsert, op: 'replace' }, /upsert or delete/],
    ['a changeId with a newline', { ...upsert, changeId: 'a\nb' }, /changeId/],
  ])('refuses %s, naming why', (_case, input, reason) => {
    const read = readChange(input);

    expect(read.ok).toBe(false);
    expect(!read.ok && read.error).toMatch(reason);
  });

  it('names the change it refuses when its changeId is usable, and refuses what is not an object', () => {
    expect(readChange({ ...upsert, version: -1 })).toMatchObject({ ok: false, changeId: 'CRM-000981' });
    expect(readChange([upsert])).toMatchObject({ ok: false, changeId: null });
    expect(readChange(null)).toMatchObject({ ok: false, changeId: null });
  });

  it('keeps one key per record, which no brand or model spelling can make collide', () => {
    expect(recordKeyOf('model', { brand: 'A#B', model: 'C' })).not.toBe(
      recordKeyOf('model', { brand: 'A', model: 'B#C' }),
    );
    expect(recordKeyOf('terminal', { terminalId: '10030012' })).toBe('terminal#10030012');
  });

  it('lets a version apply only over a lower one', () => {
    expect(supersedes(5, null)).toBe(true);
    expect(supersedes(5, { version: 4 })).toBe(true);
    expect(supersedes(5, { version: 5 })).toBe(false);
    expect(supersedes(5, { version: 6 })).toBe(false);
  });
});
