import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { INDEX } from '#adapters/dynamodb/schema';
import { CONTENT, type FunctionSettings, mayEmail, mayStart, REPLY_LIMITS, triageFunction } from './function-access.ts';
import type { TriageFunction } from './triage-function.ts';

/** Every minute, the tickets left unfinished past their deadline are driven on or escalated. */
export class Reconciler extends Construct {
  readonly function: TriageFunction;

  constructor(scope: Construct, id: string, props: { settings: FunctionSettings; stateMachine: IStateMachine }) {
    super(scope, id);
    this.function = triageFunction(this, 'Reconcile', props.settings, 'handlers/schedules/reconcile.ts', {
      tickets: {
        actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
        indexes: [INDEX.ticketsDue.name],
      },
      escalations: { actions: ['dynamodb:UpdateItem'] },
      content: CONTENT,
      replyLimits: REPLY_LIMITS,
    });
    mayStart(mayEmail(this.function, props.settings.senderAddress), props.stateMachine);
    new Rule(this, 'ReconcileSchedule', {
      description: 'Drives on or escalates tickets left unfinished past their deadline',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(this.function, { retryAttempts: 0 })],
    });
  }
}
