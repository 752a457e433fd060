import { readFileSync } from 'node:fs';
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

/**
 * The ports the kernel gives outgoing connections their local end from. A port in it that the
 * stack binds only later (a kept port, a restart's) can be taken meanwhile by one of the stack's
 * own connections to DynamoDB Local, and the listen then fails with EADDRINUSE.
 */
export function ephemeralRange(file = '/proc/sys/net/ipv4/ip_local_port_range'): { low: number; high: number } {
  try {
    const [low, high] = readFileSync(file, 'utf8').trim().split(/\s+/).map(Number);
    if (low && high && low <= high) return { low, high };
  } catch {
    // Not Linux, or /proc not mounted: the IANA range, which macOS and Windows use.
  }
  return { low: 49152, high: 65535 };
}

export const inEphemeralRange = (port: number, range = ephemeralRange()) => port >= range.low && port <= range.high;

/**
 * Where free ports are picked from: below the ephemeral range, above the well-known and common
 * service ports and above every port fetch and browsers refuse to connect to (the highest, 10080).
 */
const PICK_FROM = 10_100;

/**
 * A port free now on 127.0.0.1, outside the ephemeral range, so that no outgoing connection can
 * hold it by the time it is bound. The kernel's choice only when that range leaves no room.
 */
export async function freePort(): Promise<number> {
  const { low } = ephemeralRange();
  const span = low - PICK_FROM;
  for (let attempt = 0; span > 0 && attempt < 64; attempt += 1) {
    const port = PICK_FROM + Math.floor(Math.random() * span);
    const bound = await probe(port).catch(() => 0);
    if (bound) return bound;
  }
  return probe(0);
}

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
