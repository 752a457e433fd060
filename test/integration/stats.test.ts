import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { chinaDate } from '#domain/triage/findings';
import { opsCall } from '#fixtures/clients';
import { useLocalStack } from '#fixtures/local-stack';
import { deliver, deliverMail } from '#lib/local/replay';
import type { LocalStack } from '#lib/local/stack';

let stack: LocalStack;
useLocalStack((started) => (stack = started));

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');

const ticket = (ticketId: string, receivedAt: string, from: string, body: string) =>
  deliver(stack, JSON.stringify({ ticketId, receivedAt, from, subject: 'POS', body }));

const call = async (path: string, method = 'GET', body?: unknown) =>
  (await opsCall(stack, method, path, { body })).body;

describe('GET /stats: the overview', () => {
  it('counts outcomes and diagnoses per day, the auto-resolve and confirmed-fixed rates, time to resolve and the overdue', async () => {
    const fixed = await ticket('ST-1', daysAgo(2), 'owner@bakery-west.example', '刷卡提示97，终端号 30000101');
    await ticket('ST-2', daysAgo(1), 'team@harbourside.example', 'error 97, TID 30000201');
    await ticket('ST-3', daysAgo(1), 'nobody@mail.example', '终端号 39990001 报97');
    await ticket('ST-4', daysAgo(1), 'nobody@mail.example', '想问一下发票');
    await ticket('ST-OLD', daysAgo(20), 'team@harbourside.example', 'error 97, TID 30000201');
    const thanks = [
      'From: owner@bakery-west.example',
      `Subject: Re: [${fixed.ticketId}] 处理方法`,
      'Message-ID: <st-thanks@bakery-west.example>',
      'Content-Type: text/plain; charset=UTF-8',
      '',
      '谢谢，已经好了',
    ].join('\r\n');
    await deliverMail(stack, Buffer.from(thanks));
    await call('/escalations/ESC-ST-3/claim', 'POST');
    await call('/escalations/ESC-ST-3/resolve', 'POST', { resolution: 'REJECTED', note: 'not ours' });

    const stats = await call('/stats?days=7');
    const day = (n: number) =>
      (stats.days as Array<{ day: string; outcomes: Record<string, number>; diagnoses: Record<string, number> }>).find(
        (d) => d.day === chinaDate(daysAgo(n)),
      );

    expect(stats.days).toHaveLength(7);
    expect(day(2)?.outcomes).toEqual({ AUTO_RESOLVED: 1 });
    expect(day(1)).toMatchObject({
      outcomes: { AUTO_RESOLVED: 1, ESCALATED: 1, NOT_TRIGGERED: 1 },
      diagnoses: { FIRMWARE_OUTDATED: 1, TERMINAL_NOT_FOUND: 1 },
    });
    expect(stats).toMatchObject({
      triggered: 3,
      autoResolved: 2,
      autoResolveRate: 0.667,
      confirmedFixed: 1,
      confirmedFixedRate: 0.5,
      resolvedEscalations: 1,
      medianHoursToResolve: expect.any(Number),
      overdueNow: 0,
    });
  });

  it('counts the queue a reviewer still works on: open, claimed, and the open ones overdue', async () => {
    const before = (await call('/stats?days=1')).queue as Record<'open' | 'claimed' | 'overdue', number>;
    // Received before any window the other test reads, and the overdue mark taken off after: its counts stay its own.
    await ticket('ST-Q1', daysAgo(25), 'nobody@mail.example', '终端号 39990002 报97');
    await ticket('ST-Q2', daysAgo(25), 'nobody@mail.example', '终端号 39990003 报97');
    await call('/escalations/ESC-ST-Q2/claim', 'POST');
    const overdue = (expression: string, values?: Record<string, unknown>) =>
      stack.documentClient.send(
        new UpdateCommand({
          TableName: stack.tableNames.escalations,
          Key: { escalationId: 'ESC-ST-Q1' },
          UpdateExpression: expression,
          ...(values ? { ExpressionAttributeValues: values } : {}),
        }),
      );
    await overdue('SET overdueSince = :at', { ':at': new Date().toISOString() });

    const stats = await call('/stats?days=1').finally(() => overdue('REMOVE overdueSince'));

    expect(stats.queue).toEqual({ open: before.open + 1, claimed: before.claimed + 1, overdue: before.overdue + 1 });
    expect(stats.overdueNow).toBe(before.overdue + 1);
  });

  it('refuses a window it does not keep, naming the parameter', async () => {
    expect(await call('/stats?days=0')).toMatchObject({ field: 'days' });
    expect(await call('/stats?days=32')).toMatchObject({ field: 'days' });
  });
});
