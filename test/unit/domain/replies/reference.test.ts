import { describe, expect, it } from 'vitest';
import { readReference, referenceOf, referencesIn } from '#domain/replies/reference';

describe('referenceOf', () => {
  it('is ten characters of Crockford base32 in two groups, the same for the same ticket', () => {
    const reference = referenceOf('MAIL-172b253e078e219fad101d66');

    expect(reference).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(referenceOf('MAIL-172b253e078e219fad101d66')).toBe(reference);
  });

  it('gives 100,000 tickets 100,000 references', () => {
    const references = new Set(Array.from({ length: 100_000 }, (_, i) => referenceOf(`ZD-${i}-${i * 7}`)));

    expect(references.size).toBe(100_000);
  });
});

describe('reading a reference back', () => {
  const reference = referenceOf('ZD-77');

  it.each([
    [reference],
    [reference.toLowerCase()],
    [reference.replace('-', ' ')],
    [reference.replace('-', '')],
    [reference.replaceAll('0', 'o').replaceAll('1', 'l')],
  ])('reads %s as the reference', (written) => {
    expect(readReference(written)).toBe(reference);
  });

  it.each([['MAIL-172b253e078e219fad101d66'], ['ZD-77'], ['ABCDE-FGHJU'], ['ABCD-EFGH']])(
    'reads %s as none',
    (text) => {
      expect(readReference(text)).toBeNull();
    },
  );

  it('finds it in a reply subject, bracketed or not, once', () => {
    expect(referencesIn(`回复：[${reference}] 处理方法`)).toEqual([reference]);
    expect(referencesIn(`Re: ${reference.toLowerCase()} still 97, see ${reference}`)).toEqual([reference]);
    expect(referencesIn('Re: [MAIL-172b253e078e219fad101d66] POS 97')).toEqual([]);
  });
});
