import { describe, expect, it } from 'vitest';
import { parseTicketLine, validateTicket } from '#domain/triage/validate';

const valid = {
  ticketId: 'ZD-104233',
  receivedAt: '2026-11-20T09:14:00+08:00',
  from: 'owner@teahouse.example',
  subject: 'POS机刷卡显示97',
  body: '今天早上开始刷卡一直提示97终端未登记',
};

describe('validateTicket', () => {
  it('accepts a ticket with the optional fields and returns only known fields', () => {
    const result = validateTicket({ ...valid, channel: 'web', merchantId: '898310058120001', terminalId: '1003A0F3' });

    expect(result).toEqual({
      ok: true,
      ticket: { ...valid, channel: 'web', merchantId: '898310058120001', terminalId: '1003A0F3' },
    });
  });

  it.each([['老板@早餐店.example'], ['jdöe@mächine.example'], ['owner@xn--6qq79v.example'], ['店长@shop.example']])(
    'accepts the international address %s (RFC 6531)',
    (from) => {
      expect(validateTicket({ ...valid, from })).toMatchObject({ ok: true, ticket: { from } });
    },
  );

  it.each([['a@b'], ['a@-shop.example'], ['a@shop_x.example'], ['老板 @早餐店.example'], ['@早餐店.example']])(
    'still refuses %s',
    (from) => {
      expect(validateTicket({ ...valid, from })).toMatchObject({ ok: false, field: 'from' });
    },
  );

  it('accepts an empty body and a UTC timestamp', () => {
    expect(validateTicket({ ...valid, body: '', receivedAt: '2026-11-19T17:30:00Z' }).ok).toBe(true);
  });

  it.each([
    [{ ...valid, receivedAt: undefined }, 'receivedAt', /required/],
    [{ ...valid, ticketId: 'ZD 2035' }, 'ticketId', /ticketId/],
    [{ ...valid, ticketId: 'x'.repeat(65) }, 'ticketId', /1 to 64/],
    [{ ...valid, ticketId: '' }, 'ticketId', /ticketId/],
    [{ ...valid, from: '徐汇便利店 店长' }, 'from', /not an email address/],
    [{ ...valid, receivedAt: '2026-11-20T09:14:00' }, 'receivedAt', /offset/],
    [{ ...valid, receivedAt: '2026-02-30T09:14:00+08:00' }, 'receivedAt', /ISO 8601/],
    [{ ...valid, receivedAt: 'yesterday' }, 'receivedAt', /ISO 8601/],
    [{ ...valid, subject: 42 }, 'subject', /string/],
    [{ ...valid, body: null }, 'body', /required/],
    [{ ...valid, channel: 'fax' }, 'channel', /email, web, chat/],
    [{ ...valid, merchantId: '12345' }, 'merchantId', /15 digits/],
    [{ ...valid, terminalId: '1003a0f3' }, 'terminalId', /8 digits/],
    [{ ...valid, priority: 'high' }, 'priority', /unknown field priority/],
    [{ ...valid, body: 'x'.repeat(100_000) }, 'body', /100000/],
  ])('rejects %o naming %s', (input, field, message) => {
    const result = validateTicket(input);

    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.field).toBe(field);
      expect(result.error).toMatch(message);
    }
  });

  it.each([[null], [[]], ['a string'], [42]])('rejects %o as not an object', (input) => {
    expect(validateTicket(input)).toMatchObject({ ok: false, field: null });
  });
});

describe('parseTicketLine', () => {
  it('rejects a line that is not JSON', () => {
    expect(parseTicketLine('From: boss@shop.example Subject: POS 97')).toMatchObject({
      ok: false,
      field: null,
      error: expect.stringMatching(/^not JSON/),
    });
  });

  it('validates a JSON line', () => {
    expect(parseTicketLine(JSON.stringify(valid)).ok).toBe(true);
  });
});
