import { describe, expect, it } from 'vitest';
import { formatYuan, maskTid } from '#domain/replies/format';
import { guideFor } from '#domain/replies/guides';

describe('maskTid', () => {
  it.each([
    ['10030012', '****0012'],
    ['1003A0F3', '****A0F3'],
  ])('masks %s as %s', (tid, masked) => {
    expect(maskTid(tid)).toBe(masked);
  });
});

describe('formatYuan', () => {
  it.each([
    [35600, 'zh', '¥356.00'],
    [5, 'zh', '¥0.05'],
    [123456789, 'en', 'CNY 1,234,567.89'],
    [0, 'en', 'CNY 0.00'],
  ] as const)('formats %i fen in %s as %s', (fen, language, text) => {
    expect(formatYuan(fen, language)).toBe(text);
  });
});

describe('guideFor', () => {
  it('matches brands case-insensitively', () => {
    expect(guideFor('pax', 'a920', 'zh')).toEqual(guideFor('PAX', 'A920', 'zh'));
  });

  it('falls back to the brand for a model it has no entry for', () => {
    expect(guideFor('PAX', 'Q99', 'en').signIn).toEqual(guideFor('PAX', 'S300', 'en').signIn);
    expect(guideFor('PAX', 'Q99', 'en').signIn.join(' ')).toContain('"Func"');
  });

  it('overrides the brand where a model differs', () => {
    expect(guideFor('PAX', 'S90', 'en').signIn).not.toEqual(guideFor('PAX', 'S300', 'en').signIn);
  });

  it.each([['A920'], ['A920 Pro'], ['a920-pro'], ['A77']])(
    "gives PAX's touch-screen %s taps in its payment app, not a key it does not have",
    (model) => {
      const zh = guideFor('PAX', model, 'zh');
      const en = guideFor('PAX', model, 'en');

      expect(zh.signIn.join('')).toContain('点开收单支付应用');
      expect(zh.signIn.join('')).not.toContain('功能');
      expect(en.signIn.join(' ')).toContain('Tap the payment app');
      expect(en.signIn.join(' ')).not.toContain('Func');
    },
  );

  it('gives every step list for an unknown brand', () => {
    const guide = guideFor('Acme', 'Z1', 'zh');

    for (const steps of Object.values(guide)) expect(steps.length).toBeGreaterThan(0);
  });
});
