import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useLocalStack } from '#fixtures/local-stack';
import type { LocalStack } from '#lib/local/stack';

let stack: LocalStack;
useLocalStack((started) => (stack = started));

/** A request line sent as raw bytes (fetch refuses to send these); HTTP/1.0, so the server closes once it answers. */
function rawRequest(url: string, requestLine: string): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(`${requestLine}\r\nHost: ${hostname}\r\n\r\n`));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('end', () => resolve(Number(answer.split(' ')[1] ?? 0)));
    socket.on('error', reject);
    socket.setTimeout(5_000, () => socket.destroy(new Error('no answer')));
  });
}

describe('the local gateway and console server under requests no client should send', () => {
  it.each([
    ['the API', 'api', 'GET /tickets/%ZZ HTTP/1.0'],
    ['the API', 'api', 'GET http://[ HTTP/1.0'],
    ['the console', 'console', 'GET http://[ HTTP/1.0'],
  ] as const)('answers %s a 4xx for `%s`, and the stack answers the next request', async (_what, which, line) => {
    const status = await rawRequest(stack.urls[which], line);

    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    const next = await fetch(`${stack.urls.api}/escalations`, {
      headers: { authorization: `Bearer ${stack.opsToken('ops')}` },
    });
    expect(next.status).toBe(200);
  });
});
