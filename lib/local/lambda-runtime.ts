import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { PROJECT_ROOT } from '#lib/project';
import type { LocalFunction } from './cloud-assembly.ts';
import type { FaultInjector, FaultKind } from './faults.ts';

export type Invoke = (event: unknown) => Promise<unknown>;
type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** Variables the Lambda service sets itself and the local process must not inherit. */
const SKIPPED_ENV = new Set(['NODE_OPTIONS']);

/**
 * Every function's template environment, merged: the handlers share one process locally, so two
 * functions giving one variable different values is an error.
 */
export function mergedEnvironment(functions: LocalFunction[]): Record<string, string> {
  const merged = new Map<string, { value: string; from: string }>();
  for (const fn of functions) {
    for (const [name, value] of Object.entries(fn.environment)) {
      if (SKIPPED_ENV.has(name)) continue;
      const seen = merged.get(name);
      if (seen && seen.value !== value) {
        throw new Error(`${name} is ${seen.value} for ${seen.from} but ${value} for ${fn.logicalId}`);
      }
      merged.set(name, { value, from: fn.logicalId });
    }
  }
  return Object.fromEntries([...merged].map(([name, { value }]) => [name, value]));
}

/** Applies every function's template environment to this process (see mergedEnvironment). */
export function applyEnvironment(functions: LocalFunction[], env: NodeJS.ProcessEnv = process.env): void {
  Object.assign(env, mergedEnvironment(functions));
}

function lambdaContext(fn: LocalFunction, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: fn.logicalId,
    functionVersion: '$LATEST',
    invokedFunctionArn: fn.arn,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${fn.logicalId}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** An error as the Lambda service reports it: errorType becomes the name States match on. */
class LambdaError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

const viaJson = <T>(value: T): T => (value === undefined ? (null as T) : JSON.parse(JSON.stringify(value)));

export interface LambdaRuntime {
  invoke(arn: string, event: unknown): Promise<unknown>;
  /** The functions loaded, as the template declares them. */
  functions: LocalFunction[];
  /** Invocations so far, per function logical ID. */
  invocations: Map<string, number>;
  /** Injects faults into the invocations from now on (none when null). */
  faults: FaultInjector | null;
  /** Told of every handler run: the function, its configured memory and how long the handler took. */
  observer: ((logicalId: string, memoryMb: number, ms: number) => void) | null;
}

/**
 * What a faulty invocation looks like to its caller: throttled or failed before the handler
 * runs, timed out without an answer, or run to the end with the answer lost.
 */
async function faulty(kind: FaultKind, hangMs: number, run: () => Promise<unknown>): Promise<never> {
  switch (kind) {
    case 'throttle':
      throw new LambdaError('Lambda.TooManyRequestsException', 'Rate exceeded (injected)');
    case 'fail':
      throw new LambdaError('Lambda.ServiceException', 'Service unavailable (injected)');
    case 'hang':
      await new Promise((resolve) => setTimeout(resolve, hangMs));
      throw new LambdaError('Sandbox.Timedout', 'Task timed out (injected)');
    case 'lost':
      await run().catch(() => undefined);
      throw new LambdaError('Lambda.ServiceException', 'The answer was lost (injected)');
  }
}

/** The function whose invocation a piece of work belongs to (its logical ID), as each Lambda container is its own. */
export const invocationOf = new AsyncLocalStorage<string>();

/** Imports each function's handler module (after its environment is set) and invokes it like Lambda. */
export async function loadFunctions(functions: LocalFunction[]): Promise<LambdaRuntime> {
  applyEnvironment(functions);
  const byArn = new Map<string, { fn: LocalFunction; handler: Handler }>();
  for (const fn of functions) {
    const mod = (await import(pathToFileURL(path.join(PROJECT_ROOT, fn.entry)).href)) as { handler?: Handler };
    if (typeof mod.handler !== 'function') throw new Error(`${fn.entry} exports no handler`);
    byArn.set(fn.arn, { fn, handler: mod.handler });
  }
  const invocations = new Map<string, number>();
  const runtime: LambdaRuntime = {
    functions,
    invocations,
    faults: null,
    observer: null,
    async invoke(arn, event) {
      const target = byArn.get(arn);
      if (!target) throw new LambdaError('ResourceNotFoundException', `no local function ${arn}`);
      invocations.set(target.fn.logicalId, (invocations.get(target.fn.logicalId) ?? 0) + 1);
      const run = async () => {
        const started = performance.now();
        try {
          return viaJson(await target.handler(viaJson(event), lambdaContext(target.fn, target.fn.timeoutMs)));
        } catch (error) {
          const e = error instanceof Error ? error : new Error(String(error));
          throw new LambdaError(e.name, e.message);
        } finally {
          runtime.observer?.(target.fn.logicalId, target.fn.memoryMb, performance.now() - started);
        }
      };
      const fault = runtime.faults?.pick('lambda', target.fn.name);
      return invocationOf.run(target.fn.logicalId, () =>
        fault ? faulty(fault, runtime.faults?.plan.hangMs ?? 0, run) : run(),
      );
    },
  };
  return runtime;
}
