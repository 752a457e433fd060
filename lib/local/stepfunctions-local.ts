import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './cloud-assembly.ts';
import type { LambdaRuntime } from './lambda-runtime.ts';

import {
  type ExecutionStats,
  type LocalEvent,
  type LogLevel,
  logRecord,
  logs,
  type Status,
  awsEvents,
} from './execution-logs.ts';

export { type ExecutionStats, type LogLevel, logs, statsBetween } from './execution-logs.ts';

const EXPRESS_INCREMENT_MS = 100;

/** Finished runs kept for DescribeExecution and the tests; older ones are dropped, their counts kept. */
export const RETAINED_FINISHED = 1_000;

export interface LocalExecution {
  executionArn: string;
  name: string;
  status: Status;
  input: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
  startDate: number;
  stopDate?: number;
  /** The execution's history as aws-local-stepfunctions logs it (StateEntered, StateExited…), without its data. */
  events: LocalEvent[];
  done: Promise<void>;
}

interface TaskState {
  Type: string;
  Resource?: string;
  Branches?: Array<{ States: Record<string, TaskState> }>;
}

/** Every Task state, including those inside Parallel branches, with its resolved Resource. */
function taskStates(states: Record<string, TaskState>): Array<[string, string]> {
  return Object.entries(states).flatMap(([name, state]) => [
    ...(state.Type === 'Task' && state.Resource ? [[name, state.Resource] as [string, string]] : []),
    ...(state.Branches ?? []).flatMap((b) => taskStates(b.States)),
  ]);
}

/**
 * A Step Functions endpoint on 127.0.0.1 for the intake's real SFN client: StartExecution runs
 * the synthesized definition with aws-local-stepfunctions, each Task bound to the handler its
 * Resource ARN names. Retry intervals are shortened to `retryIntervalMs` so failures stay fast.
 */
export class LocalStepFunctions {
  /** Running executions and the last 1,000 finished ones. */
  readonly executions = new Map<string, LocalExecution>();
  readonly stats: ExecutionStats = { started: 0, finished: 0, transitions: 0, billedMs: 0, logEvents: 0, logBytes: 0 };
  private readonly finishedOrder: string[] = [];
  private readonly machine: StateMachine;
  private readonly localHandlers: Record<string, (input: unknown) => Promise<unknown>>;
  private readonly retryOverrides: Record<string, number>;
  private server: Server | undefined;

  constructor(
    private readonly stateMachineArn: string,
    definition: Record<string, unknown>,
    runtime: LambdaRuntime,
    /** The state machine's logging level: which events its log group would be sent. */
    private readonly logLevel: LogLevel = 'ALL',
    retryIntervalMs = 10,
  ) {
    this.machine = new StateMachine(definition as unknown as StateMachineDefinition);
    const tasks = taskStates((definition as { States: Record<string, TaskState> }).States);
    this.localHandlers = Object.fromEntries(
      tasks.map(([name, arn]) => [name, (input: unknown) => runtime.invoke(arn, input)]),
    );
    this.retryOverrides = Object.fromEntries(tasks.map(([name]) => [name, retryIntervalMs]));
  }

  start(input: unknown, name: string = randomUUID()): LocalExecution {
    const machineName = this.stateMachineArn.split(':').pop();
    const executionArn = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:express:${machineName}:${name}:${randomUUID()}`;
    const run = this.machine.run(input as never, {
      overrides: {
        taskResourceLocalHandlers: this.localHandlers as never,
        retryIntervalOverrides: this.retryOverrides,
      },
      context: {
        Execution: { Id: executionArn, Name: name, Input: input as never, StartTime: new Date().toISOString() },
      },
    });
    const execution: LocalExecution = {
      executionArn,
      name,
      status: 'RUNNING',
      input,
      startDate: Date.now(),
      events: [],
      done: Promise.resolve(),
    };
    this.stats.started += 1;
    let eventId = 0;
    const collect = (async () => {
      for await (const logged of run.eventLogs) {
        const event = logged as LocalEvent;
        execution.events.push({
          type: event.type,
          timestamp: event.timestamp ?? Date.now(),
          ...(event.state ? { state: { name: event.state.name, type: event.state.type ?? '' } } : {}),
        });
        if (event.type === 'StateEntered' || event.type === 'StateRetried') this.stats.transitions += 1;
        for (const type of awsEvents(event).filter((t) => logs(this.logLevel, t))) {
          this.stats.logEvents += 1;
          this.stats.logBytes += logRecord((eventId += 1), type, event.state?.name, executionArn);
        }
      }
    })();
    execution.done = run.result
      .then(
        (output) => {
          execution.status = 'SUCCEEDED';
          execution.output = output;
        },
        (error: Error & { cause?: unknown }) => {
          execution.status = 'FAILED';
          execution.error = error.name;
          execution.cause = error.message;
        },
      )
      .then(async () => {
        execution.stopDate = Date.now();
        await collect;
        this.stats.finished += 1;
        this.stats.billedMs += Math.max(
          EXPRESS_INCREMENT_MS,
          Math.ceil((execution.stopDate - execution.startDate) / EXPRESS_INCREMENT_MS) * EXPRESS_INCREMENT_MS,
        );
        this.finishedOrder.push(executionArn);
        if (this.finishedOrder.length > RETAINED_FINISHED) this.executions.delete(this.finishedOrder.shift() ?? '');
      });
    this.executions.set(executionArn, execution);
    return execution;
  }

  async waitFor(executionArn: string): Promise<LocalExecution> {
    const execution = this.executions.get(executionArn);
    if (!execution) throw new Error(`no execution ${executionArn}`);
    await execution.done;
    return execution;
  }

  async idle(): Promise<void> {
    await Promise.all([...this.executions.values()].map((e) => e.done));
  }

  /** Serves StartExecution and DescribeExecution (AWS JSON 1.0) on 127.0.0.1. */
  async listen(port = 0): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        const reply = (status: number, payload: unknown) => {
          res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
          res.end(JSON.stringify(payload));
        };
        const action = String(req.headers['x-amz-target'] ?? '').replace('AWSStepFunctions.', '');
        try {
          const request = JSON.parse(body || '{}') as Record<string, string>;
          if (action === 'StartExecution') {
            if (request.stateMachineArn !== this.stateMachineArn) {
              return reply(400, {
                __type: 'StateMachineDoesNotExist',
                message: `no state machine ${request.stateMachineArn}`,
              });
            }
            const execution = this.start(JSON.parse(request.input ?? '{}'), request.name);
            return reply(200, { executionArn: execution.executionArn, startDate: execution.startDate / 1000 });
          }
          if (action === 'DescribeExecution') {
            const e = this.executions.get(request.executionArn ?? '');
            if (!e)
              return reply(400, { __type: 'ExecutionDoesNotExist', message: `no execution ${request.executionArn}` });
            return reply(200, {
              executionArn: e.executionArn,
              stateMachineArn: this.stateMachineArn,
              name: e.name,
              status: e.status,
              startDate: e.startDate / 1000,
              ...(e.stopDate ? { stopDate: e.stopDate / 1000 } : {}),
              input: JSON.stringify(e.input),
              ...(e.output === undefined ? {} : { output: JSON.stringify(e.output) }),
              ...(e.error ? { error: e.error, cause: e.cause } : {}),
            });
          }
          return reply(400, { __type: 'UnknownOperationException', message: `${action} is not served locally` });
        } catch (error) {
          return reply(400, { __type: 'InvalidExecutionInput', message: String(error) });
        }
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await this.idle();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
