import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { documentClient, tableName } from '#commons/aws/dynamodb';
import { jsonResponse } from '#commons/http';
import { httpHandler } from '#commons/middleware';
import { INDEX } from '#commons/table-schema';

const STATUSES = ['OPEN', 'CLOSED'];
const MAX_LIMIT = 100;


/**
 * GET /escalations?status=OPEN&limit=50: the ops queue, newest first, one Query on the
 * byStatus index. Each item is the full packet: ticket, records read, findings, suggested reply.
 */
export const handler = httpHandler<APIGatewayProxyEventV2>(async (event) => {
  const status = event.queryStringParameters?.status ?? 'OPEN';
  const limit = Number(event.queryStringParameters?.limit ?? 50);
  if (!STATUSES.includes(status)) return jsonResponse(400, { error: `status must be one of ${STATUSES.join(', ')}`, field: 'status' });
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    return jsonResponse(400, { error: `limit must be a whole number from 1 to ${MAX_LIMIT}`, field: 'limit' });
  }
  const index = INDEX.escalationsByStatus;
  const { Items, LastEvaluatedKey } = await documentClient.send(new QueryCommand({
    TableName: tableName('escalations'),
    IndexName: index.name,
    KeyConditionExpression: '#s = :s',
    ExpressionAttributeNames: { '#s': index.partitionKey },
    ExpressionAttributeValues: { ':s': status },
    ScanIndexForward: false,
    Limit: limit,
  }));
  return jsonResponse(200, { status, escalations: Items ?? [], more: LastEvaluatedKey !== undefined });
});
