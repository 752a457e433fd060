import { describe, expect, it } from 'vitest';
import { chinaDate, evaluateFindings } from '#domain/triage/findings';
import type { Identification, RecordsRead, Registration } from '#domain/triage/types';
import { compareVersions } from '#domain/triage/version';
import { invoice, merchant, terminal } from '#fixtures/domain';

type Found = Extract<Identification, { kind: 'TERMINAL' }>;
const RECEIVED = '2026-11-20T10:00:00+08:00';

const found = (over: Partial<Found> = {}): Found => ({
  kind: 'TERMINAL',
  terminal: terminal(),
  via: 'TID',
  namedMerchantIds: [],
  senderMerchants: [merchant()],
  ...over,
});

const records = (over: Partial<RecordsRead> = {}): RecordsRead => ({
  terminal: terminal(),
  merchant: merchant(),
  model: { brand: 'PAX', model: 'A920', minFirmwareVersion: '3.4.0' },
  invoices: [],
  priorAutoResolved: [],
  ...over,
});

const findingsOf = (r: Partial<RecordsRead>, id: Partial<Found> = {}, receivedAt = RECEIVED) =>
  evaluateFindings({ receivedAt, ticketId: 'NOW', identification: found(id), records: records(r) }).findings;

describe('evaluateFindings', () => {
  it('asks for sign-in when every record is fine', () => {
    expect(findingsOf({})).toEqual(['SIGN_IN_REQUIRED']);
  });

  it.each<[Registration, string[]]>([
    ['REGISTERED', ['SIGN_IN_REQUIRED']],
    ['PENDING_ACTIVATION', ['NOT_ACTIVATED']],
    ['PENDING_REVIEW', ['APPLICATION_INCOMPLETE']],
    ['REJECTED', ['APPLICATION_INCOMPLETE']],
    ['DEREGISTERED', ['TERMINAL_DEREGISTERED']],
  ])('reads registration %s as %o', (registration, expected) => {
    expect(findingsOf({ terminal: terminal({ registration }) })).toEqual(expected);
  });

  it.each([['SUSPENDED'], ['CLOSED']] as const)('finds a %s merchant inactive', (status) => {
    expect(findingsOf({ merchant: merchant({ status }) })).toEqual(['MERCHANT_INACTIVE']);
  });

  it('finds a mismatch when a MID in the ticket names another merchant', () => {
    expect(findingsOf({}, { namedMerchantIds: ['898600000000002'], senderMerchants: [] })).toEqual([
      'MERCHANT_MISMATCH',
    ]);
  });

  it('finds a mismatch when the sender is the contact of another merchant', () => {
    expect(findingsOf({}, { senderMerchants: [merchant({ merchantId: '898600000000002' })] })).toEqual([
      'MERCHANT_MISMATCH',
    ]);
  });

  it('finds no mismatch for an unknown sender', () => {
    expect(findingsOf({}, { senderMerchants: [] })).toEqual(['SIGN_IN_REQUIRED']);
  });

  it('finds no mismatch when the sender is the contact of several merchants, this one among them', () => {
    const senderMerchants = [merchant({ merchantId: '898600000000002' }), merchant()];

    expect(findingsOf({}, { senderMerchants })).toEqual(['SIGN_IN_REQUIRED']);
  });

  it('finds a fee dispute on any DISPUTED invoice', () => {
    expect(findingsOf({ invoices: [invoice({ status: 'DISPUTED', dueDate: '2026-12-31' })] })).toEqual(['FEE_DISPUTE']);
  });

  it.each([
    ['due yesterday', invoice({ dueDate: '2026-11-19' }), ['FEES_OVERDUE']],
    ['due today', invoice({ dueDate: '2026-11-20' }), ['SIGN_IN_REQUIRED']],
    ['partly paid and past due', invoice({ amountPaidFen: 5000 }), ['FEES_OVERDUE']],
    ['fully paid but still OPEN', invoice({ amountPaidFen: 10000 }), ['SIGN_IN_REQUIRED']],
    ['PAID', invoice({ status: 'PAID' }), ['SIGN_IN_REQUIRED']],
  ])('reads an invoice %s', (_, inv, expected) => {
    expect(findingsOf({ invoices: [inv] })).toEqual(expected);
  });

  it('dates the ticket in China Standard Time: 17:30Z is the next day there', () => {
    const inv = invoice({ dueDate: '2026-11-19' });

    expect(findingsOf({ invoices: [inv] }, {}, '2026-11-19T15:59:00Z')).toEqual(['SIGN_IN_REQUIRED']);
    expect(findingsOf({ invoices: [inv] }, {}, '2026-11-19T17:30:00Z')).toEqual(['FEES_OVERDUE']);
  });

  it('returns the overdue invoices, oldest first', () => {
    const result = evaluateFindings({
      receivedAt: RECEIVED,
      identification: found(),
      records: records({
        invoices: [
          invoice({ invoiceId: 'B', dueDate: '2026-11-15' }),
          invoice({ invoiceId: 'A', dueDate: '2026-10-15' }),
          invoice({ invoiceId: 'C', dueDate: '2026-12-15' }),
        ],
      }),
    });

    expect(result.overdueInvoices.map((i) => i.invoiceId)).toEqual(['A', 'B']);
  });

  it.each([
    ['3.3.9', ['FIRMWARE_OUTDATED']],
    ['3.4.0', ['SIGN_IN_REQUIRED']],
    ['3.10.0', ['SIGN_IN_REQUIRED']],
  ])('compares firmware %s with the 3.4.0 minimum', (firmwareVersion, expected) => {
    expect(findingsOf({ terminal: terminal({ firmwareVersion }) })).toEqual(expected);
  });

  it('skips the firmware check when the model has no minimum on record', () => {
    expect(findingsOf({ terminal: terminal({ firmwareVersion: '0.1' }), model: null })).toEqual(['SIGN_IN_REQUIRED']);
  });

  it.each([
    ['4 days before', '2026-11-16T10:00:00+08:00', true],
    ['exactly 168 hours before', '2026-11-13T10:00:00+08:00', true],
    ['168.75 hours before', '2026-11-13T09:15:00+08:00', false],
    ['after this ticket', '2026-11-21T10:00:00+08:00', false],
  ])('counts an auto-resolved ticket %s as a repeat: %s', (_, receivedAt, repeat) => {
    const result = findingsOf({ priorAutoResolved: [{ ticketId: 'EARLIER', receivedAt }] });

    expect(result.includes('REPEAT_CONTACT')).toBe(repeat);
  });

  it('does not count this ticket itself as a repeat', () => {
    expect(findingsOf({ priorAutoResolved: [{ ticketId: 'NOW', receivedAt: '2026-11-19T10:00:00+08:00' }] })).toEqual([
      'SIGN_IN_REQUIRED',
    ]);
  });

  it('keeps every finding, escalations first, in priority order', () => {
    const result = findingsOf(
      {
        terminal: terminal({ registration: 'PENDING_ACTIVATION', firmwareVersion: '1.0.0' }),
        merchant: merchant({ status: 'SUSPENDED' }),
        invoices: [invoice(), invoice({ invoiceId: 'D', status: 'DISPUTED' })],
        priorAutoResolved: [{ ticketId: 'EARLIER', receivedAt: '2026-11-18T10:00:00+08:00' }],
      },
      { namedMerchantIds: ['898600000000002'] },
    );

    expect(result).toEqual([
      'MERCHANT_MISMATCH',
      'MERCHANT_INACTIVE',
      'FEE_DISPUTE',
      'REPEAT_CONTACT',
      'NOT_ACTIVATED',
      'FEES_OVERDUE',
      'FIRMWARE_OUTDATED',
    ]);
  });
});

