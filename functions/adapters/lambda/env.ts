import { randomUUID } from 'node:crypto';
import type { Clock } from '#use-cases/ports';
import { DEFAULT_TIMING, type LifecycleTiming } from '#use-cases/timing';

/** A setting the function cannot run without; read at module load so a bad deploy fails at once. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** A whole number of milliseconds from the environment, else the default. */
function msFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** The lifecycle deadlines; the local stack shortens them through these variables. */
export const timingFromEnv = (): LifecycleTiming => ({
  decideWithinMs: msFromEnv('DECIDE_WITHIN_MS', DEFAULT_TIMING.decideWithinMs),
  sendWithinMs: msFromEnv('SEND_WITHIN_MS', DEFAULT_TIMING.sendWithinMs),
  maxRuns: msFromEnv('MAX_RUNS', DEFAULT_TIMING.maxRuns),
});

export const systemClock: Clock = { now: () => new Date() };
export const newId = (): string => randomUUID();
