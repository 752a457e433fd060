import { seededRandom } from '#lib/local/random';

/**
 * Fault injection for the local stack: a seeded share of the calls the handlers make to
 * DynamoDB, SES and Step Functions, and of the Lambda invocations themselves, throttle, fail,
 * hang, or succeed and lose their answer. Only the handlers' clients are touched; the stack's
 * own bookkeeping (seeding, replay reads) never sees a fault.
 */

export const FAULT_KINDS = ['throttle', 'fail', 'hang', 'lost'] as const;
export const FAULT_TARGETS = ['dynamodb', 'ses', 'sfn', 'lambda'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export type FaultTarget = (typeof FAULT_TARGETS)[number];

export interface FaultPlan {
  /** Share of calls that fail, 0 to 1. */
  rate: number;
  seed: number;
  kinds: FaultKind[];
  targets: FaultTarget[];
  /** Lambda faults only for these functions (construct ID prefixes, such as SendReply); all when empty. */
  functions: string[];
  /** How long a hung call waits before it times out, in ms (the SDK's own timeout is 3 s). */
  hangMs: number;
}

export const DEFAULT_FAULTS: FaultPlan = {
  rate: 0.2,
  seed: 1,
  kinds: [...FAULT_KINDS],
  targets: [...FAULT_TARGETS],
  functions: [],
  hangMs: 30,
};

const listOf = <T extends string>(value: string, allowed: readonly T[], name: string): T[] => {
  const items = value.split('+').filter(Boolean);
  const bad = items.filter((i) => !allowed.includes(i as T));
  if (bad.length) throw new Error(`faults: ${name} takes ${allowed.join('+')}, not ${bad.join('+')}`);
  return items as T[];
};

/** `rate=0.2,seed=7,kinds=throttle+hang,targets=ses+lambda,functions=SendReply,hangMs=50`; every key optional. */
export function parseFaults(spec: string): FaultPlan {
  const plan: FaultPlan = { ...DEFAULT_FAULTS };
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [key = '', value = ''] = part.split('=');
    switch (key) {
      case 'rate':
      case 'seed':
      case 'hangMs': {
        const n = Number(value);
        if (!Number.isFinite(n) || n < 0 || (key === 'rate' && n > 1))
          throw new Error(`faults: ${key} must be a number${key === 'rate' ? ' from 0 to 1' : ''}, not ${value}`);
        plan[key] = n;
        break;
      }
      case 'kinds':
        plan.kinds = listOf(value, FAULT_KINDS, 'kinds');
        break;
      case 'targets':
        plan.targets = listOf(value, FAULT_TARGETS, 'targets');
        break;
      case 'functions':
        plan.functions = value.split('+').filter(Boolean);
        break;
      default:
        throw new Error(`faults: unknown setting ${key} (rate, seed, kinds, targets, functions, hangMs)`);
    }
  }
  return plan;
}

/** The plan asked for by a --faults flag, else by CODE97_FAULTS; none when neither is set. */
export function faultsFrom(flag: string | undefined, env = process.env.CODE97_FAULTS): FaultPlan | undefined {
  const spec = flag ?? env;
  return spec === undefined ? undefined : parseFaults(spec);
}

export type FaultCounts = Record<FaultTarget, Record<FaultKind, number>>;

export class FaultInjector {
  readonly counts: FaultCounts;
  private readonly random: () => number;

  constructor(readonly plan: FaultPlan) {
    this.random = seededRandom(plan.seed);
    this.counts = Object.fromEntries(
      FAULT_TARGETS.map((t) => [t, Object.fromEntries(FAULT_KINDS.map((k) => [k, 0]))]),
    ) as FaultCounts;
  }

  /** The fault for this call, if any, counted. */
  pick(target: FaultTarget, functionName?: string): FaultKind | null {
    const { plan } = this;
    if (!plan.targets.includes(target) || plan.kinds.length === 0) return null;
    if (target === 'lambda' && plan.functions.length && !plan.functions.some((f) => functionName?.startsWith(f)))
      return null;
    if (this.random() >= plan.rate) return null;
    const kind = plan.kinds[Math.floor(this.random() * plan.kinds.length)] ?? null;
    if (kind) this.counts[target][kind]++;
    return kind;
  }

  get total(): number {
    return Object.values(this.counts).reduce((sum, kinds) => sum + Object.values(kinds).reduce((a, b) => a + b, 0), 0);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The errors a real call would raise for each fault, shaped as the SDK shapes them. */
export const sdkFault = {
  throttle: () =>
    Object.assign(new Error('Rate exceeded (injected)'), {
      name: 'ThrottlingException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    }),
  fail: () =>
    Object.assign(new Error('We encountered an internal error (injected)'), {
      name: 'InternalFailure',
      $fault: 'server',
      $metadata: { httpStatusCode: 500 },
    }),
  /** What the SDK's HTTP handler raises when nothing listens at the endpoint. */
  refused: (address: string) =>
    Object.assign(new Error(`connect ECONNREFUSED ${address}`), {
      name: 'Error',
      code: 'ECONNREFUSED',
      $metadata: {},
    }),
  timeout: (ms: number) =>
    Object.assign(new Error(`a request has exceeded the configured ${ms} ms requestTimeout (injected)`), {
      name: 'TimeoutError',
      code: 'ETIMEDOUT',
      $metadata: {},
    }),
};

const MIDDLEWARE_NAME = 'code97LocalFaults';

type Next = (args: unknown) => Promise<unknown>;

/** The part of an SDK v3 client's middleware stack this uses. */
interface FaultableStack {
  add(middleware: (next: Next) => Next, options: { step: 'deserialize'; name: string; override: boolean }): void;
  remove(name: string): boolean;
}

/** Adds the injector to an SDK client: per attempt, inside the SDK's own retries. Returns the undo. */
export function injectIntoClient(
  client: { middlewareStack: object },
  target: FaultTarget,
  injector: FaultInjector,
): () => void {
  const stack = client.middlewareStack as FaultableStack;
  stack.add(
    (next) => async (args) => {
      const fault = injector.pick(target);
      switch (fault) {
        case null:
          return next(args);
        case 'throttle':
          throw sdkFault.throttle();
        case 'fail':
          throw sdkFault.fail();
        case 'hang':
          await sleep(injector.plan.hangMs);
          throw sdkFault.timeout(injector.plan.hangMs);
        case 'lost': {
          // The call is carried out, then its answer dropped as a timed-out client drops it: with
          // the connection. Left unread, the answer would hold its socket until the server's
          // idle timeout, and a few dozen such would starve every other call of a connection.
          const result = (await next(args)) as { response?: { body?: { destroy?: () => void } } };
          result.response?.body?.destroy?.();
          throw sdkFault.timeout(injector.plan.hangMs);
        }
      }
    },
    { step: 'deserialize', name: MIDDLEWARE_NAME, override: true },
  );
  return () => void stack.remove(MIDDLEWARE_NAME);
}
