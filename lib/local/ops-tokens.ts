import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ADMIN_GROUP } from '#adapters/lambda/reviewer';
import { REVIEWER_NAME } from '#domain/reviewers';

/**
 * The local stand-in for the ops user pool: a reviewer's bearer token is a JWT signed with
 * HS256 under OPS_TOKEN, carrying what a Cognito access token carries for the API (`username`,
 * `cognito:groups` for an admin, `exp`), so the name and the role come from the token and
 * nobody can claim another's. The local gateway checks it where API Gateway's JWT authorizer
 * checks a Cognito token, and hands the handler the claims the way API Gateway does.
 */
export const newOpsSecret = () => randomBytes(24).toString('base64url');

/** How long a local token is good for unless asked otherwise: a working day (Cognito's are an hour). */
/** The reviewers a local user pool starts with: an admin and a reviewer, as `npm start` prints their tokens. */
export const DEFAULT_LOCAL_REVIEWERS = [
  { name: 'alice', email: 'alice@ops.example', admin: true },
  { name: 'bob', email: 'bob@ops.example' },
] as const;

export const DEFAULT_TOKEN_HOURS = 12;

const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
const sign = (secret: string, signed: string) => createHmac('sha256', secret).update(signed).digest('base64url');

export interface TokenOptions {
  /** In the admins group: settings and reviewers' accounts. */
  admin?: boolean;
  ttlSeconds?: number;
  /** When the token is made, in epoch milliseconds. */
  now?: number;
}

export function opsTokenFor(secret: string, reviewer: string, options: TokenOptions = {}): string {
  const iat = Math.floor((options.now ?? Date.now()) / 1000);
  const claims = {
    sub: reviewer,
    username: reviewer,
    token_use: 'access',
    iat,
    exp: iat + (options.ttlSeconds ?? DEFAULT_TOKEN_HOURS * 3600),
    ...(options.admin ? { 'cognito:groups': [ADMIN_GROUP] } : {}),
  };
  const signed = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${signed}.${sign(secret, signed)}`;
}

/** A base64url part decoded to JSON, only when it is the one spelling of that JSON's bytes. */
function decodePart(part: string): Record<string, unknown> | null {
  const bytes = Buffer.from(part, 'base64url');
  // base64url decoding skips what it cannot read: only the canonical spelling is the token.
  if (bytes.toString('base64url') !== part) return null;
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * The claims of a bearer token made with `secret` and not expired at `now`, as API Gateway's
 * HTTP API passes a JWT's claims to a function: every value a string, a list as `[a b]`.
 */
export function claimsOfToken(
  secret: string,
  authorization: string | undefined,
  now = Date.now(),
): Record<string, string> | null {
  const token = /^Bearer (\S+)$/i.exec(authorization?.trim() ?? '')?.[1];
  const parts = token?.split('.') ?? [];
  if (parts.length !== 3) return null;
  const [header = '', payload = '', signature = ''] = parts;
  const expected = Buffer.from(sign(secret, `${header}.${payload}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  if (decodePart(header)?.alg !== 'HS256') return null;
  const claims = decodePart(payload);
  if (!claims || typeof claims.exp !== 'number' || claims.exp * 1000 <= now) return null;
  if (typeof claims.username !== 'string' || !REVIEWER_NAME.test(claims.username)) return null;
  return Object.fromEntries(
    Object.entries(claims).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : String(v)]),
  );
}
