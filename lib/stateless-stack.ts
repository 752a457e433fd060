import { CfnOutput, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { DEFAULT_OBSERVABILITY, type TriageWorkflow, type WorkflowObservability } from '#workflows/triage-workflow';
import { alarmOnErrors } from './alarms.ts';
import { DependencyAlarms } from './dependency-alarms.ts';
import type { FunctionSettings } from './function-access.ts';
import { OpsApi } from './ops-api.ts';
import { Reconciler } from './reconciler.ts';
import { RecordsFeed } from './records-feed.ts';
import { RecordsLoad } from './records-load.ts';
import { SlaAlerts } from './sla-alerts.ts';
import type { TriageTables } from './stateful-stack.ts';
import { SupportInbox } from './support-inbox.ts';
import { TriageApi } from './triage-api.ts';
import { TriageSteps } from './triage-steps.ts';
import { DEFAULT_RECORDS_MAX_AGE_HOURS } from '#domain/records/freshness';
import { WebhookIntake } from './webhook-intake.ts';

export { MAIL_PREFIX } from './support-inbox.ts';

export interface StatelessStackProps extends StackProps {
  tables: TriageTables;
  /** The verified SES identity replies are sent from, e.g. `support@acquirer.example`. */
  senderAddress: string;
  /** The support inbox SES receives merchants' mail for (its domain's MX points at SES). */
  inboxAddress: string;
  /** Where the receipt rule keeps each raw message. */
  mailBucket: IBucket;
  /** Where full exports of the records are put for the cloud load, and its reports written. */
  exportsBucket: IBucket;
  /** The acquirer's normal support desk, which mail not about code 97 is forwarded to; unset, it is kept only. */
  notTriggeredForwardTo?: string | undefined;
  /** Hours an escalation may wait unclaimed before it is overdue and alerted. */
  slaHours: number;
  /** Hours a record may go unconfirmed before a decision resting on it says so (and holds back a fees reply). */
  recordsMaxAgeHours?: number;
  /** A records change re-runs, by itself, the open escalations whose findings it can clear. */
  rerunOnRecordChange?: boolean;
  /** The ops console's address (`https://….cloudfront.net`): the API's one CORS origin and the sign-in's redirect. */
  consoleUrl: string;
  /** The prefix of the ops user pool's managed-login domain (`<prefix>.auth.<region>.amazoncognito.com`). */
  signInDomainPrefix: string;
  /** What the state machine logs of each run, whether the functions and runs are traced with X-Ray, and whether Lambda's own lines are kept. */
  observability?: WorkflowObservability;
}

/** Findings of cdk-nag that hold for the whole stack, each with why it is accepted. */
function acknowledgeStackWide(stack: Stack): void {
  const acknowledged: Record<string, string> = {
    'AwsSolutions-APIG4':
      "POST /tickets, POST /webhooks/zendesk and POST /records/changes are called by helpdesks and the acquirer's systems, which sign webhooks rather than SigV4; their functions verify an HMAC signature (Standard Webhooks, Zendesk) before reading anything. Every other route takes a JWT from the ops user pool.",
    'AwsSolutions-SMG4':
      'Webhook signing secrets are shared with the helpdesk and rotated together with it, by hand (README: Rotating a signing secret).',
    'AwsSolutions-L1':
      'The product pins Node.js 22, the runtime the local stack and its Step Functions runner are tested on.',
    'AwsSolutions-IAM5[Resource::*]':
      'X-Ray trace segments and CloudWatch Logs delivery for Express executions accept no resource-level permissions.',
  };
  for (const [id, reason] of Object.entries(acknowledged)) Validations.of(stack).acknowledge({ id, reason });
}

/** What an operator needs after a deploy: the URLs, the secrets to fill in, the queue to watch, the rule set to activate. */
function outputs(
  stack: Stack,
  parts: {
    api: TriageApi;
    intake: WebhookIntake;
    inbox: SupportInbox;
    ops: OpsApi;
    records: RecordsFeed;
    load: RecordsLoad;
    workflow: TriageWorkflow;
  },
) {
  const { apiEndpoint } = parts.api.api;
  const values: Record<string, string> = {
    EscalationsUrl: `${apiEndpoint}/escalations`,
    OpsUserPoolId: parts.ops.users.userPoolId,
    OpsConsoleClientId: parts.ops.consoleClient.userPoolClientId,
    IntakeUrl: `${apiEndpoint}/tickets`,
    ZendeskWebhookUrl: `${apiEndpoint}/webhooks/zendesk`,
    TriageWebhookSecretArn: parts.intake.triageSecret.secretArn,
    ZendeskWebhookSecretArn: parts.intake.zendeskSecret.secretArn,
    MailNotIngestedQueueUrl: parts.inbox.mailNotIngested.queueUrl,
    StateMachineArn: parts.workflow.stateMachine.stateMachineArn,
    RecordChangesQueueUrl: parts.records.queue.queueUrl,
    RecordChangesUrl: `${apiEndpoint}/records/changes`,
    RecordsWebhookSecretArn: parts.records.secret.secretArn,
    RecordsLoadStateMachineArn: parts.load.stateMachine.stateMachineArn,
  };
  for (const [id, value] of Object.entries(values)) new CfnOutput(stack, id, { value });
  new CfnOutput(stack, 'SupportInboxRuleSet', {
    value: parts.inbox.ruleSet.receiptRuleSetName,
    description: 'activate it once: aws ses set-active-receipt-rule-set --rule-set-name <this>',
  });
}

/** The HTTP API (intake and the ops queue), the support inbox, the schedules, and the triage state machine. */
export class StatelessStack extends Stack {
  readonly workflow: TriageWorkflow;
  /** The API's base URL, which the ops console calls. */
  readonly opsApiUrl: string;
  /** The user pool client the console signs reviewers in with. */
  readonly opsConsoleClientId: string;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const settings: FunctionSettings = {
      tables: props.tables,
      senderAddress: props.senderAddress,
      observability: props.observability ?? DEFAULT_OBSERVABILITY,
    };
    this.workflow = new TriageSteps(this, 'Steps', settings, {
      recordsMaxAgeHours: props.recordsMaxAgeHours ?? DEFAULT_RECORDS_MAX_AGE_HOURS,
    }).workflow;
    const { stateMachine } = this.workflow;
    const api = new TriageApi(this, 'Api', { consoleUrl: props.consoleUrl });
    const intake = new WebhookIntake(this, 'Helpdesks', { settings, api: api.api, stateMachine });
    const inbox = new SupportInbox(this, 'Inbox', {
      settings,
      stateMachine,
      inboxAddress: props.inboxAddress,
      mailBucket: props.mailBucket,
      notTriggeredForwardTo: props.notTriggeredForwardTo,
    });
    const reconciler = new Reconciler(this, 'Reconciler', { settings, stateMachine });
    const ops = new OpsApi(this, 'Ops', {
      settings,
      api: api.api,
      stateMachine,
      consoleUrl: props.consoleUrl,
      signInDomainPrefix: props.signInDomainPrefix,
      slaHours: props.slaHours,
    });
    const sla = new SlaAlerts(this, 'Sla', { settings, slaHours: props.slaHours });
    const records = new RecordsFeed(this, 'Records', {
      settings,
      api: api.api,
      rerunOn: props.rerunOnRecordChange ? stateMachine : null,
    });
    const load = new RecordsLoad(this, 'RecordsLoad', { settings, bucket: props.exportsBucket });
    for (const entryPoint of [
      ...intake.functions,
      inbox.ingestMail,
      reconciler.function,
      ops.function,
      sla.function,
      records.consumer,
      records.route,
      load.batch,
      load.report,
    ]) {
      alarmOnErrors(this, entryPoint);
    }
    new DependencyAlarms(this, 'Dependencies', { api: api.api, tables: props.tables, stateMachine });
    acknowledgeStackWide(this);
    outputs(this, { api, intake, inbox, ops, records, load, workflow: this.workflow });
    this.opsApiUrl = api.api.apiEndpoint;
    this.opsConsoleClientId = ops.consoleClient.userPoolClientId;
  }
}
