import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '#adapters/aws/dynamodb-client';
import { secretsClient } from '#adapters/aws/secrets-client';
import { sfnClient } from '#adapters/aws/sfn-client';
import { zendeskDelivery } from '#fixtures/deliveries';
import { useLocalStack } from '#fixtures/local-stack';
import { loadLocalAssembly } from '#lib/local/cloud-assembly';
import { sdkFault } from '#lib/local/faults';
import { invocationOf } from '#lib/local/lambda-runtime';
import type { LocalStack } from '#lib/local/stack';
import { SIGNED_ROUTES } from '#lib/local/webhook-signing';

let stack: LocalStack;
useLocalStack((started) => (stack = started));

type Failure = 'fail' | 'throttle' | 'refused' | 'lost';
/** A dependency's failures as the SDK raises them; `lost`: the call is carried out and its answer dropped. */
const FAILURES: Failure[] = ['fail', 'throttle', 'refused', 'lost'];
const raise = (failure: Exclude<Failure, 'lost'>) =>
  failure === 'refused' ? sdkFault.refused('127.0.0.1:8000') : sdkFault[failure]();

/**
 * Each SDK call an intake function makes, by service, command and table; while `failing` names
 * one, the call with that position in the delivery fails that way.
 */
const calls: string[] = [];
let failing: { at: number; failure: Failure } | null = null;
let intakeFunctions = new Set<string>();

type Middleware = (
  next: (args: unknown) => Promise<unknown>,
  context: { commandName?: string },
) => (args: unknown) => Promise<unknown>;

function watch(client: { middlewareStack: unknown }, service: string) {
  const stackOf = client.middlewareStack as { add(mw: Middleware, options: object): void };
  stackOf.add(
    (next, context) => async (args) => {
      const fn = invocationOf.getStore();
      if (!fn || !intakeFunctions.has(fn)) return next(args);
      const input = (args as { input?: { TableName?: string } }).input ?? {};
      const table = Object.entries(stack.tableNames).find(([, name]) => name === input.TableName)?.[0];
      const position = calls.push(`${service} ${context.commandName ?? '?'}${table ? ` ${table}` : ''}`) - 1;
      if (failing?.at !== position) return next(args);
      if (failing.failure !== 'lost') throw raise(failing.failure);
      await next(args);
      throw sdkFault.timeout(3_000);
    },
    { step: 'initialize', name: `intakeFailures-${service}`, override: true },
  );
}
watch(documentClient, 'dynamodb');
watch(secretsClient, 'secrets');
watch(sfnClient, 'sfn');

let sequence = 0;
const deliveries = {
  'POST /tickets': () =>
    JSON.stringify({
      ticketId: `FAIL-${++sequence}`,
      receivedAt: '2026-11-20T10:00:00+08:00',
      from: 'owner@bakery-west.example',
      subject: 'POS问题',
      body: '刷卡一直提示97终端未登记，终端号 30000101',
    }),
  'POST /webhooks/zendesk': () => zendeskDelivery(String(70_000 + ++sequence)),
};
type RouteKey = keyof typeof deliveries;

async function deliver(route: RouteKey, body: string, headers = SIGNED_ROUTES[route]?.(stack.webhookSecrets, body)) {
  calls.length = 0;
  const response = await fetch(`${stack.urls.api}${route.split(' ')[1]}`, { method: 'POST', headers, body });
  const answer = (await response.json()) as { ticketId?: string };
  return { status: response.status, ticketId: answer.ticketId, calls: [...calls], headers };
}

const stored = async (ticketId: string) =>
  (
    await fetch(`${stack.urls.api}/tickets/${ticketId}`, {
      headers: { authorization: `Bearer ${stack.opsToken('ops')}` },
    })
  ).status === 200;

/**
 * What the contract lets a call's failure answer: 503 ("not stored, deliver again") before the
 * ticket's own write, 202 after it (the reconciler starts a run whose start failed; a delivery
 * key is remembered best effort). That write failing is a 503, unless it landed and only its
 * answer was lost: then the ticket is ours, and accepted.
 */
function expectedAnswer(calls: string[], at: number, failure: Failure): number {
  const write = calls.indexOf('dynamodb PutItemCommand tickets');
  if (at > write) return 202;
  return at === write && failure === 'lost' ? 202 : 503;
}

/**
 * Each route's first delivery, on a cold start whose secret cannot be read, and its redelivery:
 * made before any test, whatever order they run in, as only the first delivery reads the secret.
 */
const coldStarts = new Map<RouteKey, { first: Awaited<ReturnType<typeof deliver>>; again: number }>();
beforeAll(async () => {
  for (const route of Object.keys(deliveries) as RouteKey[]) {
    intakeFunctions = new Set([await routeFunction(route).logicalId]);
    failing = { at: 0, failure: 'refused' };
    const body = deliveries[route]();
    const first = await deliver(route, body);
    failing = null;
    coldStarts.set(route, { first, again: (await deliver(route, body, first.headers)).status });
  }
});

describe('intake under a failing dependency at each of its calls', () => {
  it.each(Object.keys(deliveries) as RouteKey[])(
    '%s answers 503 on a cold start whose signing secret cannot be read, then accepts the redelivery',
    (route) => {
      const cold = coldStarts.get(route);

      expect(cold?.first.calls[0]).toBe('secrets GetSecretValueCommand');
      expect(cold?.first.status).toBe(503);
      expect(cold?.again).toBe(202);
    },
  );

  it.each(Object.keys(deliveries) as RouteKey[])(
    '%s answers as the contract says for each call failing each way, and loses no ticket it accepted',
    async (route) => {
      intakeFunctions = new Set([await routeFunction(route).logicalId]);
      failing = null;
      const plain = await deliver(route, deliveries[route]());
      expect(plain.status).toBe(202);
      expect(plain.calls).toContain('dynamodb PutItemCommand tickets');
      expect(plain.calls).toContain('sfn StartExecutionCommand');

      const seen: Array<[string, Failure, number, number]> = [];
      for (const [at, call] of plain.calls.entries()) {
        for (const failure of FAILURES) {
          failing = { at, failure };
          const body = deliveries[route]();
          const answer = await deliver(route, body);
          failing = null;
          seen.push([call, failure, answer.status, expectedAnswer(plain.calls, at, failure)]);
          if (answer.status === 202) expect(await stored(String(answer.ticketId))).toBe(true);
          if (answer.status === 503) {
            const again = await deliver(route, body, answer.headers);
            expect([200, 202]).toContain(again.status);
          }
        }
      }

      expect(seen.map(([call, failure, status]) => [call, failure, status])).toEqual(
        seen.map(([call, failure, , expected]) => [call, failure, expected]),
      );
    },
    120_000,
  );
});

function routeFunction(route: RouteKey) {
  return {
    logicalId: loadLocalAssembly().then((assembly) => {
      const arn = assembly.routes.find((r) => r.routeKey === route)?.functionArn ?? '';
      return arn.split(':').pop() ?? '';
    }),
  };
}
