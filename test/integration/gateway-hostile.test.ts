import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useLocalStack } from '#fixtures/local-stack';
import type { LocalStack } from '#lib/local/stack';
import { seededRandom } from '#lib/local/random';
import { FUZZ_REQUESTS, hostileRequest } from '#fixtures/hostile-http';

let stack: LocalStack;
useLocalStack((started) => (stack = started));

/**
 * Bytes sent as they are (fetch refuses to send most of these), the socket half-closed after
 * them: the status the server answers, or 0 when it closed without one.
 */
function rawBytes(url: string, bytes: Buffer | string, halfClose = true): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(bytes);
      if (halfClose) socket.end();
    });
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (!halfClose && answer.includes('\r\n')) socket.destroy();
    });
    socket.on('close', () => resolve(Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1] ?? 0)));
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
    socket.setTimeout(5_000, () =>
      socket.destroy(new Error(`no answer to ${JSON.stringify(String(bytes).slice(0, 80))}`)),
    );
  });
}

/** A request line sent as raw bytes; HTTP/1.0, so the server closes once it answers. */
const rawRequest = (url: string, requestLine: string) =>
  rawBytes(url, `${requestLine}\r\nHost: ${new URL(url).hostname}\r\n\r\n`);

const answersNext = async () => {
  const next = await fetch(`${stack.urls.api}/escalations`, {
    headers: { authorization: `Bearer ${stack.opsToken('ops')}` },
  });
  const page = await fetch(`${stack.urls.console}/`);
  return [next.status, page.status];
};

describe('the local gateway and console server under requests no client should send', () => {
  it.each([
    ['the API', 'api', 'GET /tickets/%ZZ HTTP/1.0'],
    ['the API', 'api', 'GET http://[ HTTP/1.0'],
    ['the console', 'console', 'GET http://[ HTTP/1.0'],
  ] as const)('answers %s a 4xx for `%s`, and the stack answers the next request', async (_what, which, line) => {
    const status = await rawRequest(stack.urls[which], line);

    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(await answersNext()).toEqual([200, 200]);
  });

  it('answers an ops path whose id is over DynamoDB key size with a 400, not a 500', async () => {
    const answer = await fetch(`${stack.urls.api}/escalations/ESC-${'A'.repeat(3_000)}`, {
      headers: { authorization: `Bearer ${stack.opsToken('ops')}` },
    });

    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: expect.stringContaining('escalationId is not an id') });
  });

  it('refuses a request without a token before its body arrives', async () => {
    const headersOnly = `POST /escalations/ESC-1/reply HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 9961472\r\n\r\n`;

    expect(await rawBytes(stack.urls.api, headersOnly, false)).toBe(401);
  });

  it('refuses a body declared over 10 MB before it arrives', async () => {
    const headersOnly = `POST /tickets HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 10485761\r\n\r\n`;

    expect(await rawBytes(stack.urls.api, headersOnly, false)).toBe(413);
  });

  it('answers thousands of generated requests without a 5xx and goes on answering', async () => {
    const random = seededRandom(Number(process.env.FUZZ_SEED ?? 97));
    const requests = Array.from({ length: FUZZ_REQUESTS }, () => hostileRequest(random));
    const statuses: number[] = [];
    for (let i = 0; i < requests.length; i += 50) {
      const batch = requests.slice(i, i + 50);
      statuses.push(
        ...(await Promise.all(batch.map((bytes, j) => rawBytes(j % 2 ? stack.urls.console : stack.urls.api, bytes)))),
      );
    }

    const fiveHundreds = requests.filter((_, i) => (statuses[i] ?? 0) >= 500).map((r) => r.toString('latin1'));
    expect(fiveHundreds.slice(0, 5)).toEqual([]);
    expect(statuses.filter((s) => s >= 400 && s < 500).length).toBeGreaterThan(FUZZ_REQUESTS / 2);
    // Both the HTTP parser (400) and the routes behind it (401, 404, 405) were reached.
    for (const status of [400, 401, 404, 405]) expect(statuses).toContain(status);
    expect(await answersNext()).toEqual([200, 200]);
  }, 120_000);
});
