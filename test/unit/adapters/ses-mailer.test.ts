import { describe, expect, it } from 'vitest';
import { sesAddress } from '#adapters/ses/mailer';
import { DeliveryError } from '#use-cases/ports';

// The punycode forms are Python's idna codec's, a second implementation.
describe('sesAddress', () => {
  it.each([
    ['owner@shop.example', 'owner@shop.example'],
    ['owner@早餐店.example', 'owner@xn--hxtv6nps0c.example'],
    ['j.doe+97@Mächine.example', 'j.doe+97@xn--mchine-bua.example'],
  ])('writes %s as %s', (address, written) => {
    expect(sesAddress(address)).toBe(written);
  });

  it.each([['老板@早餐店.example'], ['jdöe@mächine.example']])(
    'refuses %s, whose local part SES cannot take, as a final refusal',
    (address) => {
      expect(() => sesAddress(address)).toThrow(DeliveryError);
      expect(() => sesAddress(address)).toThrow('local part is not ASCII');
      try {
        sesAddress(address);
      } catch (error) {
        expect((error as DeliveryError).certainty).toBe('REJECTED');
      }
    },
  );
});
