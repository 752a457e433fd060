import { describe, expect, it } from 'vitest';
import { standing } from '#domain/records/diff';
import { type LoadUpsert, readLoadRow } from '#domain/records/load';
import { merchant as merchantRecord } from '#fixtures/domain';

const merchant = merchantRecord();
const row = (version: number, record: object = merchant): LoadUpsert => {
  const read = readLoadRow({ entity: 'merchant', version, record }, 1);
  if (!read.ok) throw new Error(read.error);
  return read.change;
};
const stamped = {
  ...merchant,
  contactEmailKey: 'owner@riverside.example',
  recordVersion: 4,
  recordReceivedAt: '2026-12-01T00:00:00Z',
};

describe('how the tables stand against a row of an export', () => {
  it('finds the same record at the same version, its stamps aside', () => {
    expect(standing(row(4), { version: 4, deleted: false }, stamped)).toEqual({ standing: 'SAME' });
  });

  it('names the fields that differ at the same version', () => {
    expect(standing(row(4, { ...merchant, status: 'SUSPENDED' }), { version: 4, deleted: false }, stamped)).toEqual({
      standing: 'DIFFERENT',
      fields: ['status'],
    });
  });

  it('calls a lower version stale and a higher one newer', () => {
    expect(standing(row(5), { version: 4, deleted: false }, stamped).standing).toBe('STALE');
    expect(standing(row(3), { version: 4, deleted: false }, stamped).standing).toBe('NEWER');
  });

  it('calls a record missing when nothing is held, or a tombstone older than the row', () => {
    expect(standing(row(5), undefined, null).standing).toBe('MISSING');
    expect(standing(row(5), { version: 4, deleted: true }, null).standing).toBe('MISSING');
  });

  it('calls a delete at or after the row newer', () => {
    expect(standing(row(4), { version: 4, deleted: true }, null).standing).toBe('NEWER');
    expect(standing(row(4), { version: 6, deleted: true }, null).standing).toBe('NEWER');
  });

  it('calls a record held without a version stale', () => {
    expect(standing(row(1), undefined, { ...merchant }).standing).toBe('STALE');
  });
});
