import type { Ticket } from '#domain/triage/types';
import { deliver, type ReplayResult } from '#lib/local/replay';
import type { LocalStack } from '#lib/local/stack';

export interface PoolRun {
  results: ReplayResult[];
  /** Per ticket, from the delivery to its final state, in the order they finished. */
  latenciesMs: number[];
  elapsedMs: number;
}

/**
 * Delivers the tickets through the stack's intake with `inFlight` at a time, each until its
 * ticket is final; `onDone` hears the count after each one.
 */
export async function replayPool(
  stack: LocalStack,
  tickets: Ticket[],
  inFlight: number,
  onDone?: (done: number) => void,
): Promise<PoolRun> {
  const results: ReplayResult[] = [];
  const latenciesMs: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < tickets.length) {
      const ticket = tickets[next++];
      if (!ticket) break;
      const t0 = performance.now();
      results.push(await deliver(stack, JSON.stringify(ticket), { finalWithinMs: 60_000 }));
      latenciesMs.push(performance.now() - t0);
      onDone?.(results.length);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { results, latenciesMs, elapsedMs: performance.now() - started };
}

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
};

/** Peak resident memory of this process, sampled every 100 ms while `watch` is on. */
export class RssPeak {
  private peak = 0;
  private readonly timer: NodeJS.Timeout;
  constructor() {
    this.timer = setInterval(() => this.sample(), 100);
    this.timer.unref();
  }
  sample(): number {
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
    return this.peak;
  }
  get mb(): number {
    return +(this.sample() / 2 ** 20).toFixed(0);
  }
  stop(): void {
    clearInterval(this.timer);
  }
}
