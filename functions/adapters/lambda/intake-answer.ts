import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { jsonBody, jsonResponse } from '#adapters/lambda/http';
import { logger } from '#adapters/lambda/logger';
import type { Headers, Verification } from '#adapters/webhooks/signatures';
import type { AcceptResult } from '#use-cases/accept-ticket';

/** Header names as API Gateway passes them (HTTP APIs lower-case them; another caller may not). */
export const headersOf = (event: APIGatewayProxyEventV2): Headers =>
  Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));

/** The raw body as the sender signed it. */
export const rawBody = (event: APIGatewayProxyEventV2): string =>
  event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');

/** A JSON media type, with or without parameters (`application/json; charset=utf-8`, `application/vnd.x+json`). */
export const isJson = (headers: Headers) =>
  /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(headers['content-type'] ?? '');

/**
 * What a helpdesk hears back, whichever route it used: 202 for a first delivery, 200 with
 * `duplicate: true` and the outcome so far for a ticket it delivered already, 409 for a
 * ticketId another sender delivered (and nothing about it), 400 naming the field, 503 when
 * the ticket could not be stored (deliver it again).
 */
export function intakeAnswer(
  result: AcceptResult,
  fieldName: (field: string | null) => string | null = (f) => f,
): APIGatewayProxyStructuredResultV2 {
  logger.info('intake', {
    result: result.kind,
    ticketId: 'ticketId' in result ? result.ticketId : result.kind === 'DUPLICATE' ? result.existing.ticketId : null,
  });
  switch (result.kind) {
    case 'INVALID':
      return jsonResponse(400, { error: result.error, field: fieldName(result.field) });
    case 'DUPLICATE': {
      const { existing } = result;
      return jsonResponse(200, {
        ticketId: existing.ticketId,
        duplicate: true,
        status: existing.status,
        outcome: existing.outcome ?? null,
        diagnosis: existing.diagnosis ?? null,
        findings: existing.findings ?? [],
      });
    }
    case 'NOT_TRIGGERED':
      return jsonResponse(202, {
        ticketId: result.ticketId,
        duplicate: false,
        triggered: false,
        outcome: 'NOT_TRIGGERED',
      });
    case 'ACCEPTED':
      return jsonResponse(202, {
        ticketId: result.ticketId,
        duplicate: false,
        triggered: true,
        executionArn: result.executionArn,
      });
    case 'TAKEN':
      // Nothing about the stored ticket: it is another sender's.
      return jsonResponse(409, {
        error: 'this ticketId was delivered by another sender; use ticketIds of your own',
        field: fieldName('ticketId'),
      });
    case 'UNAVAILABLE':
      logger.error('ticket not stored', { ticketId: result.ticketId, cause: result.error });
      return jsonResponse(503, {
        error: 'the ticket could not be stored; deliver it again',
        ticketId: result.ticketId,
      });
  }
}

export type SignedJson =
  | { ok: true; value: unknown; deliveryId: string | null; signer: string }
  | { ok: false; response: APIGatewayProxyStructuredResultV2 };

/**
 * A signed route's body, or its refusal, before anything is read or written: 413 over
 * `maxBytes`, 503 when the signing secret cannot be read (deliver again), 401 for a missing or
 * bad signature, 415 for a body that is not JSON by its type, 400 for one that is not JSON by
 * its content.
 */
export async function readSignedJson<S>(
  event: APIGatewayProxyEventV2,
  maxBytes: number,
  secret: () => Promise<S>,
  verify: (secret: S, headers: Headers, body: string) => Verification,
): Promise<SignedJson> {
  const headers = headersOf(event);
  const body = rawBody(event);
  if (Buffer.byteLength(body, 'utf8') > maxBytes) {
    return {
      ok: false,
      response: jsonResponse(413, { error: `a delivery is at most ${maxBytes} bytes`, field: null }),
    };
  }
  let known: S;
  try {
    known = await secret();
  } catch (error) {
    const e = error as Error;
    logger.error('signing secret unavailable', { error: e.name, detail: e.message });
    return {
      ok: false,
      response: jsonResponse(503, { error: 'the signing secret could not be read; deliver it again' }),
    };
  }
  const verified = verify(known, headers, body);
  if (!verified.ok) return { ok: false, response: jsonResponse(401, { error: verified.error }) };
  if (!isJson(headers))
    return { ok: false, response: jsonResponse(415, { error: 'the body must be application/json', field: null }) };
  const parsed = jsonBody({ ...event, body, isBase64Encoded: false });
  if (!parsed.ok) return { ok: false, response: jsonResponse(400, { error: parsed.error, field: null }) };
  return { ok: true, value: parsed.value, deliveryId: verified.deliveryId, signer: verified.signer ?? '' };
}
