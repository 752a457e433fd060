import { randomUUID } from 'node:crypto';
import { TABLE_ENV, type TableKey } from '#adapters/dynamodb/schema';
import { ENV } from '#adapters/lambda/env-names';
import { DEFAULT_SLA_HOURS } from '#domain/queue';
import { DEFAULT_RECORDS_MAX_AGE_HOURS } from '#domain/records/freshness';
import { HOUR_MS } from '#domain/time';
import type { Clock } from '#use-cases/ports';
import { DEFAULT_TIMING, type LifecycleTiming } from '#use-cases/timing';

/**
 * The one module that reads a function's environment: everything else is handed what it
 * needs as arguments.
 */

/** A setting the function cannot run without; read at module load so a bad deploy fails at once. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** The physical name of one of the function's tables. */
export const tableFromEnv = (key: TableKey): string => requiredEnv(TABLE_ENV[key]);

/** A whole number from the environment, else the default. */
function wholeFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** The lifecycle deadlines; a stack may set shorter ones. */
export const timingFromEnv = (): LifecycleTiming => ({
  decideWithinMs: wholeFromEnv(ENV.decideWithinMs, DEFAULT_TIMING.decideWithinMs),
  sendWithinMs: wholeFromEnv(ENV.sendWithinMs, DEFAULT_TIMING.sendWithinMs),
  maxRuns: wholeFromEnv(ENV.maxRuns, DEFAULT_TIMING.maxRuns),
});

/** A positive number of hours from the environment, in milliseconds; the default when unset. */
function hoursFromEnv(name: string, fallbackHours: number): number {
  const given = process.env[name];
  const hours = Number(given ?? fallbackHours);
  if (!(hours > 0)) throw new Error(`${name} must be a positive number of hours, not ${given}`);
  return hours * HOUR_MS;
}

/** The SLA in milliseconds: SLA_HOURS. */
export const slaMsFromEnv = (): number => hoursFromEnv(ENV.slaHours, DEFAULT_SLA_HOURS);

/** The records' maximum age in milliseconds: RECORDS_MAX_AGE_HOURS. */
export const recordsMaxAgeMsFromEnv = (): number => hoursFromEnv(ENV.recordsMaxAgeHours, DEFAULT_RECORDS_MAX_AGE_HOURS);

/** A switch set to `true`; anything else (or unset) is off. */
export const flagFromEnv = (name: string): boolean => process.env[name] === 'true';

/** A setting that may be empty (the mail prefix). */
export const optionalEnv = (name: string, fallback = ''): string => process.env[name] ?? fallback;

/** LOG_LEVEL as given, lower-cased; the logger decides what an unknown value means. */
export const logLevelFromEnv = (): string | undefined => process.env[ENV.logLevel]?.toLowerCase();

export const systemClock: Clock = { now: () => new Date() };
export const newId = (): string => randomUUID();
