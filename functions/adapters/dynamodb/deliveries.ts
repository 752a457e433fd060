import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDb } from '#adapters/dynamodb/db';
import { DELIVERY_KEY_DAYS } from '#adapters/dynamodb/schema';
import { writeIfCondition } from '#adapters/dynamodb/conditions';
import { DAY_MS } from '#domain/time';
import type { DeliveryKeys } from '#use-cases/ports';

/** The deliveries table (keys expire by TTL) behind the DeliveryKeys port. */
export const dynamoDeliveryKeys = (db: DynamoDb): DeliveryKeys => ({
  async ticketFor(key) {
    const { Item } = await db.client.send(
      new GetCommand({ TableName: db.table('deliveries'), Key: { deliveryKey: key }, ConsistentRead: true }),
    );
    return typeof Item?.ticketId === 'string' ? Item.ticketId : null;
  },

  async remember(key, ticketId, at) {
    await writeIfCondition(() =>
      db.client.send(
        new PutCommand({
          TableName: db.table('deliveries'),
          Item: {
            deliveryKey: key,
            ticketId,
            at: at.toISOString(),
            expiresAt: Math.floor((at.getTime() + DELIVERY_KEY_DAYS * DAY_MS) / 1000),
          },
          ConditionExpression: 'attribute_not_exists(deliveryKey)',
        }),
      ),
    );
  },
});
