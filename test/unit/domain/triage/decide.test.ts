import { describe, expect, it } from 'vitest';
import { decide } from '#domain/triage/decide';
import type { Identification, RecordsRead } from '#domain/triage/types';
import { invoice, merchant, terminal, ticket } from '#fixtures/domain';

const shop = merchant();
const found = (over: Partial<Extract<Identification, { kind: 'TERMINAL' }>> = {}): Identification => ({
  kind: 'TERMINAL',
  terminal: terminal(),
  via: 'TID',
  namedMerchantIds: [],
  senderMerchants: [],
  ...over,
});
const records = (over: Partial<RecordsRead> = {}): RecordsRead => ({
  terminal: terminal(),
  merchant: shop,
  model: { brand: 'PAX', model: 'A920', minFirmwareVersion: '3.4.0' },
  invoices: [],
  priorAutoResolved: [],
  ...over,
});

describe('decide', () => {
  it('auto-resolves merchant-fixable findings to the registered contact, even for another sender', () => {
    const d = decide({
      ticket: ticket({ from: 'cashier@mail.example' }),
      identification: found(),
      records: records({ invoices: [invoice()] }),
    });

    expect(d).toMatchObject({
      outcome: 'AUTO_RESOLVED',
      diagnosis: 'FEES_OVERDUE',
      findings: ['FEES_OVERDUE'],
      replyTo: shop.contactEmail,
      merchantId: shop.merchantId,
      terminalId: '40000001',
      language: 'zh',
    });
    expect(d.overdueInvoices).toHaveLength(1);
  });

  it('escalates on any escalation finding and acknowledges the sender', () => {
    const d = decide({
      ticket: ticket({ from: 'cashier@mail.example' }),
      identification: found(),
      records: records({ terminal: terminal({ registration: 'DEREGISTERED', firmwareVersion: '1.0' }) }),
    });

    expect(d).toMatchObject({
      outcome: 'ESCALATED',
      diagnosis: 'TERMINAL_DEREGISTERED',
      findings: ['TERMINAL_DEREGISTERED', 'FIRMWARE_OUTDATED'],
      replyTo: 'cashier@mail.example',
    });
  });

  it.each(['TERMINAL_NOT_FOUND', 'MERCHANT_NOT_FOUND'] as const)(
    'escalates %s to the sender with that one finding',
    (kind) => {
      const d = decide({
        ticket: ticket({ from: 'new@shop.example' }),
        identification: { kind, senderMerchants: [] },
        records: null,
      });

      expect(d).toMatchObject({
        outcome: 'ESCALATED',
        diagnosis: kind,
        findings: [kind],
        replyTo: 'new@shop.example',
        terminalId: null,
      });
    },
  );

  it('asks the registered contact when the merchant is known', () => {
    const d = decide({
      ticket: ticket({ from: 'someone@mail.example' }),
      identification: { kind: 'NEEDS_INFO', merchant: shop },
      records: null,
    });

    expect(d).toMatchObject({
      outcome: 'NEEDS_INFO',
      diagnosis: 'NEEDS_INFO',
      findings: [],
      replyTo: shop.contactEmail,
      merchantId: shop.merchantId,
    });
  });

  it('asks the sender when no merchant is known', () => {
    const d = decide({
      ticket: ticket({ from: 'someone@mail.example' }),
      identification: { kind: 'NEEDS_INFO', merchant: null },
      records: null,
    });

    expect(d).toMatchObject({ outcome: 'NEEDS_INFO', replyTo: 'someone@mail.example', merchantId: null });
  });

  it('escalates a terminal whose merchant record is missing instead of mailing account data', () => {
    const d = decide({ ticket: ticket(), identification: found(), records: records({ merchant: null }) });

    expect(d).toMatchObject({
      outcome: 'ESCALATED',
      diagnosis: 'MERCHANT_NOT_FOUND',
      findings: ['MERCHANT_NOT_FOUND', 'SIGN_IN_REQUIRED'],
    });
  });

  it('replies in English to an English ticket from a Chinese-language merchant', () => {
    const d = decide({
      ticket: ticket({ subject: 'Error 97', body: 'Our terminal shows error 97 since this morning.' }),
      identification: found(),
      records: records(),
    });

    expect(d.language).toBe('en');
  });

  it('refuses to decide on an identified terminal without its records', () => {
    expect(() => decide({ ticket: ticket(), identification: found(), records: null })).toThrow(/records/);
  });
});
