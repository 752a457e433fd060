import { type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  Condition,
  DefinitionBody,
  Fail,
  JitterType,
  JsonPath,
  LogLevel,
  Parallel,
  Succeed,
  StateMachine,
  StateMachineType,
  Timeout,
  type TaskStateBase,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { PERMANENT_ERROR } from '#domain/errors';
import { ALARM_PERIOD, alarmOnAny } from '#lib/alarms';

/**
 * What the workflow records of each run. Its Express runs have no history but their log: ERROR
 * logs the events of a run that failed (each failed run's ticket is in the queue with its error,
 * and the failed-executions alarm fires), ALL logs every state of every run. X-Ray traces each
 * run when `tracing` is on. Both are per-ticket costs: see the README's cost table.
 */
export interface WorkflowObservability {
  logLevel: LogLevel;
  tracing: boolean;
  /** Lambda's START, END and REPORT lines for every invocation of every function. */
  platformLogs: boolean;
}

export const DEFAULT_OBSERVABILITY: WorkflowObservability = {
  logLevel: LogLevel.ERROR,
  tracing: false,
  platformLogs: false,
};

export interface TriageWorkflowProps {
  identifyTerminal: IFunction;
  loadMerchantAccount: IFunction;
  loadFirmwareBaseline: IFunction;
  loadTicketHistory: IFunction;
  decide: IFunction;
  recordDecision: IFunction;
  sendReply: IFunction;
  recordDelivery: IFunction;
  escalateFailure: IFunction;
}

/** State names double as the labels an ops person reads in an execution's history. */
export const STATE = {
  identify: 'Identify terminal',
  identified: 'Terminal identified?',
  checkRecords: 'Check records',
  loadAccount: 'Load merchant account',
  loadBaseline: 'Load firmware baseline',
  loadHistory: 'Load ticket history',
  decide: 'Decide',
  record: 'Record decision',
  sendReply: 'Send reply',
  deliveryRecorded: 'Delivery recorded?',
  recordDelivery: 'Record delivery',
  done: 'Triage done',
  escalateFailure: 'Escalate processing error',
  failed: 'Triage failed',
} as const;

/**
 * The code-97 triage workflow: identify the terminal, read its records in parallel, decide,
 * record the decision (and the escalation packet) atomically, then send the one reply.
 * Every task retries transient errors and, once retries are spent, is caught by a step that
 * escalates the ticket with the error, so a failure is never silent.
 *
 * Express type: a triggered ticket costs a fraction of a cent in state machine charges
 * (see README "Cost"); exactly-once per ticketId is enforced by the intake's conditional
 * write and by idempotent steps, not by execution names.
 */
export class TriageWorkflow extends Construct {
  readonly stateMachine: StateMachine;
  /** In alarm when any execution failed: its ticket was escalated with the error, someone should look. */
  readonly failedExecutionsAlarm: Alarm;

  constructor(
    scope: Construct,
    id: string,
    props: TriageWorkflowProps,
    observability: WorkflowObservability = DEFAULT_OBSERVABILITY,
  ) {
    super(scope, id);

    const escalateFailure = this.task(STATE.escalateFailure, props.escalateFailure, '$.escalation');
    escalateFailure.next(
      new Fail(this, STATE.failed, {
        error: 'TriageFailed',
        cause: 'A step failed after its retries; the ticket was escalated with the error.',
      }),
    );
    const guarded = <T extends TaskStateBase | Parallel>(state: T): T => {
      state.addCatch(escalateFailure, { errors: ['States.ALL'], resultPath: '$.error' });
      return state;
    };

    const identify = guarded(this.task(STATE.identify, props.identifyTerminal, '$.identify'));

    const checkRecords = guarded(
      new Parallel(this, STATE.checkRecords, {
        comment: 'Reads the merchant account, the firmware minimum and the ticket history at once.',
        resultPath: '$.records',
        resultSelector: {
          'merchant.$': '$[0].merchant',
          'invoices.$': '$[0].invoices',
          'model.$': '$[1].model',
          'priorAutoResolved.$': '$[2].priorAutoResolved',
        },
      }),
    );
    checkRecords
      .branch(this.task(STATE.loadAccount, props.loadMerchantAccount))
      .branch(this.task(STATE.loadBaseline, props.loadFirmwareBaseline))
      .branch(this.task(STATE.loadHistory, props.loadTicketHistory));

    const decide = guarded(this.task(STATE.decide, props.decide, '$.triage'));
    const record = guarded(this.task(STATE.record, props.recordDecision, JsonPath.DISCARD));
    const sendReply = guarded(this.task(STATE.sendReply, props.sendReply, '$.delivery'));
    const recordDelivery = guarded(this.task(STATE.recordDelivery, props.recordDelivery, JsonPath.DISCARD));
    const done = new Succeed(this, STATE.done);

    checkRecords.next(decide);
    decide.next(record);
    record.next(sendReply);
    sendReply.next(
      new Choice(this, STATE.deliveryRecorded)
        .when(
          Condition.and(
            Condition.isPresent('$.delivery.recorded'),
            Condition.booleanEquals('$.delivery.recorded', false),
          ),
          recordDelivery.next(done),
        )
        .otherwise(done),
    );

    const definition = identify.next(
      new Choice(this, STATE.identified)
        .when(Condition.stringEquals('$.identify.identification.kind', 'TERMINAL'), checkRecords)
        .otherwise(decide),
    );

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineType: StateMachineType.EXPRESS,
      definitionBody: DefinitionBody.fromChainable(definition),
      timeout: Duration.minutes(2),
      tracingEnabled: observability.tracing,
      logs: {
        destination: new LogGroup(this, 'ExecutionLogs', { retention: RetentionDays.ONE_MONTH }),
        level: observability.logLevel,
        // State names and timings only: tickets, contact emails and invoices stay out of the
        // logs. Ops read what was decided, and why, in the ticket's decision record.
        includeExecutionData: false,
      },
    });

    if (observability.logLevel !== LogLevel.ALL) {
      Validations.of(this.stateMachine).acknowledge({
        id: 'AwsSolutions-SF1',
        reason:
          'Failed runs are logged (ERROR), alarmed, and their tickets queued with the error; every state of every run (ALL) is 15 KB of log per ticket, the largest cost after the email. Set the context workflowLogLevel=ALL to log them.',
      });
    }
    if (!observability.tracing) {
      Validations.of(this.stateMachine).acknowledge({
        id: 'AwsSolutions-SF2',
        reason:
          "X-Ray traces every run at under one ticket a second ($5 per million traces, 5 % of a ticket's cost); set the context tracing=true to trace the functions and the runs.",
      });
    }
    for (const fn of Object.values(props)) {
      const logicalId = Stack.of(this).getLogicalId(fn.node.defaultChild as CfnElement);
      Validations.of(this.stateMachine).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
        reason: 'lambda:InvokeFunction on the function and its versions, as the Lambda task integration requires.',
      });
    }

    this.failedExecutionsAlarm = alarmOnAny(
      this,
      'FailedExecutions',
      this.stateMachine.metricFailed(ALARM_PERIOD),
      'A triage execution failed after its retries; its ticket is in the escalation queue with the error.',
    );
  }

  private task(name: string, fn: IFunction, resultPath?: string): LambdaInvoke {
    const task = new LambdaInvoke(this, name, {
      lambdaFunction: fn,
      payloadResponseOnly: true,
      retryOnServiceExceptions: true,
      taskTimeout: Timeout.duration(Duration.seconds(30)),
      ...(resultPath === undefined ? {} : { resultPath }),
    });
    task.addRetry({ errors: [PERMANENT_ERROR], maxAttempts: 0 });
    task.addRetry({
      errors: ['States.ALL'],
      interval: Duration.seconds(1),
      maxAttempts: 3,
      backoffRate: 2,
      jitterStrategy: JitterType.FULL,
    });
    return task;
  }
}
