import { AsyncLocalStorage } from 'node:async_hooks';
import { logLevelFromEnv } from '#adapters/lambda/env';
import { IDENTIFIER } from '#domain/triage/identifiers';

/**
 * Structured logs: one JSON object per line on stderr (CloudWatch takes it on Lambda), with
 * the ticket and the run it belongs to. Contact emails and
 * TIDs never appear whole: every string field is masked before it is written.
 */

const { chars, length } = IDENTIFIER.tid;
/** A TID standing alone in text, with at least one digit (so a word in capitals is not one); its last four kept. */
const TID = new RegExp(`(?<![0-9A-Za-z])(?=[A-Z]*\\d)[${chars}]{${length - 4}}([${chars}]{4})(?![0-9A-Za-z])`, 'g');

/**
 * Any address, international ones (RFC 6531) too. Greedier than the one triage reads text with:
 * in a log line, masking a word too many is harmless, one address too few is not.
 */
const ANY_ADDRESS =
  /(?<![\p{L}\p{N}\p{M}_.%+-])[\p{L}\p{N}\p{M}_.%+-]+@[\p{L}\p{N}\p{M}-]+(?:\.[\p{L}\p{N}\p{M}-]+)+/gu;

/** `owner@teahouse.example` → `o***@t***.example`; `10030012` → `****0012`. */
export const mask = (text: string) =>
  text
    .replace(ANY_ADDRESS, (address) => {
      const [local = '', domain = ''] = address.split('@');
      const top = domain.slice(domain.lastIndexOf('.'));
      return `${local[0]}***@${domain[0]}***${top}`;
    })
    .replace(TID, '****$1');

/** Identifiers of our own making (request and run IDs are UUIDs): never contact data, kept whole. */
const OWN_IDS = new Set(['requestId', 'execution', 'timestamp']);

function masked(value: unknown): unknown {
  if (typeof value === 'string') return mask(value);
  if (Array.isArray(value)) return value.map(masked);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, OWN_IDS.has(k) ? v : masked(v)]));
  }
  return value;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<LogLevel | 'off', number> = { debug: 10, info: 20, warn: 30, error: 40, off: Infinity };
/** LOG_LEVEL: debug, info (the default), warn, error, or off. */
const threshold = RANK[(logLevelFromEnv() as LogLevel | undefined) ?? 'info'] ?? RANK.info;

/**
 * Fields every line of an invocation carries (function, requestId, ticketId, execution). Kept
 * per invocation, so invocations that share a process keep theirs apart.
 */
const invocation = new AsyncLocalStorage<Record<string, unknown>>();

export const logger = {
  /** Runs `fn` with these fields on every line it logs. */
  within<T>(fields: Record<string, unknown>, fn: () => T): T {
    return invocation.run(fields, fn);
  },
  write(level: LogLevel, message: string, fields: Record<string, unknown> = {}) {
    if (RANK[level] < threshold) return;
    const line = { level, message, timestamp: new Date().toISOString(), ...invocation.getStore(), ...fields };
    process.stderr.write(`${JSON.stringify(masked(line))}\n`);
  },
  info(message: string, fields?: Record<string, unknown>) {
    this.write('info', message, fields);
  },
  warn(message: string, fields?: Record<string, unknown>) {
    this.write('warn', message, fields);
  },
  error(message: string, fields?: Record<string, unknown>) {
    this.write('error', message, fields);
  },
};
