import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

/**
 * The mail bucket's stand-in: S3's GetObject and HeadObject (path-style, as the SDK addresses
 * an endpoint on an IP) over a folder, for the one bucket the templates name. The SMTP listener
 * writes each message there, where SES's receipt rule would put it.
 */
export function s3Folder(bucket: string, dir: string) {
  const root = path.resolve(dir);
  const noSuch = (res: ServerResponse, head: boolean, code: 'NoSuchBucket' | 'NoSuchKey') => {
    res.writeHead(404, { 'content-type': 'application/xml' });
    res.end(head ? undefined : `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code></Error>`);
  };
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const head = req.method === 'HEAD';
    if (!head && req.method !== 'GET') {
      res.writeHead(405).end();
      return;
    }
    const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
    const [, given = '', ...keyParts] = pathname.split('/');
    if (decodeURIComponent(given) !== bucket) return noSuch(res, head, 'NoSuchBucket');
    const file = path.resolve(root, decodeURIComponent(keyParts.join('/')));
    if (!file.startsWith(`${root}${path.sep}`)) return noSuch(res, head, 'NoSuchKey');
    const found = await stat(file).catch(() => null);
    if (!found?.isFile()) return noSuch(res, head, 'NoSuchKey');
    res.writeHead(200, { 'content-type': 'message/rfc822', 'content-length': String(found.size) });
    if (head) res.end();
    else
      createReadStream(file)
        .once('error', () => res.destroy())
        .pipe(res);
  };
}
