/** How long each stage of a ticket may take before the reconciler steps in. */
export interface LifecycleTiming {
  /**
   * An accepted ticket must be decided by then, or its run is presumed dead. It outlasts the run's
   * timeout plus `sendWithinMs`, so the run's own reply claim is stale before the reconciler
   * looks and nothing the run does moves the watch (a CDK test holds the two together).
   */
  decideWithinMs: number;
  /** A decided ticket's reply must be sent by then; a claim older than this belongs to a dead run. */
  sendWithinMs: number;
  /** Runs a ticket may get before it is escalated as PROCESSING_ERROR. */
  maxRuns: number;
}

export const DEFAULT_TIMING: LifecycleTiming = {
  decideWithinMs: 5 * 60_000,
  sendWithinMs: 3 * 60_000,
  maxRuns: 3,
};

export const after = (at: Date, ms: number) => new Date(at.getTime() + ms);

/** Prefix of the run IDs the reconciler acts under: never the ID of a workflow run. */
export const RECONCILER_RUN = 'reconciler-';
