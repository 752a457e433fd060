import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { listenerOf } from './http-listener.ts';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildConsole, CONSOLE_FILES } from '#lib/console/build';
import { consoleCsp } from '#lib/console/csp';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};

/**
 * The ops console on 127.0.0.1, as CloudFront serves it on AWS: the same build, its own origin,
 * the same Content-Security-Policy, and a config.json that points it at the local ops API and
 * has reviewers sign in with the tokens `npm start` prints.
 */
export async function startConsoleServer(options: {
  apiUrl: string;
  port?: number;
}): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'code97-console-'));
  buildConsole(dir, { apiUrl: options.apiUrl, auth: { kind: 'token' } });
  const served = new Set<string>([...CONSOLE_FILES, 'config.json']);
  const headers = {
    'content-security-policy': consoleCsp([new URL(options.apiUrl).origin]),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  };
  const server = createServer(
    listenerOf(async (req, res) => {
      const name = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/^\/+/, '') || 'index.html';
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      if (!served.has(name)) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const body = await readFile(path.join(dir, name));
      res.writeHead(200, { ...headers, 'content-type': TYPES[path.extname(name)] ?? 'application/octet-stream' });
      res.end(req.method === 'HEAD' ? undefined : body);
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A browser's keep-alive connections would hold close() open for their timeout.
        server.closeIdleConnections();
      });
      await rm(dir, { recursive: true, force: true });
    },
  };
}
