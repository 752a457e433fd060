import type { IncomingMessage, ServerResponse } from 'node:http';

type Serve = (req: IncomingMessage, res: ServerResponse) => Promise<unknown>;

/** A request whose target cannot be read at all (bad percent-encoding, a URL that does not parse). */
const unreadableTarget = (error: unknown) =>
  error instanceof URIError || (error as NodeJS.ErrnoException | null)?.code === 'ERR_INVALID_URL';

/**
 * A request listener for a local server: whatever `serve` throws is answered (400 for a target
 * that cannot be read, else 500) instead of becoming an unhandled rejection that ends the process.
 */
export function listenerOf(serve: Serve): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    serve(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const status = unreadableTarget(error) ? 400 : 500;
      req.resume();
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: status === 400 ? 'the request target cannot be read' : 'internal error' }));
    });
  };
}
