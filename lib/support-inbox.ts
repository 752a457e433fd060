import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { CfnReceiptRule, ReceiptRuleSet, TlsPolicy } from 'aws-cdk-lib/aws-ses';
import { LambdaInvocationType, Lambda as LambdaAction, S3 as S3Action } from 'aws-cdk-lib/aws-ses-actions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { INDEX } from '#adapters/dynamodb/schema';
import { ENV } from '#adapters/lambda/env-names';
import { alarmOnAny } from './alarms.ts';
import { METRIC_NAMESPACE } from './project.ts';
import {
  CONTENT,
  type FunctionSettings,
  keepLogicalId,
  mayEmail,
  mayStart,
  triageFunction,
} from './function-access.ts';
import type { TriageFunction } from './triage-function.ts';

/** The key prefix of raw messages in the mail bucket. */
export const MAIL_PREFIX = 'inbox/';

export interface SupportInboxProps {
  settings: FunctionSettings;
  stateMachine: IStateMachine;
  /** The address SES receives merchants' mail for (its domain's MX points at SES). */
  inboxAddress: string;
  /** Where the receipt rule keeps each raw message. */
  mailBucket: IBucket;
  /** The normal support desk mail not about code 97 is forwarded to (the ingest function may then send email). */
  notTriggeredForwardTo?: string | undefined;
}

/**
 * The support inbox: SES's receipt rule keeps each message in the mail bucket, then invokes
 * IngestMail asynchronously; a message Lambda gave up on (after its two retries) lands in the
 * MailNotIngested queue, naming the raw message, and raises the alarm.
 */
export class SupportInbox extends Construct {
  readonly ingestMail: TriageFunction;
  readonly mailNotIngested: Queue;
  readonly ruleSet: ReceiptRuleSet;

  constructor(scope: Construct, id: string, props: SupportInboxProps) {
    super(scope, id);
    const { settings, mailBucket, inboxAddress } = props;
    this.mailNotIngested = new Queue(this, 'MailNotIngested', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    keepLogicalId(this.mailNotIngested, 'MailNotIngested5D737895');
    alarmOnAny(
      this,
      'MailNotIngestedAlarm',
      this.mailNotIngested.metricApproximateNumberOfMessagesVisible(),
      'A message to the support inbox could not be ingested after retries: see the MailNotIngested queue',
    );
    const ingestMail = triageFunction(
      this,
      'IngestMail',
      settings,
      'handlers/mail/ingest.ts',
      {
        tickets: {
          actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
          indexes: [INDEX.ticketsByReplyMessage.name, INDEX.ticketsByReference.name],
        },
        escalations: { actions: ['dynamodb:PutItem'] },
        content: CONTENT,
      },
      { memorySize: 512, timeout: Duration.seconds(30), deadLetterQueue: this.mailNotIngested },
    );
    mayStart(ingestMail, props.stateMachine);
    ingestMail.addEnvironment(ENV.mailBucket, mailBucket.bucketName);
    ingestMail.addEnvironment(ENV.mailPrefix, MAIL_PREFIX);
    ingestMail.addEnvironment(ENV.senderAddress, settings.senderAddress);
    if (props.notTriggeredForwardTo) {
      mayEmail(ingestMail, settings.senderAddress);
      ingestMail.addEnvironment(ENV.notTriggeredForwardTo, props.notTriggeredForwardTo);
    }
    ingestMail.addEnvironment(ENV.inboxAddress, inboxAddress);
    // The bucket's ARN crosses stacks under a named export, so the one wildcard below can be acknowledged by name.
    const mailStack = Stack.of(mailBucket);
    const mailBucketExport = `${mailStack.stackName}:MailBucketArn`;
    const rawMessages = `${mailStack.exportValue(mailBucket.bucketArn, { name: mailBucketExport })}/${MAIL_PREFIX}*`;
    ingestMail.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [rawMessages] }));
    Validations.of(this).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${mailBucketExport}/${MAIL_PREFIX}*]`,
      reason:
        'The ingest function reads raw messages under the inbox/ prefix only; their keys are SES message IDs, unknown in advance.',
    });
    this.ruleSet = new ReceiptRuleSet(this, 'SupportInbox', {
      rules: [
        {
          recipients: [inboxAddress],
          scanEnabled: true,
          tlsPolicy: TlsPolicy.REQUIRE,
          actions: [
            new S3Action({ bucket: mailBucket, objectKeyPrefix: MAIL_PREFIX }),
            new LambdaAction({ function: ingestMail, invocationType: LambdaInvocationType.EVENT }),
          ],
        },
      ],
    });
    keepLogicalId(this.ruleSet, 'SupportInbox019B69B1');
    const [rule] = this.ruleSet.node.findAll().filter((c) => c instanceof CfnReceiptRule);
    if (rule) (rule as CfnReceiptRule).overrideLogicalId('SupportInboxRule021AC555F');
    new MetricFilter(this, 'MailRefused', {
      logGroup: ingestMail.logGroup,
      filterPattern: FilterPattern.all(
        FilterPattern.stringValue('$.message', '=', 'mail'),
        FilterPattern.stringValue('$.kind', '=', 'REFUSED'),
      ),
      metricNamespace: METRIC_NAMESPACE,
      metricName: 'MailRefused',
      metricValue: '1',
      dimensions: { refusedAs: '$.refusedAs' },
    });
    this.ingestMail = ingestMail;
  }
}
