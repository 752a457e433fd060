import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '#domain/time';
import { useLocalStack } from '#fixtures/local-stack';
import type { Alert } from '#lib/local/aws/sns-log';
import type { LocalStack } from '#lib/local/stack';

let stack: LocalStack;
const alerts: Alert[] = [];
useLocalStack((started) => (stack = started), { onAlert: (alert) => void alerts.push(alert) });

describe('the SLA alert through the local SNS endpoint', () => {
  it('publishes an overdue escalation to the ops topic with the handler’s own SNS client', async () => {
    const escalationId = `ESC-ALERT-${Date.now()}`;
    await stack.documentClient.send(
      new PutCommand({
        TableName: stack.tableNames.escalations,
        Item: {
          escalationId,
          status: 'OPEN',
          createdAt: new Date(Date.now() - 5 * HOUR_MS).toISOString(),
          diagnosis: 'TERMINAL_NOT_FOUND',
          findings: [],
        },
      }),
    );

    await stack.runSchedules();

    const alert = alerts.find((a) => a.message.includes(escalationId));
    expect(alert?.subject).toMatch(/unclaimed for more than 4 h/);
    expect(alert?.topicArn).toMatch(/OpsAlerts/);
  });
});
