import { describe, expect, it } from 'vitest';
import { newOpsSecret, opsTokenFor, reviewerOfToken } from '#lib/local/ops-tokens';

const secret = newOpsSecret();
const token = opsTokenFor(secret, 'alice');

describe('a local reviewer token', () => {
  it('names the reviewer it was made for', () => {
    expect(reviewerOfToken(secret, `Bearer ${token}`)).toBe('alice');
  });

  it.each([
    ['with a part appended', `${token}.x`],
    ['with an empty part appended', `${token}.`],
    ['with the name spelled with trailing bits', `${token.split('.')[0]}A.${token.split('.')[1]}`],
    ['with its signature cut short', token.slice(0, -1)],
    ['made under another secret', opsTokenFor(newOpsSecret(), 'alice')],
    ['without the signature', token.split('.')[0] ?? ''],
  ])('is refused %s', (_what, given) => {
    expect(reviewerOfToken(secret, `Bearer ${given}`)).toBeNull();
  });
});