describe('evaluateFindings reasons', () => {
  it('explains each finding with the record that shows it', () => {
    const { reasons } = evaluateFindings({
      receivedAt: RECEIVED,
      ticketId: 'NOW',
      identification: found(),
      records: records({
        terminal: terminal({ firmwareVersion: '3.3.0' }),
        invoices: [invoice({ invoiceId: 'INV-LATE', dueDate: '2026-11-01' })],
        priorAutoResolved: [{ ticketId: 'EARLIER', receivedAt: '2026-11-19T10:00:00+08:00' }],
      }),
    });

    expect(reasons).toEqual([
      'REPEAT_CONTACT: auto-resolved within 168 h before this ticket: EARLIER',
      'FEES_OVERDUE: unpaid past due on 2026-11-20 (CST): INV-LATE due 2026-11-01',
      'FIRMWARE_OUTDATED: firmware 3.3.0 is below the PAX A920 minimum 3.4.0',
    ]);
  });
});

describe('a terminal whose model has no baseline (playbook §5)', () => {
  it('reports no FIRMWARE_OUTDATED and says the baseline is unknown', () => {
    const result = evaluateFindings({
      receivedAt: '2026-11-20T10:00:00+08:00',
      identification: {
        kind: 'TERMINAL',
        terminal: terminal({ firmwareVersion: '0.0.1' }),
        via: 'TID',
        namedMerchantIds: [],
        senderMerchants: [],
      },
      records: {
        terminal: terminal({ firmwareVersion: '0.0.1' }),
        merchant: merchant(),
        model: null,
        invoices: [],
        priorAutoResolved: [],
      },
    });

    expect(result.findings).toEqual(['SIGN_IN_REQUIRED']);
    expect(result.reasons.join('\n')).toMatch(/baseline for PAX A920 is unknown/);
  });
});

describe('compareVersions', () => {
  it.each([
    ['3.10.0', '3.9.2', 1],
    ['1.11.5', '1.12.0', -1],
    ['2.8.0', '2.8.0', 0],
    ['2.8', '2.8.0', 0],
    ['10.0', '9.99.99', 1],
    ['V3.4.2', '3.4.2', 0],
    ['v3.4', '3.4.0', 0],
    ['3.4.2-beta', '3.4.2', -1],
    ['3.4.2', '3.4.2-rc1', 1],
    ['3.4.3-beta', '3.4.2', 1],
    ['3.4.2-beta2', '3.4.2-beta10', -1],
  ])('compares %s with %s', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
  });
});

describe('chinaDate', () => {
  it.each([
    ['2026-11-19T17:30:00Z', '2026-11-20'],
    ['2026-11-19T15:59:59Z', '2026-11-19'],
    ['2026-11-20T00:30:00+08:00', '2026-11-20'],
    ['2026-11-19T23:30:00-05:00', '2026-11-20'],
  ])('dates %s as %s', (iso, date) => {
    expect(chinaDate(iso)).toBe(date);
  });
});
