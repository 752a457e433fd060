import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { dynamoEscalations } from '#adapters/dynamodb/escalations';
import { dynamoTickets } from '#adapters/dynamodb/tickets';
import { db } from '#adapters/lambda/db';
import { requiredEnv, slaMsFromEnv } from '#adapters/lambda/env';
import { mailerFromEnv } from '#adapters/lambda/mail-out';
import { jsonBody, jsonResponse } from '#adapters/lambda/http';
import { httpHandler } from '#adapters/lambda/middleware';
import { ADMIN_ROUTE_KEYS, type OpsRouteKey } from '#adapters/lambda/ops-routes';
import { ADMIN_GROUP, reviewerOf } from '#adapters/lambda/reviewer';
import { RULES_VERSION } from '#domain/triage/rules-version';
import { HOUR_MS } from '#domain/time';
import { acceptAdapters } from '#adapters/lambda/wiring';
import { isStoredId } from '#domain/triage/validate';
import { REVIEWER_NAME } from '#domain/reviewers';
import { cognitoClient } from '#adapters/aws/cognito-client';
import { cognitoReviewers } from '#adapters/cognito/reviewers';
import { ENV } from '#adapters/lambda/env-names';
import { changeReviewer, createReviewer, listReviewers } from '#use-cases/reviewers';
import {
  addNote,
  assignEscalation,
  bulkChange,
  claimEscalation,
  getEscalation,
  listEscalations,
  releaseEscalation,
  replyFromQueue,
  rerunFromQueue,
  resolveEscalation,
  type QueueResult,
} from '#use-cases/escalation-queue';
import { getDecisionRecord, searchDecisionRecords, ticketThread } from '#use-cases/decision-records';
import { opsStats } from '#use-cases/ops-stats';

const deps = {
  ...acceptAdapters(),
  escalations: dynamoEscalations(db),
  tickets: dynamoTickets(db),
  mailer: mailerFromEnv(),
  slaMs: slaMsFromEnv(),
  reviewers: cognitoReviewers(cognitoClient, requiredEnv(ENV.opsUserPoolId), ADMIN_GROUP),
};

/** What an admin sees of how the queue is set up. */
const SETTINGS = { slaHours: deps.slaMs / HOUR_MS, adminGroup: ADMIN_GROUP, rulesVersion: RULES_VERSION };

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
interface Ctx {
  by: string;
  admin: boolean;
  escalationId: string;
}
type Route = (event: Event, ctx: Ctx) => Promise<QueueResult<unknown>>;

const answer = (result: QueueResult<unknown>) =>
  result.ok
    ? jsonResponse(200, result.value)
    : jsonResponse(result.status, {
        error: result.error,
        field: result.field ?? null,
        ...(result.code ? { code: result.code } : {}),
        ...(result.claimedBy ? { claimedBy: result.claimedBy } : {}),
      });

/** A request header by name, whatever case the caller gave it. */
const headerOf = (event: Event, name: string): string | null =>
  Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === name)?.[1] ?? null;

/** A route whose JSON body is read first (400 naming `body` when it is not JSON). */
const withBody =
  (route: (event: Event, ctx: Ctx, body: unknown) => Promise<QueueResult<unknown>>): Route =>
  async (event, ctx) => {
    const body = jsonBody(event);
    return body.ok ? route(event, ctx, body.value) : { ok: false, status: 400, error: body.error, field: 'body' };
  };

