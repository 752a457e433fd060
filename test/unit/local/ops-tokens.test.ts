import { jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { ADMIN_GROUP, groupsOf } from '#adapters/lambda/reviewer';
import { claimsOfToken, newOpsSecret, opsTokenFor } from '#lib/local/ops-tokens';

const secret = newOpsSecret();
const key = new TextEncoder().encode(secret);
const token = opsTokenFor(secret, 'alice');
const [header = '', payload = '', signature = ''] = token.split('.');

describe('a local reviewer token', () => {
  it('names the reviewer it was made for, as API Gateway passes the claims', () => {
    expect(claimsOfToken(secret, `Bearer ${token}`)).toMatchObject({ username: 'alice', token_use: 'access' });
    expect(claimsOfToken(secret, `Bearer ${token}`)).not.toHaveProperty('cognito:groups');
  });

  it("carries an admin's group as API Gateway hands a list claim to the function", () => {
    const claims = claimsOfToken(secret, `Bearer ${opsTokenFor(secret, 'carol', { admin: true })}`);

    expect(claims?.['cognito:groups']).toBe(`[${ADMIN_GROUP}]`);
    expect(groupsOf(claims?.['cognito:groups'])).toEqual([ADMIN_GROUP]);
  });

  it('is a JWT another implementation verifies, and takes one that implementation signed', async () => {
    const verified = await jwtVerify(token, key, { algorithms: ['HS256'] });
    const theirs = await new SignJWT({ username: 'dan' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);

    expect(verified.payload).toMatchObject({ username: 'alice', sub: 'alice' });
    expect(claimsOfToken(secret, `Bearer ${theirs}`)).toMatchObject({ username: 'dan' });
  });

  it('is refused once it has expired', () => {
    const brief = opsTokenFor(secret, 'alice', { ttlSeconds: 60, now: Date.parse('2026-12-03T08:00:00Z') });

    expect(claimsOfToken(secret, `Bearer ${brief}`, Date.parse('2026-12-03T08:00:59Z'))).not.toBeNull();
    expect(claimsOfToken(secret, `Bearer ${brief}`, Date.parse('2026-12-03T08:01:00Z'))).toBeNull();
  });

  it.each([
    ['with a part appended', `${token}.x`],
    ['with an empty part appended', `${token}.`],
    ['with the claims spelled with trailing bits', `${header}.${payload}A.${signature}`],
    ['with its signature cut short', token.slice(0, -1)],
    ['made under another secret', opsTokenFor(newOpsSecret(), 'alice')],
    ['without the signature', `${header}.${payload}`],
    ['with alg none', `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`],
    ['naming no reviewer', opsTokenFor(secret, 'a b')],
  ])('is refused %s', (_what, given) => {
    expect(claimsOfToken(secret, `Bearer ${given}`)).toBeNull();
  });

  it('is refused when its header says another algorithm, even signed with the secret', async () => {
    const other = await new SignJWT({ username: 'alice' })
      .setProtectedHeader({ alg: 'HS512' })
      .setExpirationTime('5m')
      .sign(key);

    expect(claimsOfToken(secret, `Bearer ${other}`)).toBeNull();
  });
});

describe('the groups claim', () => {
  it.each([
    ['API Gateway’s string', '[ops-admins reviewers]', ['ops-admins', 'reviewers']],
    ['a JSON list', '["ops-admins"]', ['ops-admins']],
    ['an array', ['ops-admins'], ['ops-admins']],
    ['absent', undefined, []],
  ])('is read from %s', (_what, claim, groups) => {
    expect(groupsOf(claim)).toEqual(groups);
  });
});
