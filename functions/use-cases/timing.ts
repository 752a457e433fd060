import { MINUTE_MS } from '#domain/time';

/** How long each stage of a ticket may take before the reconciler steps in. */
export interface LifecycleTiming {
  /**
   * An accepted ticket must be decided by then, or its run is presumed dead. It covers the run's
   * timeout plus `sendWithinMs` (a CDK test holds them together), so nothing the run does moves
   * the watch: its own reply claim is stale by the time the reconciler looks, but for a step
   * still running after its run timed out, whose claim the reconciler waits out.
   */
  decideWithinMs: number;
  /** A decided ticket's reply must be sent by then; a claim older than this belongs to a dead run. */
  sendWithinMs: number;
  /** Runs a ticket may get before it is escalated as PROCESSING_ERROR. */
  maxRuns: number;
}

export const DEFAULT_TIMING: LifecycleTiming = {
  decideWithinMs: 5 * MINUTE_MS,
  sendWithinMs: 3 * MINUTE_MS,
  maxRuns: 3,
};

export const after = (at: Date, ms: number) => new Date(at.getTime() + ms);

/** Prefix of the run IDs the reconciler acts under: never the ID of a workflow run. */
export const RECONCILER_RUN = 'reconciler-';
