import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { opsCall } from '#fixtures/clients';
import { useLocalStack } from '#fixtures/local-stack';
import type { LocalStack } from '#lib/local/stack';
import type { Alerts } from '#use-cases/ports';

let stack: LocalStack;
useLocalStack((started) => (stack = started));

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-20T02:00:00.000Z');

/** The SLA use case over the real escalations table, with a clock and an alert inbox the test controls. */
async function slaAt(offsetMs: number) {
  const { flagOverdue } = await import('#use-cases/flag-overdue');
  const { dynamoEscalations } = await import('#adapters/dynamodb/escalations');
  const published: Array<{ subject: string; message: string }> = [];
  const alerts: Alerts = { publish: async (alert) => void published.push(alert) };
  const result = await flagOverdue({
    escalations: dynamoEscalations(stack.db),
    alerts,
    clock: { now: () => new Date(T0 + offsetMs) },
    slaMs: 4 * HOUR,
  });
  return { ...result, published };
}

async function openItems(ids: string[], createdAt: number) {
  await stack.documentClient.send(
    new BatchWriteCommand({
      RequestItems: {
        [stack.tableNames.escalations]: ids.map((escalationId) => ({
          PutRequest: {
            Item: {
              escalationId,
              status: 'OPEN',
              createdAt: new Date(createdAt).toISOString(),
              diagnosis: 'TERMINAL_NOT_FOUND',
              findings: [],
            },
          },
        })),
      },
    }),
  );
}

const call = async (method: string, path: string) => (await opsCall(stack, method, path)).body;

describe('the SLA on unclaimed escalations', () => {
  it('flags and alerts an escalation unclaimed past 4 hours once, again every 4 hours, and never once claimed', async () => {
    await openItems(['ESC-SLA-A', 'ESC-SLA-B'], T0);

    const early = await slaAt(3 * HOUR);
    const due = await slaAt(4 * HOUR + 60_000);
    const soon = await slaAt(5 * HOUR);
    await call('POST', '/escalations/ESC-SLA-B/claim');
    const again = await slaAt(8 * HOUR + 120_000);
    const item = await call('GET', '/escalations/ESC-SLA-A');

    expect(early).toEqual({ alerted: [], published: [] });
    expect([...due.alerted].sort()).toEqual(['ESC-SLA-A', 'ESC-SLA-B']);
    expect(due.published).toEqual([
      expect.objectContaining({
        subject: '2 escalations unclaimed for more than 4 h',
        message: expect.stringContaining('ESC-SLA-A'),
      }),
    ]);
    expect(soon.alerted).toEqual([]);
    expect(again.alerted).toEqual(['ESC-SLA-A']);
    expect(item).toMatchObject({
      overdueSince: new Date(T0 + 4 * HOUR + 60_000).toISOString(),
      lastAlertedAt: new Date(T0 + 8 * HOUR + 120_000).toISOString(),
    });
    expect((item.audit as Array<{ by: string; action: string }>).map((e) => `${e.by}:${e.action}`)).toEqual([
      'sla:OVERDUE',
      'sla:OVERDUE',
    ]);
  });

  it('reaches every overdue escalation however many were alerted recently', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => `ESC-SLA-MANY-${String(i).padStart(3, '0')}`);
    for (let i = 0; i < ids.length; i += 25) await openItems(ids.slice(i, i + 25), T0 + 30 * 24 * HOUR);

    const first = await slaAt(30 * 24 * HOUR + 5 * HOUR);
    const second = await slaAt(30 * 24 * HOUR + 5 * HOUR);

    const many = (alerted: string[]) => alerted.filter((id) => id.startsWith('ESC-SLA-MANY-'));
    expect(first.alerted).toHaveLength(100);
    expect(new Set([...many(first.alerted), ...many(second.alerted)])).toEqual(new Set(ids));
  });

  it('runs on the local timer as the scheduler runs it on AWS, alerting in the log', async () => {
    await openItems(['ESC-SLA-OLD'], Date.now() - 5 * HOUR);

    await stack.runSchedules();
    const item = await call('GET', '/escalations/ESC-SLA-OLD');

    expect(item.overdueSince).toEqual(expect.any(String));
  });
});
