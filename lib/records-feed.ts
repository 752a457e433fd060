import { Duration } from 'aws-cdk-lib';
import { type HttpApi, HttpMethod, HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { INDEX } from '#adapters/dynamodb/schema';
import { ENV } from '#adapters/lambda/env-names';
import { alarmOnAny } from './alarms.ts';
import {
  type Access,
  CONTENT,
  type FunctionSettings,
  mayStart,
  signedWith,
  triageFunction,
} from './function-access.ts';
import type { TriageFunction } from './triage-function.ts';

/** A change is one transaction: its versions item, its changeId, the record, and a check of its merchant. */
const APPLY = {
  actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
};
/** Each applied change is noted on the open escalations it concerns, found on the open-records index. */
const WATCH = {
  actions: ['dynamodb:Query', 'dynamodb:UpdateItem'],
  indexes: [INDEX.escalationsByOpenRecord.name],
};
const CHANGE_ACCESS: Access = {
  merchants: APPLY,
  terminals: APPLY,
  models: APPLY,
  invoices: APPLY,
  recordVersions: APPLY,
  escalations: WATCH,
};
/** With re-runs on: the item read whole and audited, and its ticket accepted again. */
const RERUN_ACCESS: Access = {
  ...CHANGE_ACCESS,
  escalations: { ...WATCH, actions: [...WATCH.actions, 'dynamodb:GetItem'] },
  tickets: { actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'] },
  content: CONTENT,
};

/** Receives of one message before it goes to the dead-letter queue. */
export const RECEIVES_BEFORE_DEAD_LETTER = 5;

/**
 * How the acquirer's systems keep the records current: an SQS queue they send changes to (one
 * change, or an array of up to 1,000, per message), consumed by a Lambda that reports each
 * failed message alone, with a dead-letter queue and an alarm on it; and a signed
 * POST /records/changes for systems that call webhooks, answered per change.
 */
export class RecordsFeed extends Construct {
  readonly queue: Queue;
  readonly deadLetters: Queue;
  readonly consumer: TriageFunction;
  readonly route: TriageFunction;
  readonly secret: Secret;

  constructor(
    scope: Construct,
    id: string,
    props: {
      settings: FunctionSettings;
      api: HttpApi;
      /** What a re-run starts; with it, a change re-runs the open items it can clear. */
      rerunOn: IStateMachine | null;
    },
  ) {
    super(scope, id);
    const { settings, api, rerunOn } = props;
    const access = rerunOn ? RERUN_ACCESS : CHANGE_ACCESS;
    const canRerun = (fn: TriageFunction) => {
      if (!rerunOn) return fn;
      fn.addEnvironment(ENV.rerunOnRecordChange, 'true');
      return mayStart(fn, rerunOn);
    };
    this.deadLetters = new Queue(this, 'ChangesDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    alarmOnAny(
      this,
      'ChangesDeadLettersAlarm',
      this.deadLetters.metricApproximateNumberOfMessagesVisible(),
      `A records change could not be applied after ${RECEIVES_BEFORE_DEAD_LETTER} receives: see the changes' dead-letter queue`,
    );
    const timeout = Duration.seconds(60);
    this.queue = new Queue(this, 'Changes', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(4),
      // Six times the consumer's timeout, as Lambda's event source mapping asks.
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: RECEIVES_BEFORE_DEAD_LETTER },
    });
    this.consumer = canRerun(
      triageFunction(this, 'ApplyChanges', settings, 'handlers/queues/record-changes.ts', access, {
        memorySize: 512,
        timeout,
      }),
    );
    this.consumer.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
      }),
    );

    this.secret = new Secret(this, 'RecordsWebhookSecret', {
      description: "Standard Webhooks signing secret (whsec_…) the acquirer's systems sign POST /records/changes with",
      generateSecretString: { passwordLength: 32, excludePunctuation: true },
    });
    this.route = canRerun(
      triageFunction(this, 'ChangesRoute', settings, 'handlers/http/record-changes.ts', access, {
        memorySize: 512,
        timeout: Duration.seconds(29),
      }),
    );
    signedWith(this.route, ENV.recordsWebhookSecretArn, this.secret);
    api.addRoutes({
      path: '/records/changes',
      methods: [HttpMethod.POST],
      authorizer: new HttpNoneAuthorizer(),
      integration: new HttpLambdaIntegration('ChangesRouteIntegration', this.route),
    });
  }
}
