import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { documentClient, tableName } from '#commons/aws/dynamodb';
import { jsonResponse } from '#commons/http';
import { httpHandler } from '#commons/middleware';

const MAX_NOTE = 2_000;


function parseBody(raw: string | undefined): { note?: unknown; closedBy?: unknown } | null {
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw) as unknown;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * POST /escalations/{escalationId}/close with optional `{note, closedBy}`: takes an escalation
 * out of the open queue. 404 when there is no such escalation, 409 when it is already closed.
 */
export const handler = httpHandler<APIGatewayProxyEventV2>(async (event) => {
  const escalationId = event.pathParameters?.escalationId ?? '';
  const body = parseBody(event.body);
  if (!body) return jsonResponse(400, { error: 'the body must be a JSON object', field: null });
  const { note = '', closedBy = 'ops' } = body;
  if (typeof note !== 'string' || note.length > MAX_NOTE) {
    return jsonResponse(400, { error: `note must be a string of at most ${MAX_NOTE} characters`, field: 'note' });
  }
  if (typeof closedBy !== 'string' || closedBy.length === 0 || closedBy.length > 200) {
    return jsonResponse(400, { error: 'closedBy must be a non-empty string of at most 200 characters', field: 'closedBy' });
  }
  try {
    const { Attributes } = await documentClient.send(new UpdateCommand({
      TableName: tableName('escalations'),
      Key: { escalationId },
      UpdateExpression: 'SET #s = :closed, closedAt = :now, closedBy = :by, closingNote = :note',
      ConditionExpression: 'attribute_exists(escalationId) AND #s = :open',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':closed': 'CLOSED', ':open': 'OPEN', ':now': new Date().toISOString(), ':by': closedBy, ':note': note },
      ReturnValues: 'ALL_NEW',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    }));
    return jsonResponse(200, { escalationId, status: Attributes?.status, closedAt: Attributes?.closedAt });
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return error.Item
      ? jsonResponse(409, { error: `escalation ${escalationId} is already closed`, escalationId })
      : jsonResponse(404, { error: `no escalation ${escalationId}`, escalationId });
  }
});
