import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'node:http';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '#lib/local/corpus';
import { DEFAULT_FAULTS, FaultInjector, injectIntoClient, parseFaults } from '#lib/local/faults';

describe('parseFaults', () => {
  it('reads every setting, keeping the defaults for the rest', () => {
    expect(parseFaults('rate=0.5,seed=7,kinds=hang+lost,targets=ses,functions=SendReply+Intake,hangMs=10')).toEqual({
      rate: 0.5,
      seed: 7,
      kinds: ['hang', 'lost'],
      targets: ['ses'],
      functions: ['SendReply', 'Intake'],
      hangMs: 10,
    });
    expect(parseFaults('')).toEqual(DEFAULT_FAULTS);
  });

  it.each([
    ['rate=2', /rate must be a number from 0 to 1/],
    ['kinds=explode', /kinds takes throttle\+fail\+hang\+lost, not explode/],
    ['colour=red', /unknown setting colour/],
  ])('refuses %s, saying why', (spec, message) => {
    expect(() => parseFaults(spec)).toThrow(message);
  });
});

describe('FaultInjector', () => {
  it('injects about the asked share of faults, the same ones for the same seed, and counts them', () => {
    const picks = (seed: number) => {
      const injector = new FaultInjector({ ...DEFAULT_FAULTS, seed });
      const kinds = Array.from({ length: 2_000 }, () => injector.pick('dynamodb'));
      return { kinds, injector };
    };
    const a = picks(3);
    const b = picks(3);

    expect(a.kinds).toEqual(b.kinds);
    expect(a.injector.total).toBeGreaterThan(300);
    expect(a.injector.total).toBeLessThan(500);
    expect(Object.values(a.injector.counts.dynamodb).every((n) => n > 0)).toBe(true);
  });

  it('leaves alone the targets and functions it was not asked to touch', () => {
    const injector = new FaultInjector({ ...DEFAULT_FAULTS, rate: 1, targets: ['lambda'], functions: ['SendReply'] });

    expect(injector.pick('ses')).toBeNull();
    expect(injector.pick('lambda', 'Decide1234')).toBeNull();
    expect(injector.pick('lambda', 'SendReply8C2C')).not.toBeNull();
  });
});

describe('injectIntoClient', () => {
  it('drops a lost answer with its connection, so lost answers never starve the next calls of one', async () => {
    // Prepare: a service that answers every call, and a client with a single connection to it.
    const server = createServer((_request, response) => {
      response.setHeader('content-type', 'application/x-amz-json-1.0');
      response.end(JSON.stringify({ TableNames: ['t'] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
      requestHandler: { connectionTimeout: 500, httpAgent: new Agent({ keepAlive: true, maxSockets: 1 }) },
    });
    const undo = injectIntoClient(
      client,
      'dynamodb',
      new FaultInjector({ ...DEFAULT_FAULTS, rate: 1, kinds: ['lost'] }),
    );

    try {
      // Act
      const lost = await Promise.allSettled([1, 2, 3].map(() => client.send(new ListTablesCommand({}))));
      undo();
      const next = await client.send(new ListTablesCommand({}));

      // Assess
      expect(lost.map((r) => (r.status === 'rejected' ? (r.reason as Error).name : 'answered'))).toEqual([
        'TimeoutError',
        'TimeoutError',
        'TimeoutError',
      ]);
      expect(next.TableNames).toEqual(['t']);
    } finally {
      client.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('generateCorpus', () => {
  it('makes the same corpus for the same seed, with every ticket named for a merchant', () => {
    const a = generateCorpus({ merchants: 20, tickets: 50, seed: 9 });
    const b = generateCorpus({ merchants: 20, tickets: 50, seed: 9 });

    expect(a).toEqual(b);
    expect(a.tickets).toHaveLength(50);
    expect(Object.keys(a.merchantOf)).toHaveLength(50);
    expect(new Set(a.tickets.map((t) => t.ticketId)).size).toBe(50);
  });
});
