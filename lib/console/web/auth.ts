import { ADMIN_GROUP, groupsOf } from '#adapters/lambda/reviewer';
import type { ConsoleConfig } from './config.ts';

const TOKEN_KEY = 'code97.token';
const REFRESH_KEY = 'code97.refresh';
const PKCE_KEY = 'code97.pkce';

/** The reviewer's bearer token (and Cognito's refresh token), kept for this tab only. */
export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  keep: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  refreshToken: (): string | null => sessionStorage.getItem(REFRESH_KEY),
  keepRefresh: (token: string) => sessionStorage.setItem(REFRESH_KEY, token),
  forget: () => {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(REFRESH_KEY);
  },
};

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=/g, '');
const decodeBase64url = (text: string) => {
  const padded = text.replace(/-/g, '+').replace(/_/g, '/');
  return new TextDecoder().decode(Uint8Array.from(atob(padded), (c) => c.charCodeAt(0)));
};

function claimsOf(token: string): Record<string, unknown> {
  try {
    const claims: unknown = JSON.parse(decodeBase64url(token.split('.')[1] ?? ''));
    return claims !== null && typeof claims === 'object' ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Who a token names and whether they are an admin, for what the console shows only (the API
 * takes both from the verified token): a JWT's `username` and `cognito:groups`.
 */
export function reviewerOfToken(token: string): { name: string; admin: boolean } {
  const claims = claimsOf(token);
  return {
    name: String(claims.username ?? claims['cognito:username'] ?? '?'),
    admin: groupsOf(claims['cognito:groups']).includes(ADMIN_GROUP),
  };
}

type Cognito = Extract<ConsoleConfig['auth'], { kind: 'cognito' }>;

/** Sends the browser to Cognito's managed login (authorization code with PKCE). */
export async function beginCognitoSignIn(auth: Cognito): Promise<void> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: auth.redirectUri,
    scope: 'openid email profile',
    state,
    code_challenge_method: 'S256',
    code_challenge: challenge,
  });
  location.assign(`${auth.domain}/oauth2/authorize?${query}`);
}

/** Back from the managed login: trades the code for an access token (null when this is no such return). */
export async function completeCognitoSignIn(auth: Cognito): Promise<string | null> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (!code) return null;
  const kept = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null') as { verifier: string; state: string } | null;
  sessionStorage.removeItem(PKCE_KEY);
  history.replaceState(null, '', location.pathname + location.hash);
  if (!kept || kept.state !== params.get('state'))
    throw new Error('the sign-in answer does not match this tab; sign in again');
  const response = await fetch(`${auth.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: auth.clientId,
      code,
      redirect_uri: auth.redirectUri,
      code_verifier: kept.verifier,
    }),
  });
  if (!response.ok) throw new Error(`sign-in failed: HTTP ${response.status}`);
  const tokens = (await response.json()) as { access_token: string; refresh_token?: string };
  if (tokens.refresh_token) session.keepRefresh(tokens.refresh_token);
  return tokens.access_token;
}

/** A new access token from the refresh token the sign-in gave (null when there is none, or Cognito refuses it). */
export async function refreshCognitoSession(auth: Cognito): Promise<string | null> {
  const refreshToken = session.refreshToken();
  if (!refreshToken) return null;
  const response = await fetch(`${auth.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: auth.clientId, refresh_token: refreshToken }),
  }).catch(() => null);
  if (!response?.ok) return null;
  return ((await response.json()) as { access_token?: string }).access_token ?? null;
}

/** Ends the managed login's session too, so the next sign-in on this browser asks for the password and code again. */
export function endCognitoSession(auth: Cognito): void {
  const query = new URLSearchParams({ client_id: auth.clientId, logout_uri: auth.redirectUri });
  location.assign(`${auth.domain}/logout?${query}`);
}
