/**
 * What a replay consumed, counted where AWS would bill it: DynamoDB requests and capacity units
 * (as DynamoDB Local reports them with ReturnConsumedCapacity=INDEXES, which follows AWS's rules
 * for item sizes, index writes and transactions), Lambda invocations and their billed duration,
 * emails, API requests and the bytes the functions log. The state machine's part is counted by
 * the local Step Functions itself (`LocalStepFunctions.stats`).
 */

export interface DynamoUsage {
  /** Requests by command name (`GetItemCommand`, `TransactWriteItemsCommand`…), refused ones included. */
  requests: Record<string, number>;
  readUnits: number;
  writeUnits: number;
  /** Capacity units by table or `table/index`. */
  unitsBy: Record<string, number>;
}

export interface FunctionUsage {
  invocations: number;
  /** Sum of each invocation's duration rounded up to the millisecond, as Lambda bills it. */
  billedMs: number;
  memoryMb: number;
}

export interface UsageSnapshot {
  dynamodb: DynamoUsage;
  lambda: Record<string, FunctionUsage>;
  emails: number;
  apiRequests: number;
  functionLogBytes: number;
}

const emptyDynamo = (): DynamoUsage => ({ requests: {}, readUnits: 0, writeUnits: 0, unitsBy: {} });

interface Capacity {
  TableName?: string;
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
  Table?: { CapacityUnits?: number };
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
}

/** Commands by the names the client's middleware sees (a document client's GetCommand arrives as GetItemCommand). */
const READS = new Set([
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
]);

const TRANSACT_WRITE = 'TransactWriteItemsCommand';
/**
 * AWS bills a transactional write of an item at twice a plain write's units; DynamoDB Local
 * reports four times (a 3 KB item: 12 units, where AWS bills 6). Its index units in a
 * transaction are twice a plain write's, as AWS's rule reads, and are kept as reported.
 */
const LOCAL_TRANSACTION_TABLE_FACTOR = 0.5;

export class UsageMeter {
  dynamodb = emptyDynamo();
  lambda: Record<string, FunctionUsage> = {};
  emails = 0;
  apiRequests = 0;
  functionLogBytes = 0;

  countDynamo(command: string, capacity: Capacity | Capacity[] | undefined): void {
    this.dynamodb.requests[command] = (this.dynamodb.requests[command] ?? 0) + 1;
    for (const c of [capacity ?? []].flat()) {
      const reported = c.CapacityUnits ?? (c.ReadCapacityUnits ?? 0) + (c.WriteCapacityUnits ?? 0);
      const indexes = Object.entries(c.GlobalSecondaryIndexes ?? {}).map(
        ([index, used]) => [index, used.CapacityUnits ?? 0] as const,
      );
      const indexUnits = indexes.reduce((n, [, u]) => n + u, 0);
      const tableUnits =
        (c.Table?.CapacityUnits ?? reported - indexUnits) *
        (command === TRANSACT_WRITE ? LOCAL_TRANSACTION_TABLE_FACTOR : 1);
      const units = tableUnits + indexUnits;
      if (READS.has(command)) this.dynamodb.readUnits += units;
      else this.dynamodb.writeUnits += units;
      const table = c.TableName ?? '?';
      const add = (key: string, n: number) => (this.dynamodb.unitsBy[key] = (this.dynamodb.unitsBy[key] ?? 0) + n);
      add(table, tableUnits);
      for (const [index, used] of indexes) add(`${table}/${index}`, used);
    }
  }

  countInvocation(logicalId: string, memoryMb: number, ms: number): void {
    const used = (this.lambda[logicalId] ??= { invocations: 0, billedMs: 0, memoryMb });
    used.invocations += 1;
    used.billedMs += Math.max(1, Math.ceil(ms));
  }

  snapshot(): UsageSnapshot {
    return structuredClone({
      dynamodb: this.dynamodb,
      lambda: this.lambda,
      emails: this.emails,
      apiRequests: this.apiRequests,
      functionLogBytes: this.functionLogBytes,
    });
  }
}

/** `after` minus `before`, field by field. */
export function usageBetween(before: UsageSnapshot, after: UsageSnapshot): UsageSnapshot {
  const minus = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(a)
        .map(([k, v]) => [k, v - (b[k] ?? 0)])
        .filter(([, v]) => v !== 0),
    );
  return {
    dynamodb: {
      requests: minus(after.dynamodb.requests, before.dynamodb.requests),
      readUnits: after.dynamodb.readUnits - before.dynamodb.readUnits,
      writeUnits: after.dynamodb.writeUnits - before.dynamodb.writeUnits,
      unitsBy: minus(after.dynamodb.unitsBy, before.dynamodb.unitsBy),
    },
    lambda: Object.fromEntries(
      Object.entries(after.lambda).map(([id, used]) => {
        const was = before.lambda[id];
        return [
          id,
          {
            memoryMb: used.memoryMb,
            invocations: used.invocations - (was?.invocations ?? 0),
            billedMs: used.billedMs - (was?.billedMs ?? 0),
          },
        ];
      }),
    ),
    emails: after.emails - before.emails,
    apiRequests: after.apiRequests - before.apiRequests,
    functionLogBytes: after.functionLogBytes - before.functionLogBytes,
  };
}

type Next = (args: { input: Record<string, unknown> }) => Promise<{ output: Record<string, unknown> }>;
interface MeterableStack {
  add(
    middleware: (next: Next, context: { commandName?: string }) => Next,
    options: { step: 'initialize'; name: string; override: boolean },
  ): void;
  remove(name: string): boolean;
}

const DYNAMO_METER = 'code97LocalUsage';

/** Asks DynamoDB for the capacity every call consumed and counts it. Returns the undo. */
export function meterDynamoDb(client: { middlewareStack: object }, meter: UsageMeter): () => void {
  const stack = client.middlewareStack as MeterableStack;
  stack.add(
    (next, context) => async (args) => {
      try {
        const result = await next({ ...args, input: { ...args.input, ReturnConsumedCapacity: 'INDEXES' } });
        meter.countDynamo(
          context.commandName ?? '?',
          result.output.ConsumedCapacity as Capacity | Capacity[] | undefined,
        );
        return result;
      } catch (error) {
        // A refused condition is billed too, but DynamoDB reports no capacity with the refusal: the request is counted, its units are not.
        meter.countDynamo(context.commandName ?? '?', undefined);
        throw error;
      }
    },
    { step: 'initialize', name: DYNAMO_METER, override: true },
  );
  return () => void stack.remove(DYNAMO_METER);
}

const SES_METER = 'code97LocalEmails';

/** Counts the emails sent (each SendEmail is one message to SES's bill). Returns the undo. */
export function meterSes(client: { middlewareStack: object }, meter: UsageMeter): () => void {
  const stack = client.middlewareStack as MeterableStack;
  stack.add(
    (next) => async (args) => {
      const result = await next(args);
      meter.emails += 1;
      return result;
    },
    { step: 'initialize', name: SES_METER, override: true },
  );
  return () => void stack.remove(SES_METER);
}
