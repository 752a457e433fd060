import { PutCommand, UpdateCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '#adapters/aws/dynamodb-client';
import { INDEX } from '#adapters/dynamodb/schema';
import { isConditionFailure } from '#adapters/dynamodb/tickets';
import { escalationIdFor, MAIL_NOT_READ } from '#domain/escalation';
import type { EscalationRepository, HeldMail } from '#use-cases/ports';

const encodeCursor = (key: Record<string, unknown> | undefined) =>
  key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : null;

function decodeCursor(cursor: string | null): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (key && typeof key === 'object' && !Array.isArray(key)) return key as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new RangeError('not a cursor this API gave out');
}

/** The escalations table behind the EscalationRepository port. */
export const dynamoEscalations: EscalationRepository = {
  async list({ status, limit, cursor }) {
    const index = INDEX.escalationsByStatus;
    const { Items, LastEvaluatedKey } = await documentClient.send(new QueryCommand({
      TableName: tableName('escalations'),
      IndexName: index.name,
      KeyConditionExpression: '#s = :s',
      ExpressionAttributeNames: { '#s': index.partitionKey },
      ExpressionAttributeValues: { ':s': status },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor),
    }));
    return { escalations: Items ?? [], cursor: encodeCursor(LastEvaluatedKey) };
  },

  async close({ escalationId, by, note, at }) {
    try {
      const { Attributes } = await documentClient.send(new UpdateCommand({
        TableName: tableName('escalations'),
        Key: { escalationId },
        UpdateExpression: 'SET #s = :closed, closedAt = :now, closedBy = :by, closingNote = :note',
        ConditionExpression: 'attribute_exists(escalationId) AND #s = :open',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':closed': 'CLOSED', ':open': 'OPEN', ':now': at.toISOString(), ':by': by, ':note': note },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }));
      return { kind: 'CLOSED', closedAt: String(Attributes?.closedAt) };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return (error as { Item?: unknown }).Item ? { kind: 'ALREADY_CLOSED' } : { kind: 'NOT_FOUND' };
    }
  },
};

/** A message the intake could not read, as an open item of the ops queue (once per stored message). */
export const dynamoHeldMail: HeldMail = {
  async hold({ heldId, location, reason, bytes, from, subject, at }) {
    try {
      await documentClient.send(new PutCommand({
        TableName: tableName('escalations'),
        Item: {
          escalationId: escalationIdFor(heldId),
          status: 'OPEN',
          createdAt: at.toISOString(),
          diagnosis: MAIL_NOT_READ,
          reasons: [`${MAIL_NOT_READ}: ${reason}`],
          findings: [],
          heldMail: { location, bytes, from, subject },
        },
        ConditionExpression: 'attribute_not_exists(escalationId)',
      }));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  },
};
