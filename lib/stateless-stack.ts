import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolClientIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Alias } from 'aws-cdk-lib/aws-kms';
import { SystemLogLevel, Tracing, type CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule as SchedulerSchedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { ReceiptRuleSet, TlsPolicy } from 'aws-cdk-lib/aws-ses';
import { Lambda as LambdaAction, LambdaInvocationType, S3 as S3Action } from 'aws-cdk-lib/aws-ses-actions';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { INDEX, TABLE_ENV, type TableKey } from '#adapters/dynamodb/schema';
import { ENV } from '#adapters/lambda/env-names';
import { DEFAULT_OBSERVABILITY, TriageWorkflow, type WorkflowObservability } from '#workflows/triage-workflow';
import type { TriageTables } from './stateful-stack.ts';
import { TriageFunction, type TriageFunctionProps } from './triage-function.ts';

export interface StatelessStackProps extends StackProps {
  tables: TriageTables;
  /** The verified SES identity replies are sent from, e.g. `support@acquirer.example`. */
  senderAddress: string;
  /** The support inbox SES receives merchants' mail for (its domain's MX points at SES). */
  inboxAddress: string;
  /** Where the receipt rule keeps each raw message. */
  mailBucket: IBucket;
  /** Hours an escalation may wait unclaimed before it is overdue and alerted. */
  slaHours: number;
  /** The ops console's address (`https://….cloudfront.net`): the API's one CORS origin and the sign-in's redirect. */
  consoleUrl: string;
  /** The prefix of the ops user pool's managed-login domain (`<prefix>.auth.<region>.amazoncognito.com`). */
  signInDomainPrefix: string;
  /** What the state machine logs of each run, whether the functions and runs are traced with X-Ray, and whether Lambda's own lines are kept. */
  observability?: WorkflowObservability;
}

/** The key prefix of raw messages in the mail bucket. */
export const MAIL_PREFIX = 'inbox/';

interface TableAccess {
  actions: string[];
  /** Indexes the function queries; permissions name each one rather than index/*. */
  indexes?: string[];
}

const READ = ['dynamodb:GetItem', 'dynamodb:Query'];
/** The write-once content of tickets and queue items: written before the item that points to it, read back by the ticket's partition. */
const CONTENT: TableAccess = { actions: ['dynamodb:PutItem', 'dynamodb:Query'] };

/** The HTTP API (intake and the ops queue), the Lambda adapters and the triage state machine. */
export class StatelessStack extends Stack {
  readonly workflow: TriageWorkflow;
  /** The API's base URL, which the ops console calls. */
  readonly opsApiUrl: string;
  /** The user pool client the console signs reviewers in with. */
  readonly opsConsoleClientId: string;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const {
      tables,
      senderAddress,
      inboxAddress,
      mailBucket,
      slaHours,
      consoleUrl,
      signInDomainPrefix,
      observability = DEFAULT_OBSERVABILITY,
    } = props;

    const fn = (
      id: string,
      handlerFile: string,
      access: Partial<Record<TableKey, TableAccess>>,
      sizing: Pick<TriageFunctionProps, 'memorySize' | 'timeout' | 'deadLetterQueue'> = {},
    ) => {
      const used = Object.keys(access) as TableKey[];
      const f = new TriageFunction(this, id, {
        ...sizing,
        tracing: observability.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
        // Lambda's own lines at TriageFunction's WARN unless asked for.
        ...(observability.platformLogs ? { systemLogLevelV2: SystemLogLevel.INFO } : {}),
        handlerFile,
        environment: Object.fromEntries(used.map((key) => [TABLE_ENV[key], tables[key].tableName])),
      });
      for (const key of used) {
        const { actions, indexes = [] } = access[key] ?? { actions: [] };
        const { tableArn } = tables[key];
        f.addToRolePolicy(
          new PolicyStatement({ actions, resources: [tableArn, ...indexes.map((i) => `${tableArn}/index/${i}`)] }),
        );
      }
      return f;
    };

    const identifyTerminal = fn('IdentifyTerminal', 'handlers/steps/identify-terminal.ts', {
      terminals: { actions: READ, indexes: [INDEX.terminalsBySerialNumber.name, INDEX.terminalsByMerchant.name] },
      merchants: { actions: READ, indexes: [INDEX.merchantsByContactEmail.name] },
    });
    const loadMerchantAccount = fn('LoadMerchantAccount', 'handlers/steps/load-merchant-account.ts', {
      merchants: { actions: ['dynamodb:GetItem'] },
      invoices: { actions: ['dynamodb:Query'] },
    });
    const loadFirmwareBaseline = fn('LoadFirmwareBaseline', 'handlers/steps/load-firmware-baseline.ts', {
      models: { actions: ['dynamodb:GetItem'] },
    });
    const loadTicketHistory = fn('LoadTicketHistory', 'handlers/steps/load-ticket-history.ts', {
      tickets: { actions: ['dynamodb:Query'], indexes: [INDEX.ticketsAutoResolvedByTerminal.name] },
    });
    const decide = fn('Decide', 'handlers/steps/decide.ts', {});
    const recordDecision = fn('RecordDecision', 'handlers/steps/record-decision.ts', {
      tickets: { actions: ['dynamodb:UpdateItem', 'dynamodb:GetItem'] },
      escalations: { actions: ['dynamodb:PutItem'] },
      content: CONTENT,
    });
    const senderDomain = senderAddress.split('@').pop() ?? senderAddress;
    const mayEmail = (f: TriageFunction) => {
      f.addEnvironment(ENV.senderAddress, senderAddress);
      f.addToRolePolicy(
        new PolicyStatement({
          actions: ['ses:SendEmail'],
          resources: [senderAddress, senderDomain].map((identity) =>
            this.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
          ),
          conditions: { StringEquals: { 'ses:FromAddress': senderAddress } },
        }),
      );
      return f;
    };
    /** What sending a reply needs: claim and settle it on the ticket, escalate it when undelivered. */
    const replyAccess: Partial<Record<TableKey, TableAccess>> = {
      tickets: { actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'] },
      escalations: { actions: ['dynamodb:UpdateItem'] },
      content: CONTENT,
    };
    const sendReply = mayEmail(fn('SendReply', 'handlers/steps/send-reply.ts', replyAccess));
    const recordDelivery = fn('RecordDelivery', 'handlers/steps/record-delivery.ts', {
      tickets: { actions: ['dynamodb:UpdateItem'] },
    });
    const escalateFailure = mayEmail(fn('EscalateFailure', 'handlers/steps/escalate-failure.ts', replyAccess));

    this.workflow = new TriageWorkflow(
      this,
      'Triage',
      {
        identifyTerminal,
        loadMerchantAccount,
        loadFirmwareBaseline,
        loadTicketHistory,
        decide,
        recordDecision,
        sendReply,
        recordDelivery,
        escalateFailure,
      },
      observability,
    );

    /** An entry point that hands tickets to the accept-ticket use case, which starts their runs. */
    const mayStart = (f: TriageFunction) => {
      f.addEnvironment(ENV.stateMachineArn, this.workflow.stateMachine.stateMachineArn);
      this.workflow.stateMachine.grantStartExecution(f);
      return f;
    };
    /** The signing secret a helpdesk shares with us; the function reads it once per 5 minutes. */
    const signedWith = (f: TriageFunction, envName: string, secret: Secret) => {
      f.addEnvironment(envName, secret.secretArn);
      f.addToRolePolicy(
        new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }),
      );
      return f;
    };
    const acceptAccess = { actions: ['dynamodb:PutItem', 'dynamodb:GetItem'] };

    const triageWebhookSecret = new Secret(this, 'TriageWebhookSecret', {
      description: 'Standard Webhooks signing secret (whsec_…) the helpdesk signs POST /tickets with',
      generateSecretString: { passwordLength: 32, excludePunctuation: true },
    });
    const zendeskWebhookSecret = new Secret(this, 'ZendeskWebhookSecret', {
      description: "Zendesk webhook signing secret (copy it from the webhook's page in Zendesk Admin Center)",
      generateSecretString: { passwordLength: 32, excludePunctuation: true },
    });
    const intake = signedWith(
      mayStart(
        fn('Intake', 'handlers/http/intake.ts', { tickets: acceptAccess, deliveries: acceptAccess, content: CONTENT }),
      ),
      ENV.triageWebhookSecretArn,
      triageWebhookSecret,
    );
    const zendeskIntake = signedWith(
      mayStart(fn('ZendeskIntake', 'handlers/http/zendesk-intake.ts', { tickets: acceptAccess, content: CONTENT })),
      ENV.zendeskWebhookSecretArn,
      zendeskWebhookSecret,
    );

    // SES invokes the ingest function asynchronously: a message Lambda gave up on (after its two
    // retries) lands here, naming the raw message's S3 key, and raises the alarm.
    const mailNotIngested = new Queue(this, 'MailNotIngested', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    mailNotIngested.metricApproximateNumberOfMessagesVisible().createAlarm(this, 'MailNotIngestedAlarm', {
      alarmDescription:
        'A message to the support inbox could not be ingested after retries: see the MailNotIngested queue',
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const ingestMail = mayStart(
      fn(
        'IngestMail',
        'handlers/mail/ingest.ts',
        {
          tickets: {
            actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
            indexes: [INDEX.ticketsByReplyMessage.name],
          },
          escalations: { actions: ['dynamodb:PutItem'] },
          content: CONTENT,
        },
        { memorySize: 512, timeout: Duration.seconds(30), deadLetterQueue: mailNotIngested },
      ),
    );
    ingestMail.addEnvironment(ENV.mailBucket, mailBucket.bucketName);
    ingestMail.addEnvironment(ENV.mailPrefix, MAIL_PREFIX);
    ingestMail.addEnvironment(ENV.senderAddress, senderAddress);
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
    const inboxRules = new ReceiptRuleSet(this, 'SupportInbox', {
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

    const reconcile = mayStart(
      mayEmail(
        fn('Reconcile', 'handlers/schedules/reconcile.ts', {
          tickets: {
            actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
            indexes: [INDEX.ticketsDue.name],
          },
          escalations: { actions: ['dynamodb:UpdateItem'] },
          content: CONTENT,
        }),
      ),
    );
    new Rule(this, 'ReconcileSchedule', {
      description: 'Drives on or escalates tickets left unfinished past their deadline',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(reconcile, { retryAttempts: 0 })],
    });

    const api = new HttpApi(this, 'IntakeApi', {
      description: 'Helpdesk tickets in (POST /tickets) and the ops escalation queue (GET /escalations)',
      defaultAuthorizer: new HttpIamAuthorizer(),
      createDefaultStage: false,
      // The console calls the ops routes from its own origin with a bearer token (no cookies).
      corsPreflight: {
        allowOrigins: [consoleUrl],
        allowHeaders: ['authorization', 'content-type'],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST],
        maxAge: Duration.hours(1),
      },
    });
    api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(
          new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.ONE_MONTH }),
        ),
      },
    });
    // A helpdesk cannot sign with SigV4: these routes verify the sender's HMAC signature in the function.
    api.addRoutes({
      path: '/tickets',
      methods: [HttpMethod.POST],
      authorizer: new HttpNoneAuthorizer(),
      integration: new HttpLambdaIntegration('IntakeIntegration', intake),
    });
    api.addRoutes({
      path: '/webhooks/zendesk',
      methods: [HttpMethod.POST],
      authorizer: new HttpNoneAuthorizer(),
      integration: new HttpLambdaIntegration('ZendeskIntakeIntegration', zendeskIntake),
    });

    // Ops staff sign in to a Cognito user pool (accounts made by an admin, no self sign-up); the
    // API's JWT authorizer verifies their token, and the function takes the reviewer from it.
    const opsUsers = new UserPool(this, 'OpsUsers', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    opsUsers.addDomain('OpsSignIn', { cognitoDomain: { domainPrefix: signInDomainPrefix } });
    // The console signs in through the managed login (authorization code with PKCE; a public client).
    const opsConsole = opsUsers.addClient('OpsConsole', {
      authFlows: { userSrp: true },
      generateSecret: false,
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${consoleUrl}/`],
        logoutUrls: [`${consoleUrl}/`],
      },
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
    });
    const opsAuthorizer = new HttpUserPoolAuthorizer('OpsAuthorizer', opsUsers, { userPoolClients: [opsConsole] });
    const opsApi = mayStart(
      mayEmail(
        fn('OpsApi', 'handlers/http/ops-api.ts', {
          escalations: {
            actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
            indexes: [INDEX.escalationsByStatus.name],
          },
          tickets: {
            actions: [
              'dynamodb:BatchGetItem',
              'dynamodb:GetItem',
              'dynamodb:PutItem',
              'dynamodb:Query',
              'dynamodb:UpdateItem',
            ],
            indexes: [INDEX.ticketsByTerminal.name, INDEX.ticketsByMerchant.name, INDEX.ticketsByDay.name],
          },
          content: { actions: ['dynamodb:BatchGetItem', ...CONTENT.actions] },
        }),
      ),
    );
    const opsIntegration = new HttpLambdaIntegration('OpsApiIntegration', opsApi);

    // The SLA: every 15 minutes, escalations unclaimed past it are marked overdue and alerted
    // on this topic (subscribe the ops team's address or chat integration to it).
    const opsAlerts = new Topic(this, 'OpsAlerts', {
      displayName: 'code-97 triage: escalations waiting past the SLA',
      enforceSSL: true,
      masterKey: Alias.fromAliasName(this, 'SnsManagedKey', 'alias/aws/sns'),
    });
    const flagOverdue = fn('FlagOverdue', 'handlers/schedules/flag-overdue.ts', {
      escalations: { actions: ['dynamodb:Query', 'dynamodb:UpdateItem'], indexes: [INDEX.escalationsByStatus.name] },
    });
    flagOverdue.addEnvironment(ENV.alertTopicArn, opsAlerts.topicArn);
    flagOverdue.addEnvironment(ENV.slaHours, String(slaHours));
    opsAlerts.grantPublish(flagOverdue);
    new SchedulerSchedule(this, 'SlaSchedule', {
      description: 'Marks and alerts escalations unclaimed past the SLA',
      schedule: ScheduleExpression.rate(Duration.minutes(15)),
      target: new LambdaInvoke(flagOverdue, { retryAttempts: 0 }),
    });
    // The entry points outside the workflow (whose failed runs have their own alarm): an error
    // Lambda counts is a timeout, a crash or an unhandled exception, logged or not.
    for (const entryPoint of [intake, zendeskIntake, ingestMail, reconcile, opsApi, flagOverdue]) {
      entryPoint
        .metricErrors({ period: Duration.minutes(5), statistic: 'Sum' })
        .createAlarm(this, `${entryPoint.node.id}ErrorsAlarm`, {
          alarmDescription: `${entryPoint.node.id} failed (timed out, crashed or threw): see its log group`,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        });
    }
    Validations.of(this).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(flagOverdue.node.defaultChild as CfnFunction)}.Arn>:*]`,
      reason:
        "The scheduler's role may invoke the SLA function's versions and aliases (the target construct's grant); nothing else.",
    });
    for (const [path, method] of [
      ['/escalations', HttpMethod.GET],
      ['/escalations/{escalationId}', HttpMethod.GET],
      ['/escalations/{escalationId}/claim', HttpMethod.POST],
      ['/escalations/{escalationId}/release', HttpMethod.POST],
      ['/escalations/{escalationId}/resolve', HttpMethod.POST],
      ['/escalations/{escalationId}/reply', HttpMethod.POST],
      ['/escalations/{escalationId}/rerun', HttpMethod.POST],
      ['/tickets/{ticketId}', HttpMethod.GET],
      ['/tickets', HttpMethod.GET],
      ['/stats', HttpMethod.GET],
    ] as const) {
      api.addRoutes({ path, methods: [method], authorizer: opsAuthorizer, integration: opsIntegration });
    }

    Validations.of(this).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'POST /tickets and POST /webhooks/zendesk are called by helpdesks that cannot sign with SigV4; their functions verify an HMAC signature (Standard Webhooks, Zendesk) before reading anything. Every other route takes a JWT from the ops user pool.',
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Webhook signing secrets are shared with the helpdesk and rotated together with it, by hand (README: Rotating a signing secret).',
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'The product pins Node.js 22, the runtime the local stack and its Step Functions runner are tested on.',
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray trace segments and CloudWatch Logs delivery for Express executions accept no resource-level permissions.',
    });

    this.opsApiUrl = api.apiEndpoint;
    this.opsConsoleClientId = opsConsole.userPoolClientId;
    new CfnOutput(this, 'EscalationsUrl', { value: `${api.apiEndpoint}/escalations` });
    new CfnOutput(this, 'OpsUserPoolId', { value: opsUsers.userPoolId });
    new CfnOutput(this, 'OpsConsoleClientId', { value: opsConsole.userPoolClientId });
    new CfnOutput(this, 'IntakeUrl', { value: `${api.apiEndpoint}/tickets` });
    new CfnOutput(this, 'ZendeskWebhookUrl', { value: `${api.apiEndpoint}/webhooks/zendesk` });
    new CfnOutput(this, 'TriageWebhookSecretArn', { value: triageWebhookSecret.secretArn });
    new CfnOutput(this, 'ZendeskWebhookSecretArn', { value: zendeskWebhookSecret.secretArn });
    new CfnOutput(this, 'MailNotIngestedQueueUrl', { value: mailNotIngested.queueUrl });
    new CfnOutput(this, 'SupportInboxRuleSet', {
      value: inboxRules.receiptRuleSetName,
      description: 'activate it once: aws ses set-active-receipt-rule-set --rule-set-name <this>',
    });
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn });
  }
}
