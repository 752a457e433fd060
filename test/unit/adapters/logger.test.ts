import { describe, expect, it } from 'vitest';
import { mask } from '#adapters/lambda/logger';

describe('mask', () => {
  it.each([
    ['mail from Owner@Tea-House.example.cn', 'mail from O***@T***.cn'],
    ['TID 10030012 and 1003A0F3', 'TID ****0012 and ****A0F3'],
    ['ZD-104233, request f383384a, word ABCDEFGH', 'ZD-104233, request f383384a, word ABCDEFGH'],
  ])('masks %s', (text, expected) => {
    expect(mask(text)).toBe(expected);
  });
});
