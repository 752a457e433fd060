import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_RECORDS } from '#fixtures/local-stack';
import { processesWith, until } from '#fixtures/npm-start';
import { startLocalStack, type LocalStack } from '#lib/local/stack';
import { SIGNED_ROUTES } from '#lib/local/webhook-signing';

const root = mkdtempSync(path.join(tmpdir(), 'code97-jvm-death-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let sequence = 0;
const deliver = async (stack: LocalStack, ticketId = `JVM-${++sequence}`) => {
  const body = JSON.stringify({
    ticketId,
    receivedAt: '2026-11-20T10:00:00+08:00',
    from: 'owner@bakery-west.example',
    subject: 'POS问题',
    body: '刷卡一直提示97终端未登记，终端号 30000101',
  });
  const headers = SIGNED_ROUTES['POST /tickets']?.(stack.webhookSecrets, body);
  const response = await fetch(`${stack.urls.api}/tickets`, { method: 'POST', headers, body });
  return { ticketId, status: response.status };
};
const stored = async (stack: LocalStack, ticketId: string) =>
  (
    await fetch(`${stack.urls.api}/tickets/${ticketId}`, {
      headers: { authorization: `Bearer ${stack.opsToken('ops')}` },
    })
  ).status;
const jvmOf = (stack: LocalStack) => processesWith(`-port\0${new URL(stack.urls.dynamodb).port}\0`);

describe('DynamoDB Local dying under a running stack', () => {
  it('is said at error level and started again on kept data, losing no accepted ticket', async () => {
    const notices: string[] = [];
    const stack = await startLocalStack({
      records: FIXTURE_RECORDS,
      dataDir: path.join(root, 'kept'),
      notice: (level, message) => notices.push(`${level}: ${message}`),
    });
    try {
      const before = await deliver(stack);
      const [jvm] = jvmOf(stack);
      process.kill(jvm ?? 0, 'SIGKILL');
      const during = await deliver(stack);
      await until('DynamoDB Local to be back', () => (notices.some((n) => n.includes('is back')) ? true : undefined));
      const redelivered = await deliver(stack, during.ticketId);

      expect(before.status).toBe(202);
      expect([202, 503]).toContain(during.status);
      expect([200, 202]).toContain(redelivered.status);
      expect(notices).toContainEqual(
        expect.stringMatching(/^error: DynamoDB Local \(pid \d+\) exited with signal SIGKILL/),
      );
      expect(notices).toContainEqual(expect.stringMatching(/^warn: restarting DynamoDB Local .* with the same data/));
      expect(await stored(stack, before.ticketId)).toBe(200);
      expect(await stored(stack, during.ticketId)).toBe(200);
      expect(jvmOf(stack)).toHaveLength(1);
    } finally {
      await stack.stop();
    }
  }, 120_000);

  it('stops the stack, saying why, when its tables were in memory', async () => {
    let stopped: string | undefined;
    const stack = await startLocalStack({
      records: FIXTURE_RECORDS,
      notice: () => undefined,
      onStopped: (message) => (stopped = message),
    });
    try {
      process.kill(jvmOf(stack)[0] ?? 0, 'SIGKILL');
      const message = await until('the stack to stop', () => stopped, 30_000);

      expect(message).toContain('its tables were in memory');
      await expect(fetch(`${stack.urls.api}/tickets`)).rejects.toThrow();
    } finally {
      await stack.stop();
    }
  }, 120_000);
});
