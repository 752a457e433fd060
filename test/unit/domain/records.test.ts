import { describe, expect, it } from 'vitest';
import { validateRecords } from '#domain/records/validate';

const good = {
  merchants: [
    { merchantId: '898600000000001', name: '河畔咖啡', contactEmail: 'a@b.example', status: 'ACTIVE', language: 'zh' },
  ],
  terminals: [
    {
      terminalId: '4000A001',
      serialNumber: 'SN0001',
      merchantId: '898600000000001',
      brand: 'PAX',
      model: 'A920',
      registration: 'REGISTERED',
      firmwareVersion: '3.4.2',
    },
  ],
  models: [{ brand: 'PAX', model: 'A920', minFirmwareVersion: '3.4.0' }],
  invoices: [
    {
      invoiceId: 'I-1',
      merchantId: '898600000000001',
      period: '2026-10',
      amountDueFen: 100,
      amountPaidFen: 0,
      dueDate: '2026-11-10',
      status: 'OPEN',
    },
  ],
};

describe('validateRecords', () => {
  it('accepts records in the contract shape', () => {
    expect(validateRecords(good)).toEqual({ ok: true, records: good });
  });

  it('accepts firmware versions with a leading V or a suffix', () => {
    const records = {
      ...good,
      terminals: [{ ...good.terminals[0], firmwareVersion: 'V3.4.2-beta' }],
      models: [{ ...good.models[0], minFirmwareVersion: 'v3.4' }],
    };

    expect(validateRecords(records).ok).toBe(true);
  });

  it('treats a missing section as empty', () => {
    const result = validateRecords({ merchants: good.merchants });

    expect(result).toMatchObject({ ok: true, records: { terminals: [], models: [], invoices: [] } });
  });

  it('lists every bad entry with its path', () => {
    const result = validateRecords({
      ...good,
      terminals: [{ ...good.terminals[0], registration: 'ACTIVE', terminalId: 'abc' }],
      invoices: [{ ...good.invoices[0], amountDueFen: 12.5 }],
      extra: [],
    });

    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toEqual(
        expect.arrayContaining([
          'unknown section extra',
          'terminals[0].terminalId must be 8 digits or upper-case letters',
          expect.stringMatching(/^terminals\[0\]\.registration must be one of REGISTERED/),
          'invoices[0].amountDueFen must be a whole number of fen, 0 or more',
        ]),
      );
    }
  });

  it('rejects a document that is not an object', () => {
    expect(validateRecords([])).toMatchObject({ ok: false });
  });
});
