import { describe, expect, it } from 'vitest';
import { mask } from '#adapters/lambda/logger';

describe('mask', () => {
  it.each([
    ['mail from Owner@Tea-House.example.cn', 'mail from O***@T***.cn'],
    ['TID 10030012 and 1003A0F3', 'TID ****0012 and ****A0F3'],
    ['SES cannot send to 老板@早餐店.example: no', 'SES cannot send to 老***@早***.example: no'],
    ['to jdöe@mächine.example', 'to j***@m***.example'],
    ['ZD-104233, request f383384a, word ABCDEFGH', 'ZD-104233, request f383384a, word ABCDEFGH'],
  ])('masks %s', (text, expected) => {
    expect(mask(text)).toBe(expected);
  });
});
