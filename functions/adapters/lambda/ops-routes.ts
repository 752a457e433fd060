/**
 * The ops API's routes, as API Gateway keys them: the stack adds each one to the HTTP API and
 * the ops-api handler implements each one (its route table is typed by this list).
 */
export const OPS_ROUTE_KEYS = [
  'GET /escalations',
  'GET /escalations/{escalationId}',
  'POST /escalations/{escalationId}/claim',
  'POST /escalations/{escalationId}/release',
  'POST /escalations/{escalationId}/resolve',
  'POST /escalations/{escalationId}/reply',
  'POST /escalations/{escalationId}/rerun',
  'POST /escalations/{escalationId}/note',
  'POST /escalations/{escalationId}/assign',
  'POST /escalations/bulk',
  'GET /tickets/{ticketId}',
  'GET /tickets/{ticketId}/thread',
  'GET /tickets',
  'GET /stats',
  'GET /settings',
  'GET /reviewers',
  'POST /reviewers',
  'POST /reviewers/{reviewerName}',
] as const;

export type OpsRouteKey = (typeof OPS_ROUTE_KEYS)[number];

/** The routes only a member of the admins group may call; every other route is any reviewer's. */
export const ADMIN_ROUTE_KEYS: ReadonlySet<OpsRouteKey> = new Set([
  'GET /settings',
  'POST /reviewers',
  'POST /reviewers/{reviewerName}',
]);

/** A route key's method and path. */
export const routeParts = (key: OpsRouteKey) => {
  const [method = 'GET', path = '/'] = key.split(' ');
  return { method: method as 'GET' | 'POST', path };
};
