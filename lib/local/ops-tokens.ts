import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The local stand-in for the ops user pool: a reviewer's bearer token is their name and an
 * HMAC of it under OPS_TOKEN, so the name comes from the token and nobody can claim another's.
 * The local gateway checks it where API Gateway's JWT authorizer checks a Cognito token.
 */
export const newOpsSecret = () => randomBytes(24).toString('base64url');

const mac = (secret: string, reviewer: string) =>
  createHmac('sha256', secret).update(`reviewer:${reviewer}`).digest('base64url');

export const opsTokenFor = (secret: string, reviewer: string) =>
  `${Buffer.from(reviewer, 'utf8').toString('base64url')}.${mac(secret, reviewer)}`;

/** The reviewer a bearer token names, when it was made with `secret`. */
export function reviewerOfToken(secret: string, authorization: string | undefined): string | null {
  const token = /^Bearer (\S+)$/i.exec(authorization?.trim() ?? '')?.[1];
  const parts = token?.split('.') ?? [];
  if (parts.length !== 2) return null;
  const [name = '', signature = ''] = parts;
  const reviewer = Buffer.from(name, 'base64url').toString('utf8');
  if (!reviewer || !/^[\w.@+-]{1,64}$/.test(reviewer)) return null;
  // base64url decoding skips what it cannot read: only the one spelling of the name is that name.
  if (Buffer.from(reviewer, 'utf8').toString('base64url') !== name) return null;
  const expected = Buffer.from(mac(secret, reviewer));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? reviewer : null;
}
