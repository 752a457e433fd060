import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';

/**
 * The reviewer an ops request acts for, from the claims API Gateway's JWT authorizer verified
 * (a Cognito access token names its user in `username`, an ID token in `cognito:username`);
 * never from the request body. Null when the request carries none.
 */
export function reviewerOf(event: APIGatewayProxyEventV2WithJWTAuthorizer): string | null {
  const claims = event.requestContext.authorizer?.jwt?.claims ?? {};
  const name = claims.username ?? claims['cognito:username'];
  return typeof name === 'string' && name.length > 0 ? name : null;
}
