import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '#adapters/dynamodb/conditions';
import type { DynamoDb } from '#adapters/dynamodb/db';
import { queryAll } from '#adapters/dynamodb/query';
import { INDEX } from '#adapters/dynamodb/schema';
import type { WatchedItem } from '#domain/records/watch';
import type { OpenEscalationWatch } from '#use-cases/ports';

/** Changes an open item lists; past them a reviewer has seen enough to re-check the records. */
export const MAX_RECORD_MARKS = 20;

/**
 * The escalations table behind the OpenEscalationWatch port: open items found on the sparse
 * byOpenRecord index (which projects what deciding on a re-run needs), marked with one
 * conditional UpdateItem each.
 */
export const dynamoEscalationWatch = (db: DynamoDb): OpenEscalationWatch => ({
  async waitingOn(openRecordKey) {
    const items = await queryAll<Record<string, unknown>>(db.client, {
      TableName: db.table('escalations'),
      IndexName: INDEX.escalationsByOpenRecord.name,
      KeyConditionExpression: '#k = :k',
      ExpressionAttributeNames: { '#k': INDEX.escalationsByOpenRecord.partitionKey },
      ExpressionAttributeValues: { ':k': openRecordKey },
    });
    return items
      .filter((i) => i.status === 'OPEN' || i.status === 'CLAIMED')
      .map(
        (i): WatchedItem => ({
          escalationId: String(i.escalationId),
          terminalId: typeof i.terminalId === 'string' ? i.terminalId : null,
          diagnosis: String(i.diagnosis ?? ''),
          findings: Array.isArray(i.findings) ? i.findings.map(String) : [],
        }),
      );
  },

  async mark(escalationId, mark) {
    try {
      await db.client.send(
        new UpdateCommand({
          TableName: db.table('escalations'),
          Key: { escalationId },
          UpdateExpression:
            'SET recordsChanged = list_append(if_not_exists(recordsChanged, :none), :mark), ' +
            'recordsChangedIds = list_append(if_not_exists(recordsChangedIds, :none), :ids)',
          ConditionExpression:
            '#s IN (:open, :claimed) AND (attribute_not_exists(recordsChangedIds) OR ' +
            '(NOT contains(recordsChangedIds, :id) AND size(recordsChangedIds) < :max))',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':none': [],
            ':mark': [mark],
            ':ids': [mark.changeId],
            ':id': mark.changeId,
            ':open': 'OPEN',
            ':claimed': 'CLAIMED',
            ':max': MAX_RECORD_MARKS,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },
});
