import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '#adapters/dynamodb/conditions';
import type { DynamoDb } from '#adapters/dynamodb/db';
import { keptAfter, withinWindow } from '#domain/replies/reply-limit';
import type { ReplyLimits } from '#use-cases/ports';

/** Writers racing on one address retry on the version they lost to; more than this many at once is a fault. */
const ATTEMPTS = 5;

/**
 * The reply-limits table behind the ReplyLimits port: one item per address holding the times of
 * its recent replies, rewritten only on the version read, so two senders at once cannot both
 * take the last place in the window.
 */
export const dynamoReplyLimits = (db: DynamoDb): ReplyLimits => ({
  async take(address, at, limit) {
    const key = address.toLowerCase();
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const { Item } = await db.client.send(
        new GetCommand({ TableName: db.table('replyLimits'), Key: { address: key }, ConsistentRead: true }),
      );
      const sentAt = (Item?.sentAt as number[] | undefined) ?? [];
      if (withinWindow(sentAt, at, limit).length >= limit.replies) return false;
      const kept = keptAfter(sentAt, at, limit);
      const version = typeof Item?.version === 'number' ? Item.version : 0;
      try {
        await db.client.send(
          new PutCommand({
            TableName: db.table('replyLimits'),
            Item: {
              address: key,
              sentAt: kept,
              version: version + 1,
              expiresAt: Math.ceil(((kept.at(-1) ?? at.getTime()) + limit.windowMs) / 1000),
            },
            ConditionExpression: Item ? 'version = :version' : 'attribute_not_exists(address)',
            ...(Item ? { ExpressionAttributeValues: { ':version': version } } : {}),
          }),
        );
        return true;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    throw new Error(`the reply count of one address kept changing under ${ATTEMPTS} attempts`);
  },
});
