import { createServer } from 'node:net';

/** Listens on the port of 127.0.0.1 (0: any free one), closes, and returns the port used. */
function probe(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as { port: number };
      server.close(() => resolve(bound));
    });
  });
}

export const freePort = () => probe(0);

/** Fails early, naming the setting to change, when a fixed port is taken. */
export async function assertPortFree(port: number, what: string, setting: string): Promise<void> {
  try {
    await probe(port);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`port ${port} for the ${what} is not available (${code}); choose another with ${setting}`, {
      cause: error,
    });
  }
}
