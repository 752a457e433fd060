import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { dynamoEscalations } from '#adapters/dynamodb/escalations';
import { jsonResponse } from '#adapters/lambda/http';
import { httpHandler } from '#adapters/lambda/middleware';
import { listEscalations } from '#use-cases/escalation-queue';

/** GET /escalations?status=OPEN&limit=50&cursor=…: the ops queue, newest first, a page at a time. */
export const handler = httpHandler<APIGatewayProxyEventV2>(async (event) => {
  const result = await listEscalations({ escalations: dynamoEscalations }, event.queryStringParameters ?? {});
  if (!result.ok) return jsonResponse(result.status, { error: result.error, field: result.field ?? null });
  const { status, escalations, cursor } = result.value;
  return jsonResponse(200, { status, escalations, cursor, more: cursor !== null });
});
