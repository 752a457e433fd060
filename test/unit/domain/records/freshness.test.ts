import { describe, expect, it } from 'vitest';
import { composeReply } from '#domain/replies/compose';
import { staleRecords } from '#domain/records/freshness';
import { decide } from '#domain/triage/decide';
import type { AsOf, Identification, RecordsRead } from '#domain/triage/types';
import { invoice, merchant, terminal, ticket } from '#fixtures/domain';

const HOUR = 3_600_000;
const DECIDED_AT = '2026-11-20T02:00:00.000Z';
const aged = (hours: number, version = 7): AsOf => ({
  version,
  receivedAt: new Date(Date.parse(DECIDED_AT) - hours * HOUR).toISOString(),
});
const rule = { at: DECIDED_AT, maxAgeMs: 24 * HOUR };

const identification: Identification = {
  kind: 'TERMINAL',
  terminal: terminal(),
  via: 'TID',
  namedMerchantIds: [],
  senderMerchants: [],
};
const read = (over: Partial<RecordsRead> = {}): RecordsRead => ({
  terminal: terminal({ asOf: aged(1) }),
  merchant: merchant({ asOf: aged(1) }),
  model: { brand: 'PAX', model: 'A920', minFirmwareVersion: '3.4.0', asOf: aged(1) },
  invoices: [],
  priorAutoResolved: [],
  ...over,
});
const fromCashier = ticket({ from: 'cashier@mail.example' });

describe('freshness in a decision', () => {
  it('escalates a fees reply when an overdue invoice was last received more than 24 h before', () => {
    const records = read({ invoices: [invoice({ asOf: aged(30, 88) })] });

    const d = decide({ ticket: fromCashier, identification, records, freshness: rule });

    expect(d).toMatchObject({
      outcome: 'ESCALATED',
      diagnosis: 'FEES_OVERDUE',
      findings: ['FEES_OVERDUE'],
      replyTo: 'cashier@mail.example',
      staleRecords: [{ entity: 'invoice', record: 'invoice INV-U-1', version: 88, ageHours: 30 }],
    });
    expect(d.reasons.join('\n')).toMatch(/RECORDS_STALE: older than 24 h when decided: invoice INV-U-1 \(version 88/);
    expect(d.reasons.at(-1)).toMatch(/^FEES_OVERDUE held back/);
  });

  it('asks for fresh fees to be paid and says as of when the invoices were received', () => {
    const records = read({
      invoices: [invoice({ asOf: aged(20) }), invoice({ invoiceId: 'INV-U-2', status: 'PAID', asOf: aged(2) })],
    });

    const d = decide({ ticket: fromCashier, identification, records, freshness: rule });
    const zh = composeReply({
      ticket: fromCashier,
      decision: d,
      records,
      merchant: records.merchant,
      escalationId: null,
    });
    const en = composeReply({
      ticket: fromCashier,
      decision: { ...d, language: 'en' },
      records,
      merchant: records.merchant,
      escalationId: null,
    });

    expect(d).toMatchObject({ outcome: 'AUTO_RESOLVED', staleRecords: [], invoicesAsOf: aged(20).receivedAt });
    expect(zh.text).toContain('截至 2026-11-19 14:00（北京时间），以下手续费账单已逾期');
    expect(en.text).toContain('As of 2026-11-19 14:00 (China Standard Time), these fee invoices are overdue');
  });

  it('names a stale terminal in the packet and keeps a decision that asks for no payment', () => {
    const records = read({ terminal: terminal({ registration: 'PENDING_ACTIVATION', asOf: aged(49, 3) }) });

    const d = decide({ ticket: fromCashier, identification, records, freshness: rule });

    expect(d.outcome).toBe('AUTO_RESOLVED');
    expect(d.diagnosis).toBe('NOT_ACTIVATED');
    expect(d.staleRecords).toEqual([
      { entity: 'terminal', record: 'terminal 40000001', version: 3, receivedAt: aged(49).receivedAt, ageHours: 49 },
    ]);
  });

  it('judges by the age it is given, and leaves records stored without a stamp unjudged', () => {
    const records = read({
      terminal: terminal(),
      merchant: merchant({ asOf: aged(2) }),
      invoices: [invoice({ asOf: aged(3) })],
    });

    const stale = staleRecords(records, { at: DECIDED_AT, maxAgeMs: HOUR });
    const withoutRule = decide({ ticket: fromCashier, identification, records });

    // The model, received an hour ago to the millisecond, is not over the hour.
    expect(stale.map((s) => s.record)).toEqual(['invoice INV-U-1', 'merchant 898600000000001']);
    expect(withoutRule.staleRecords).toBeUndefined();
  });
});
