import { createServer, request, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenerOf } from '#lib/local/http-listener';

/** A raw request line, sent as is: fetch would refuse to send the malformed ones. */
function rawGet(port: number, target: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: target, method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('listenerOf', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer(
      listenerOf(async (req, res) => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        if (url.pathname === '/boom') throw new Error('a bug');
        res.end(decodeURIComponent(url.pathname));
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers 400 to a target that cannot be decoded, and serves the next request', async () => {
    expect(await rawGet(port, '/tickets/%ZZ')).toBe(400);
    expect(await rawGet(port, 'http://[')).toBe(400);
    expect(await rawGet(port, '/fine')).toBe(200);
  });

  it('answers 500 to any other failure of the handler', async () => {
    expect(await rawGet(port, '/boom')).toBe(500);
    expect(await rawGet(port, '/fine')).toBe(200);
  });
});