const ROUTES: Record<OpsRouteKey, Route> = {
  'GET /escalations': async (event) => {
    const result = await listEscalations(deps, event.queryStringParameters ?? {});
    return result.ok ? { ok: true, value: { ...result.value, more: result.value.cursor !== null } } : result;
  },
  'GET /escalations/{escalationId}': (_event, { escalationId }) => getEscalation(deps, escalationId),
  'POST /escalations/{escalationId}/claim': (_event, { escalationId, by }) =>
    claimEscalation(deps, { escalationId, by }),
  'POST /escalations/{escalationId}/release': (_event, { escalationId, by }) =>
    releaseEscalation(deps, { escalationId, by }),
  'POST /escalations/{escalationId}/resolve': withBody((event, ctx, body) => resolveEscalation(deps, { ...ctx, body })),
  'POST /escalations/{escalationId}/reply': withBody((event, ctx, body) =>
    replyFromQueue(deps, { ...ctx, body, idempotencyKey: headerOf(event, 'idempotency-key') }),
  ),
  'POST /escalations/{escalationId}/rerun': (_event, { escalationId, by }) =>
    rerunFromQueue(deps, { escalationId, by }),
  'POST /escalations/{escalationId}/note': withBody((event, ctx, body) => addNote(deps, { ...ctx, body })),
  'POST /escalations/{escalationId}/assign': withBody((event, ctx, body) => assignEscalation(deps, { ...ctx, body })),
  'POST /escalations/bulk': withBody((event, { by }, body) => bulkChange(deps, { by, body })),
  'GET /stats': (event) => opsStats(deps, event.queryStringParameters ?? {}),
  'GET /settings': async () => ({ ok: true, value: SETTINGS }),
  'GET /reviewers': () => listReviewers(deps),
  'POST /reviewers': withBody((event, ctx, body) => createReviewer(deps, { by: ctx.by, body })),
  'POST /reviewers/{reviewerName}': withBody((event, { by }, body) =>
    changeReviewer(deps, { name: event.pathParameters?.reviewerName ?? '', by, body }),
  ),
  'GET /tickets/{ticketId}': (event) => getDecisionRecord(deps, event.pathParameters?.ticketId ?? ''),
  'GET /tickets/{ticketId}/thread': (event) => ticketThread(deps, event.pathParameters?.ticketId ?? ''),
  'GET /tickets': async (event) => {
    const result = await searchDecisionRecords(deps, event.queryStringParameters ?? {});
    return result.ok ? { ok: true, value: { ...result.value, more: result.value.cursor !== null } } : result;
  },
};

/** What each path parameter must be: an ID this system makes, or a reviewer's name. */
interface ParameterRule {
  read: (value: string) => boolean;
  what: string;
}
const AN_ID: ParameterRule = { read: isStoredId, what: 'an id this system makes (1 to 96 of A-Z a-z 0-9 . _ : -)' };
const PARAMETERS: Record<string, ParameterRule> = {
  reviewerName: {
    read: (name) => REVIEWER_NAME.test(name),
    what: "a reviewer's name (1 to 64 of A-Z a-z 0-9 . _ @ + -)",
  },
};
const ruleFor = (parameter: string) => PARAMETERS[parameter] ?? AN_ID;

/** The ops API, one function for its routes; the reviewer is whoever the verified token names. */
export const handler = httpHandler<Event>(async (event): Promise<APIGatewayProxyStructuredResultV2> => {
  const reviewer = reviewerOf(event);
  if (!reviewer) return jsonResponse(401, { error: 'sign in: the request carries no reviewer' });
  const by = reviewer.name;
  const route = (ROUTES as Record<string, Route | undefined>)[event.routeKey];
  if (!route) return jsonResponse(404, { error: `no route ${event.routeKey}` });
  if (ADMIN_ROUTE_KEYS.has(event.routeKey as OpsRouteKey) && !reviewer.admin)
    return jsonResponse(403, { error: `${event.routeKey} is for members of ${ADMIN_GROUP}`, code: 'ADMIN_ONLY' });
  const badParameter = Object.entries(event.pathParameters ?? {}).find(
    ([name, value]) => !ruleFor(name).read(value ?? ''),
  );
  if (badParameter) return jsonResponse(400, { error: `${badParameter[0]} is not ${ruleFor(badParameter[0]).what}` });
  return answer(
    await route(event, { by, admin: reviewer.admin, escalationId: event.pathParameters?.escalationId ?? '' }),
  );
});
