/** What a local execution reports as Step Functions would: its history events, log records and billed stats. */

export type Status = 'RUNNING' | 'SUCCEEDED' | 'FAILED';

export type LocalEvent = { type: string; timestamp?: number; state?: { name: string; type?: string } };

/** What the runs so far would cost and log on AWS, counted as each run goes (nothing of it kept per run). */
export interface ExecutionStats {
  started: number;
  finished: number;
  /** States entered, retries included: what a Standard workflow bills per 1,000. */
  transitions: number;
  /** Each run's duration rounded up to 100 ms, as Express bills it. */
  billedMs: number;
  /** History events and their bytes as the log group receives them at level ALL without data. */
  logEvents: number;
  logBytes: number;
}

/** `after` minus `before`, count by count: what the runs between two readings used. */
export const statsBetween = (before: ExecutionStats, after: ExecutionStats): ExecutionStats =>
  Object.fromEntries(
    Object.entries(after).map(([k, v]) => [k, v - before[k as keyof ExecutionStats]]),
  ) as unknown as ExecutionStats;

/** The AWS history events one local event stands for, with execution data left out. */
export function awsEvents(event: LocalEvent): string[] {
  const kind = event.state?.type ?? '';
  switch (event.type) {
    case 'ExecutionStarted':
    case 'ExecutionSucceeded':
    case 'ExecutionFailed':
      return [event.type];
    case 'StateEntered':
      if (kind === 'Task') return ['TaskStateEntered', 'TaskScheduled', 'TaskStarted'];
      if (kind === 'Parallel') return ['ParallelStateEntered', 'ParallelStateStarted'];
      return [`${kind}StateEntered`];
    case 'StateExited':
      if (kind === 'Task') return ['TaskSucceeded', 'TaskStateExited'];
      if (kind === 'Parallel') return ['ParallelStateSucceeded', 'ParallelStateExited'];
      return [`${kind}StateExited`];
    case 'StateRetried':
      // Its TaskFailed came with the StateFailed before it.
      return ['TaskScheduled', 'TaskStarted'];
    case 'StateFailed':
      return [kind === 'Task' ? 'TaskFailed' : `${kind}StateFailed`];
    default:
      return [];
  }
}

export type LogLevel = 'ALL' | 'ERROR' | 'FATAL' | 'OFF';

/** Whether a state machine logging at `level` writes an event of this type (Step Functions' log levels). */
export function logs(level: LogLevel, type: string): boolean {
  switch (level) {
    case 'ALL':
      return true;
    case 'ERROR':
      return /(?:Failed|TimedOut|Aborted)$/.test(type) || type === 'FailStateEntered';
    case 'FATAL':
      return type === 'ExecutionFailed' || type === 'ExecutionTimedOut' || type === 'ExecutionAborted';
    case 'OFF':
      return false;
  }
}

/** One record of an Express execution's log group as CloudWatch stores it (includeExecutionData: false). */
export const logRecord = (id: number, type: string, stateName: string | undefined, executionArn: string) =>
  JSON.stringify({
    id: String(id),
    type,
    details: stateName ? { name: stateName, inputDetails: { truncated: false } } : {},
    previous_event_id: String(id - 1),
    event_timestamp: '1764590000000',
    execution_arn: executionArn,
    redrive_count: '0',
  }).length + 1;

/** Express bills each run's duration in steps of this, and at least one. */
