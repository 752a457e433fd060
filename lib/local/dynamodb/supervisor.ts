import { statfs } from 'node:fs/promises';
import type { DynamoDbLocal } from './dynamodb-local.ts';

export type Notice = (level: 'warn' | 'error', message: string) => void;

export interface SupervisorOptions {
  /** Starts DynamoDB Local again on the same port and data; null when its tables were in memory (gone with it). */
  restart: (() => Promise<DynamoDbLocal>) | null;
  /** The folder its tables are kept in, watched for free space. */
  dataDir?: string;
  notice: Notice;
  /** DynamoDB Local is gone for good: the stack stops, saying this. */
  onLost: (message: string) => void;
  /** Restarts allowed within a minute; the next exit counts as gone. */
  maxRestarts?: number;
  /** Free bytes under which the data folder's disk is reported as nearly full. */
  lowDiskBytes?: number;
  checkDiskEveryMs?: number;
}

/** What the JVM or SQLite writes when the disk holding the tables is full. */
const DISK_FULL = /no space left on device|disk is full|SQLITE_FULL|disk quota exceeded/i;
const RESTART_WINDOW_MS = 60_000;

/**
 * Watches DynamoDB Local while the stack runs. When the JVM dies its exit is reported at error
 * level, and it is started again on the same port and data (a kept data folder holds every
 * accepted ticket: DynamoDB Local writes each request to disk before it answers), or, when its
 * tables were in memory and are gone, the stack is stopped, as answering from empty tables would
 * lose every accepted ticket's state. A disk filling up, or full, is reported with its folder.
 */
export function superviseDynamoDb(
  first: DynamoDbLocal,
  options: SupervisorOptions,
): { quiesce(): void; stop(): Promise<void> } {
  const { notice, maxRestarts = 3, lowDiskBytes = 64 * 1024 * 1024 } = options;
  let current = first;
  let stopping = false;
  let restarting: Promise<void> | null = null;
  const restarts: number[] = [];
  let diskFullSaidAt = 0;

  const listen = (jvm: DynamoDbLocal) => {
    jvm.onOutput((line) => {
      if (!DISK_FULL.test(line) || Date.now() - diskFullSaidAt < 60_000) return;
      diskFullSaidAt = Date.now();
      notice(
        'error',
        `DynamoDB Local cannot write${options.dataDir ? ` to ${options.dataDir}` : ''}: the disk is full (${line.trim().slice(0, 200)}). Deliveries are refused with 503 until there is space; nothing accepted is lost.`,
      );
    });
    void jvm.exited.then(({ how, lastOutput }) => {
      if (!stopping && jvm === current) restarting = recover(jvm, how, lastOutput).finally(() => (restarting = null));
    });
  };

  const lost = (message: string) => {
    if (!stopping) options.onLost(message);
  };

  async function recover(dead: DynamoDbLocal, how: string, lastOutput: string) {
    await dead.stop();
    const tail = lastOutput.split('\n').slice(-3).join(' | ');
    notice('error', `DynamoDB Local (pid ${dead.pid}) exited with ${how}${tail ? `; its last output: ${tail}` : ''}`);
    if (!options.restart) {
      lost(
        'DynamoDB Local is gone and its tables were in memory, so they are gone with it: stopping the stack rather than answer from empty tables. Start it again; --data-dir keeps the tables on disk across this.',
      );
      return;
    }
    const now = Date.now();
    while (restarts.length && now - (restarts[0] ?? 0) > RESTART_WINDOW_MS) restarts.shift();
    if (restarts.length >= maxRestarts) {
      lost(`DynamoDB Local exited again after ${restarts.length} restarts within a minute: stopping the stack.`);
      return;
    }
    restarts.push(now);
    notice(
      'warn',
      `restarting DynamoDB Local on ${dead.endpoint} with the same data; until it answers, intake answers 503 (deliver again) and no accepted ticket is lost`,
    );
    try {
      const started = await options.restart();
      if (stopping) {
        await started.stop();
        return;
      }
      current = started;
      listen(started);
      notice('warn', `DynamoDB Local is back (pid ${started.pid}) after ${((Date.now() - now) / 1000).toFixed(1)} s`);
    } catch (error) {
      lost(`DynamoDB Local could not be started again: ${(error as Error).message}`);
    }
  }

  let lowSaid = false;
  const diskTimer = options.dataDir
    ? setInterval(() => {
        statfs(options.dataDir ?? '.').then(
          ({ bavail, bsize }) => {
            const free = bavail * bsize;
            if (free < lowDiskBytes && !lowSaid) {
              notice(
                'warn',
                `the disk holding ${options.dataDir} has ${Math.round(free / 1024 / 1024)} MB free; DynamoDB Local's writes fail when it is full`,
              );
            }
            lowSaid = free < lowDiskBytes;
          },
          () => undefined,
        );
      }, options.checkDiskEveryMs ?? 10_000)
    : null;
  diskTimer?.unref();

  listen(first);
  const quiesce = () => {
    stopping = true;
    if (diskTimer) clearInterval(diskTimer);
  };
  return {
    /** From now on an exit is the stack stopping, not a failure (a signal reaches the JVM too). */
    quiesce,
    async stop() {
      quiesce();
      await restarting;
      await current.stop();
    },
  };
}
