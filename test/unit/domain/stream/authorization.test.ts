import { describe, expect, it } from 'vitest';
import { looksLikeCardNumber, passesLuhn, readAuthorizationEvent } from '#domain/stream/authorization';
import { seededRandom } from '#lib/local/random';

const event = {
  eventId: 'H1-20261120-000123',
  at: '2026-11-20T09:14:03.120+08:00',
  terminalId: '10030012',
  merchantId: '898310058120001',
  responseCode: '97',
};

/** A card number of `length` digits starting with `prefix`, its last digit making Luhn pass. */
function cardNumber(random: () => number, prefix: string, length: number): string {
  let digits = prefix;
  while (digits.length < length - 1) digits += String(Math.floor(random() * 10));
  for (let check = 0; check < 10; check++) if (passesLuhn(`${digits}${check}`)) return `${digits}${check}`;
  throw new Error('no check digit');
}

describe('reading an authorization event', () => {
  it('reads the five fields, the time as an instant', () => {
    expect(readAuthorizationEvent(event)).toEqual({
      ok: true,
      event: { ...event, atMs: Date.parse('2026-11-20T01:14:03.120Z') },
    });
  });

  it.each([
    [{ ...event, pan: '4111111111111111' }, 'five fields only, not pan'],
    [{ ...event, '4111111111111111': 'x' }, 'not 1 unnamed'],
    [{ ...event, at: '2026-11-20T09:14:03' }, 'at must be an ISO 8601 time with its offset'],
    [{ ...event, at: '2026-13-45T09:14:03Z' }, 'at must be'],
    [{ ...event, terminalId: '1003001' }, 'terminalId must be 8 digits or upper-case letters'],
    [{ ...event, merchantId: '89831005812000' }, 'merchantId must be 15 digits'],
    [{ ...event, responseCode: '9' }, 'responseCode must be 2 of'],
    [{ ...event, eventId: 'has space' }, 'eventId must be'],
    [{ ...event, eventId: 'x'.repeat(65) }, 'eventId must be'],
    [{ ...event, responseCode: 97 }, 'responseCode must be a string'],
    ['{}', 'an event must be a JSON object'],
  ])('rejects %j, saying why', (input, reason) => {
    const read = readAuthorizationEvent(input);

    expect(read.ok).toBe(false);
    expect(read.ok ? '' : read.error).toContain(reason);
  });

  it('names the eventId of a rejected event only when it is one', () => {
    expect(readAuthorizationEvent({ ...event, responseCode: '9' })).toMatchObject({ eventId: event.eventId });
    expect(readAuthorizationEvent({ ...event, eventId: '4111 1111 1111 1111' })).toMatchObject({ eventId: null });
  });

  it('takes a merchant number for a card number only in the American Express shape', () => {
    expect(readAuthorizationEvent({ ...event, merchantId: '378282246310005' }).ok).toBe(false);
    // Passes Luhn, as about a tenth of merchant numbers do by chance.
    expect(passesLuhn('898310058120005')).toBe(true);
    expect(readAuthorizationEvent({ ...event, merchantId: '898310058120005' }).ok).toBe(true);
  });

  it('rejects a card number hidden in any field, in any printed form, and never repeats it', () => {
    const random = seededRandom(6);
    const forms = [
      (pan: string) => pan,
      (pan: string) => pan.replace(/(\d{4})(?=\d)/g, '$1 '),
      (pan: string) => pan.replace(/(\d{4})(?=\d)/g, '$1-'),
    ];
    for (let i = 0; i < 2_000; i++) {
      const length = 13 + Math.floor(random() * 7);
      const pan = cardNumber(random, ['4', '51', '62', '6011', '35'][i % 5] ?? '4', length);
      const shown = (forms[i % forms.length] ?? forms[0])?.(pan) ?? pan;
      const field = (['eventId', 'at', 'terminalId', 'responseCode', 'extra'] as const)[i % 5] ?? 'eventId';
      const input = field === 'extra' ? { ...event, note: shown } : { ...event, [field]: `x${shown}` };

      const read = readAuthorizationEvent(input);

      expect(read.ok).toBe(false);
      expect(JSON.stringify(read)).not.toContain(pan);
      expect(JSON.stringify(read)).not.toContain(shown);
    }
  });
});

describe('what looks like a card number', () => {
  it('checks Luhn as card numbers are made', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(passesLuhn('378282246310005')).toBe(true);
  });

  it('leaves times, dates and counters alone', () => {
    for (const value of [
      'H1-20261120-000123',
      '2026-11-20T09:14:03.120+08:00',
      'B7:20261120:0000000001',
      '12345678901234567890123',
    ])
      expect(looksLikeCardNumber(value)).toBe(false);
  });
});
