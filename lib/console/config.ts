/**
 * What the console is told where it is deployed (`config.json` beside index.html): the ops
 * API's base URL, and how reviewers sign in — Cognito's managed login on AWS, a reviewer's
 * bearer token locally.
 */
export type ConsoleConfig = {
  apiUrl: string;
  /** How often an open queue or item asks the API again (default 15). */
  refreshSeconds?: number;
  auth: { kind: 'token' } | { kind: 'cognito'; domain: string; clientId: string; redirectUri: string };
};
