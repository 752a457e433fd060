import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Alias } from 'aws-cdk-lib/aws-kms';
import { ScheduleExpression, Schedule as SchedulerSchedule } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { INDEX } from '#adapters/dynamodb/schema';
import { ENV } from '#adapters/lambda/env-names';
import { type FunctionSettings, keepLogicalId, triageFunction } from './function-access.ts';
import type { TriageFunction } from './triage-function.ts';

/**
 * The SLA: every 15 minutes, escalations unclaimed past it are marked overdue and alerted on
 * the ops topic (subscribe the ops team's address or chat integration to it).
 */
export class SlaAlerts extends Construct {
  readonly topic: Topic;
  readonly function: TriageFunction;

  constructor(scope: Construct, id: string, props: { settings: FunctionSettings; slaHours: number }) {
    super(scope, id);
    this.topic = new Topic(this, 'OpsAlerts', {
      displayName: 'code-97 triage: escalations waiting past the SLA',
      enforceSSL: true,
      masterKey: Alias.fromAliasName(this, 'SnsManagedKey', 'alias/aws/sns'),
    });
    // The ops team's subscriptions hang on this topic.
    keepLogicalId(this.topic, 'OpsAlertsB39E82AA');
    this.function = triageFunction(this, 'FlagOverdue', props.settings, 'handlers/schedules/flag-overdue.ts', {
      escalations: { actions: ['dynamodb:Query', 'dynamodb:UpdateItem'], indexes: [INDEX.escalationsByStatus.name] },
    });
    this.function.addEnvironment(ENV.alertTopicArn, this.topic.topicArn);
    this.function.addEnvironment(ENV.slaHours, String(props.slaHours));
    this.topic.grantPublish(this.function);
    new SchedulerSchedule(this, 'SlaSchedule', {
      description: 'Marks and alerts escalations unclaimed past the SLA',
      schedule: ScheduleExpression.rate(Duration.minutes(15)),
      target: new LambdaInvoke(this.function, { retryAttempts: 0 }),
    });
    // The scheduler's role is the stack's, shared by every schedule that targets a function.
    const stack = Stack.of(this);
    const functionId = stack.getLogicalId(this.function.node.defaultChild as CfnFunction);
    Validations.of(stack).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`,
      reason:
        "The scheduler's role may invoke the SLA function's versions and aliases (the target construct's grant); nothing else.",
    });
  }
}
