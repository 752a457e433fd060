import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { writeIfCondition } from '#adapters/dynamodb/conditions';
import type { DynamoDb } from '#adapters/dynamodb/db';
import { heldMailItem } from '#domain/escalation';
import type { HeldMail } from '#use-cases/ports';

/** A message the intake could not read, as an open item of the ops queue (once per stored message). */
export const dynamoHeldMail = (db: DynamoDb): HeldMail => ({
  async hold(held) {
    await writeIfCondition(() =>
      db.client.send(
        new PutCommand({
          TableName: db.table('escalations'),
          Item: heldMailItem(held),
          ConditionExpression: 'attribute_not_exists(escalationId)',
        }),
      ),
    );
  },
});
