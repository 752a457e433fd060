import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { dynamoEscalations } from '#adapters/dynamodb/escalations';
import { systemClock } from '#adapters/lambda/env';
import { jsonBody, jsonResponse } from '#adapters/lambda/http';
import { httpHandler } from '#adapters/lambda/middleware';
import { closeEscalation } from '#use-cases/escalation-queue';

/** POST /escalations/{escalationId}/close with optional `{note, closedBy}`. */
export const handler = httpHandler<APIGatewayProxyEventV2>(async (event) => {
  const escalationId = event.pathParameters?.escalationId ?? '';
  const body = event.body ? jsonBody(event) : { ok: true as const, value: {} };
  if (!body.ok) return jsonResponse(400, { error: 'the body must be a JSON object', field: null });
  const result = await closeEscalation({ escalations: dynamoEscalations, clock: systemClock }, { escalationId, body: body.value });
  if (!result.ok) return jsonResponse(result.status, { error: result.error, field: result.field ?? null, escalationId });
  return jsonResponse(200, result.value);
});
