import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';

/** The user-pool group whose members are admins: settings and reviewers' accounts, besides the queue. */
export const ADMIN_GROUP = 'ops-admins';

export interface Reviewer {
  name: string;
  admin: boolean;
}

/**
 * The groups a token's `cognito:groups` claim names. API Gateway's HTTP API hands a list claim
 * to the function as one string, `[ops-admins other]`; a JSON list and an array are read too.
 */
export function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string' || claim.trim() === '') return [];
  const text = claim.trim();
  if (text.startsWith('[') && text.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // Not JSON: API Gateway's `[a b]`.
    }
    return text
      .slice(1, -1)
      .split(/[\s,]+/)
      .filter(Boolean);
  }
  return text.split(/[\s,]+/).filter(Boolean);
}

/**
 * The reviewer an ops request acts for, from the claims API Gateway's JWT authorizer verified
 * (a Cognito access token names its user in `username`, an ID token in `cognito:username`, and
 * its groups in `cognito:groups`); never from the request body. Null when the request carries none.
 */
export function reviewerOf(event: APIGatewayProxyEventV2WithJWTAuthorizer): Reviewer | null {
  const claims = event.requestContext.authorizer?.jwt?.claims ?? {};
  const name = claims.username ?? claims['cognito:username'];
  if (typeof name !== 'string' || name.length === 0) return null;
  return { name, admin: groupsOf(claims['cognito:groups']).includes(ADMIN_GROUP) };
}
