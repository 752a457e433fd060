import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { writeIfCondition } from '#adapters/dynamodb/conditions';
import type { DynamoDb } from '#adapters/dynamodb/db';
import { escalationIdFor, MAIL_NOT_READ } from '#domain/escalation';
import type { HeldMail } from '#use-cases/ports';

/** A message the intake could not read, as an open item of the ops queue (once per stored message). */
export const dynamoHeldMail = (db: DynamoDb): HeldMail => ({
  async hold({ heldId, location, reason, bytes, from, subject, at }) {
    await writeIfCondition(() =>
      db.client.send(
        new PutCommand({
          TableName: db.table('escalations'),
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
        }),
      ),
    );
  },
});
