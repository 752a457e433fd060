import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '#lib/app';
import { createResolver, type Template as RawTemplate } from '#lib/local/cloud-assembly';
import { DEFAULT_TIMING } from '#use-cases/timing';
import { STATE } from '#workflows/triage-workflow';

type AslValidator = (definition: unknown) => { isValid: boolean; errorsText: (sep?: string) => string };
const aslValidator = createRequire(import.meta.url)('asl-validator') as AslValidator;

let stateful: Template;
let stateless: Template;
let consoleDeployment: Template;
let definition: { States: Record<string, Record<string, unknown>>; TimeoutSeconds?: number };

beforeAll(() => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'code97-cdk-test-'));
  const built = buildApp({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
  stateful = Template.fromStack(built.stateful);
  stateless = Template.fromStack(built.stateless);
  consoleDeployment = Template.fromStack(built.opsConsole);
  const { resolve } = createResolver([stateful.toJSON() as RawTemplate, stateless.toJSON() as RawTemplate]);
  const [machine] = Object.values(stateless.findResources('AWS::StepFunctions::StateMachine'));
  definition = JSON.parse(String(resolve(machine?.Properties.DefinitionString)));
});

/** Every state of the definition, including those inside Parallel branches. */
function allStates(states: Record<string, Record<string, unknown>>): Array<[string, Record<string, unknown>]> {
  return Object.entries(states).flatMap(([name, s]) => [
    [name, s] as [string, Record<string, unknown>],
    ...((s.Branches as Array<{ States: Record<string, Record<string, unknown>> }> | undefined) ?? []).flatMap((b) =>
      allStates(b.States),
    ),
  ]);
}

/** The IAM actions granted to the role of the function whose handler is `entry`. */
function actionsOf(entry: string): string[] {
  const [fnId, fn] =
    Object.entries(stateless.findResources('AWS::Lambda::Function')).find(
      ([, r]) => r.Metadata?.['code97:entry'] === `functions/${entry}`,
    ) ?? [];
  expect(fnId, `a function for ${entry}`).toBeDefined();
  const roleId = (fn?.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const policies = Object.values(stateless.findResources('AWS::IAM::Policy')).filter((p) =>
    (p.Properties.Roles as Array<{ Ref: string }>).some((r) => r.Ref === roleId),
  );
  const actions = policies.flatMap((p) =>
    (p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>).flatMap((s) => [s.Action].flat()),
  );
  return [...new Set(actions)].sort();
}

/** Data-plane actions: what a function may read or write, leaving out tracing and its own logs. */
const dataActionsOf = (entry: string) =>
  actionsOf(entry).filter((a) => !a.startsWith('xray:') && !a.startsWith('logs:'));

describe('stateful stack', () => {
  it('keeps ten on-demand tables that survive stack deletion', () => {
    stateful.resourceCountIs('AWS::DynamoDB::GlobalTable', 10);
    for (const table of Object.values(stateful.findResources('AWS::DynamoDB::GlobalTable'))) {
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    }
  });

  it('keeps raw mail encrypted, private, TLS-only, retained and aged out after a year', () => {
    stateful.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({
            ExpirationInDays: 365,
            Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }],
          }),
        ],
      },
    });
    stateful.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    expect(Object.values(stateful.findResources('AWS::S3::Bucket'))[0]?.DeletionPolicy).toBe('Retain');
  });

  it('keeps write-once content by ticket and reference, apart from the items that change', () => {
    stateful.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'ticketId', KeyType: 'HASH' },
        { AttributeName: 'ref', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: Match.absent(),
    });
  });

  it('lets helpdesk delivery keys expire by TTL', () => {
    stateful.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [{ AttributeName: 'deliveryKey', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('looks terminals up by TID, by serial number and by merchant', () => {
    stateful.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [{ AttributeName: 'terminalId', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({
          IndexName: 'bySerialNumber',
          KeySchema: [{ AttributeName: 'serialNumber', KeyType: 'HASH' }],
        }),
        Match.objectLike({
          IndexName: 'byMerchant',
          KeySchema: [
            { AttributeName: 'merchantId', KeyType: 'HASH' },
            { AttributeName: 'terminalId', KeyType: 'RANGE' },
          ],
        }),
      ]),
    });
  });

  it('finds merchants by lower-cased contact email and invoices by merchant', () => {
    stateful.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [{ AttributeName: 'merchantId', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'byContactEmail' })],
    });
    stateful.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'merchantId', KeyType: 'HASH' },
        { AttributeName: 'invoiceId', KeyType: 'RANGE' },
      ],
    });
  });

  it('indexes auto-resolved tickets by terminal and time for REPEAT_CONTACT', () => {
    stateful.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [{ AttributeName: 'ticketId', KeyType: 'HASH' }],
      AttributeDefinitions: Match.arrayWith([{ AttributeName: 'receivedAtEpochMs', AttributeType: 'N' }]),
      GlobalSecondaryIndexes: Match.arrayWith([Match.objectLike({ IndexName: 'autoResolvedByTerminal' })]),
    });
  });

  it('indexes unfinished tickets by watch time, so the reconciler queries instead of scanning', () => {
    stateful.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [{ AttributeName: 'ticketId', KeyType: 'HASH' }],
      AttributeDefinitions: Match.arrayWith([{ AttributeName: 'watchAtEpochMs', AttributeType: 'N' }]),
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({
          IndexName: 'byWatch',
          KeySchema: [
            { AttributeName: 'watch', KeyType: 'HASH' },
            { AttributeName: 'watchAtEpochMs', KeyType: 'RANGE' },
          ],
        }),
      ]),
    });
  });

  it('queues escalations by status, and finds the open ones by the record they wait on', () => {
    stateful.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [{ AttributeName: 'escalationId', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        Match.objectLike({ IndexName: 'byStatus' }),
        Match.objectLike({
          IndexName: 'byOpenRecord',
          KeySchema: [
            { AttributeName: 'openRecordKey', KeyType: 'HASH' },
            { AttributeName: 'createdAt', KeyType: 'RANGE' },
          ],
          Projection: {
            ProjectionType: 'INCLUDE',
            NonKeyAttributes: ['terminalId', 'diagnosis', 'findings', 'status'],
          },
        }),
      ],
    });
  });
});

describe('triage state machine', () => {
  it('is an Express workflow that logs its failed runs without their data, untraced unless asked', () => {
    stateless.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'EXPRESS',
      LoggingConfiguration: Match.objectLike({ Level: 'ERROR', IncludeExecutionData: false }),
      TracingConfiguration: { Enabled: false },
    });
    for (const fn of Object.values(stateless.findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties.TracingConfig?.Mode).not.toBe('Active');
      expect(fn.Properties.LoggingConfig).toMatchObject({ LogFormat: 'JSON', SystemLogLevel: 'WARN' });
    }
  });

  it("logs every state, traces the functions and runs, and keeps Lambda's own lines when the context asks", () => {
    const traced = Template.fromStack(
      buildApp({
        outdir: mkdtempSync(path.join(tmpdir(), 'code97-traced-')),
        context: { tracing: 'true', workflowLogLevel: 'ALL', platformLogs: 'true', 'aws:cdk:bundling-stacks': [] },
      }).stateless,
    );

    traced.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: Match.objectLike({ Level: 'ALL' }),
      TracingConfiguration: { Enabled: true },
    });
    traced.hasResourceProperties('AWS::Lambda::Function', {
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: Match.objectLike({ SystemLogLevel: 'INFO' }),
    });
  });

  it('times a run out before its reply claim could outlast the watch its start set', () => {
    // Why neither the decision nor the claim moves the watch: the run's own claim, taken before
    // the run times out, is stale by the time the reconciler looks.
    const runTimeoutMs = Number(definition.TimeoutSeconds) * 1000;

    expect(runTimeoutMs).toBeGreaterThan(0);
    expect(runTimeoutMs + DEFAULT_TIMING.sendWithinMs).toBeLessThanOrEqual(DEFAULT_TIMING.decideWithinMs);
  });

  it('raises an alarm when an execution fails', () => {
    stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ExecutionsFailed',
      Namespace: 'AWS/States',
      Threshold: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  it("raises an alarm when an entry point outside the workflow errs, as its logs no longer carry Lambda's own lines", () => {
    const alarmed = Object.values(
      stateless.findResources('AWS::CloudWatch::Alarm', {
        Properties: { MetricName: 'Errors', Namespace: 'AWS/Lambda', Threshold: 1 },
      }),
    );
    const functionIds = alarmed.map(
      (a) => (a.Properties.Dimensions as Array<{ Value: { Ref: string } }>)[0]?.Value.Ref ?? '',
    );
    const entries = functionIds.map(
      (id) => stateless.findResources('AWS::Lambda::Function')[id]?.Metadata?.['code97:entry'],
    );

    expect(entries.sort()).toEqual([
      'functions/handlers/http/intake.ts',
      'functions/handlers/http/ops-api.ts',
      'functions/handlers/http/record-changes.ts',
      'functions/handlers/http/zendesk-intake.ts',
      'functions/handlers/mail/ingest.ts',
      'functions/handlers/queues/record-changes.ts',
      'functions/handlers/schedules/flag-overdue.ts',
      'functions/handlers/schedules/reconcile.ts',
      'functions/handlers/steps/load-export-batch.ts',
      'functions/handlers/steps/report-export.ts',
    ]);
  });

  it('passes asl-validator', () => {
    const result = aslValidator(definition);

    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it('uses JSONPath only: no JSONata and no Assign', () => {
    const text = JSON.stringify(definition);

    expect(text).not.toMatch(/JSONata|"Assign"|waitForTaskToken/);
  });

  it('has the named steps an ops person reads in the history', () => {
    const names = allStates(definition.States).map(([name]) => name);

    expect(names).toEqual(expect.arrayContaining(Object.values(STATE)));
  });

  it('retries and catches every task and the parallel record checks', () => {
    const insideBranches: string[] = [STATE.loadAccount, STATE.loadBaseline, STATE.loadHistory];
    const guarded = allStates(definition.States).filter(
      ([name, s]) => (s.Type === 'Task' || s.Type === 'Parallel') && !insideBranches.includes(name),
    );

    expect(guarded.length).toBeGreaterThanOrEqual(6);
    for (const [name, state] of guarded) {
      if (state.Type === 'Task')
        expect(state.Retry, `${name} retries`).toEqual(
          expect.arrayContaining([expect.objectContaining({ ErrorEquals: ['States.ALL'] })]),
        );
      if (name === STATE.escalateFailure) continue;
      expect(state.Catch, `${name} catches`).toEqual([
        expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: STATE.escalateFailure }),
      ]);
    }
  });

  it('reads the records in three parallel branches', () => {
    const parallel = definition.States[STATE.checkRecords] as { Type: string; Branches: unknown[] };

    expect(parallel.Type).toBe('Parallel');
    expect(parallel.Branches).toHaveLength(3);
  });
});

describe('functions and permissions', () => {
  it('runs every function on Node 22', () => {
    const functions = Object.values(stateless.findResources('AWS::Lambda::Function'));

    expect(functions.length).toBeGreaterThanOrEqual(9);
    for (const fn of functions) expect(fn.Properties.Runtime).toBe('nodejs22.x');
  });

  it.each([
    [
      'handlers/http/intake.ts',
      [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'secretsmanager:GetSecretValue',
        'states:StartExecution',
      ],
    ],
    [
      'handlers/http/zendesk-intake.ts',
      [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'secretsmanager:GetSecretValue',
        'states:StartExecution',
      ],
    ],
    ['handlers/steps/identify-terminal.ts', ['dynamodb:GetItem', 'dynamodb:Query']],
    ['handlers/steps/load-merchant-account.ts', ['dynamodb:GetItem', 'dynamodb:Query']],
    ['handlers/steps/load-firmware-baseline.ts', ['dynamodb:GetItem']],
    ['handlers/steps/load-ticket-history.ts', ['dynamodb:Query']],
    [
      'handlers/steps/record-decision.ts',
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
    ],
    [
      'handlers/steps/send-reply.ts',
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'ses:SendEmail'],
    ],
    ['handlers/steps/record-delivery.ts', ['dynamodb:UpdateItem']],
    [
      'handlers/steps/escalate-failure.ts',
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'ses:SendEmail'],
    ],
    [
      'handlers/schedules/reconcile.ts',
      [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'ses:SendEmail',
        'states:StartExecution',
      ],
    ],
    [
      'handlers/http/ops-api.ts',
      [
        'cognito-idp:AdminAddUserToGroup',
        'cognito-idp:AdminCreateUser',
        'cognito-idp:AdminDisableUser',
        'cognito-idp:AdminEnableUser',
        'cognito-idp:AdminGetUser',
        'cognito-idp:AdminListGroupsForUser',
        'cognito-idp:AdminRemoveUserFromGroup',
        'cognito-idp:ListUsers',
        'cognito-idp:ListUsersInGroup',
        'dynamodb:BatchGetItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'ses:SendEmail',
        'states:StartExecution',
      ],
    ],
  ])('grants %s only the actions it uses', (entry, expected) => {
    expect(dataActionsOf(entry)).toEqual(expected);
  });

  it('grants the decide step no data access', () => {
    expect(dataActionsOf('handlers/steps/decide.ts')).toEqual([]);
  });

  it('gives functions roles without managed policies, writing only to their own log group', () => {
    const roles = Object.values(stateless.findResources('AWS::IAM::Role'));

    for (const role of roles) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(actionsOf('handlers/steps/decide.ts')).toEqual(
      expect.arrayContaining(['logs:CreateLogStream', 'logs:PutLogEvents']),
    );
  });

  it('names each queried index instead of granting index/*', () => {
    const text = JSON.stringify(stateless.findResources('AWS::IAM::Policy'));

    expect(text).not.toContain('/index/*');
    expect(text).toContain('/index/bySerialNumber');
  });

  it('never grants a Scan', () => {
    const text = JSON.stringify(stateless.findResources('AWS::IAM::Policy'));

    expect(text).not.toContain('dynamodb:Scan');
  });

  it.each([
    'GET /escalations',
    'GET /escalations/{escalationId}',
    'POST /escalations/{escalationId}/claim',
    'POST /escalations/{escalationId}/release',
    'POST /escalations/{escalationId}/resolve',
    'POST /escalations/{escalationId}/reply',
    'POST /escalations/{escalationId}/rerun',
    'GET /tickets/{ticketId}',
    'GET /tickets',
    'GET /stats',
  ])('serves %s to ops staff signed in to the user pool (JWT authorizer)', (routeKey) => {
    const [authorizerId] = Object.keys(
      stateless.findResources('AWS::ApiGatewayV2::Authorizer', { Properties: { AuthorizerType: 'JWT' } }),
    );

    stateless.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: routeKey,
      AuthorizationType: 'JWT',
      AuthorizerId: { Ref: authorizerId },
    });
  });

  it('checks the SLA every 15 minutes and alerts on an encrypted, TLS-only topic', () => {
    const [topicId] = Object.keys(stateless.findResources('AWS::SNS::Topic'));
    const sla = Object.values(stateless.findResources('AWS::Lambda::Function')).find(
      (f) => f.Metadata?.['code97:entry'] === 'functions/handlers/schedules/flag-overdue.ts',
    );

    stateless.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(15 minutes)' });
    stateless.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    expect(sla?.Properties.Environment.Variables).toMatchObject({ ALERT_TOPIC_ARN: { Ref: topicId }, SLA_HOURS: '4' });
    expect(dataActionsOf('handlers/schedules/flag-overdue.ts')).toEqual([
      'dynamodb:Query',
      'dynamodb:UpdateItem',
      'sns:Publish',
    ]);
  });

  it('keeps ops accounts to those an admin makes, with strong passwords and a second factor', () => {
    stateless.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true }) },
    });
    stateless.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_SRP_AUTH']),
    });
  });

  it("lets the ops API manage the ops user pool's accounts, and no other pool", () => {
    const [poolId] = Object.keys(stateless.findResources('AWS::Cognito::UserPool'));
    const fn = Object.values(stateless.findResources('AWS::Lambda::Function')).find(
      (f) => f.Metadata?.['code97:entry'] === 'functions/handlers/http/ops-api.ts',
    );

    expect(fn?.Properties.Environment.Variables.OPS_USER_POOL_ID).toEqual({ Ref: poolId });
    stateless.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['cognito-idp:ListUsers', 'cognito-idp:AdminCreateUser']),
            Resource: { 'Fn::GetAtt': [poolId, 'Arn'] },
          }),
        ]),
      },
    });
  });

  it.each([
    ['POST /tickets', 'handlers/http/intake.ts', 'TRIAGE_WEBHOOK_SECRET_ARN'],
    ['POST /webhooks/zendesk', 'handlers/http/zendesk-intake.ts', 'ZENDESK_WEBHOOK_SECRET_ARN'],
  ])(
    'opens %s to a helpdesk without IAM, its function holding the ARN of its own signing secret',
    (routeKey, entry, secretEnv) => {
      stateless.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: routeKey, AuthorizationType: 'NONE' });
      const fn = Object.values(stateless.findResources('AWS::Lambda::Function')).find(
        (f) => f.Metadata?.['code97:entry'] === `functions/${entry}`,
      );
      const secretRef = fn?.Properties.Environment.Variables[secretEnv] as { Ref: string } | undefined;

      expect(stateless.findResources('AWS::SecretsManager::Secret')).toHaveProperty(secretRef?.Ref ?? 'missing');
      expect(actionsOf(entry)).toContain('secretsmanager:GetSecretValue');
    },
  );

  it('receives the support inbox with one SES rule: store the raw message in S3, then invoke the ingest function', () => {
    stateless.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: Match.objectLike({
        Enabled: true,
        ScanEnabled: true,
        TlsPolicy: 'Require',
        Recipients: ['support@acquirer.example'],
        Actions: [
          { S3Action: Match.objectLike({ ObjectKeyPrefix: 'inbox/' }) },
          { LambdaAction: Match.objectLike({ InvocationType: 'Event' }) },
        ],
      }),
    });
    expect(dataActionsOf('handlers/mail/ingest.ts')).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
      's3:GetObject',
      'sqs:SendMessage',
      'states:StartExecution',
    ]);
  });

  it('keeps a message the ingest function gave up on in an encrypted queue, with an alarm on it', () => {
    const [queueId] = Object.keys(
      stateless.findResources('AWS::SQS::Queue', { Properties: { SqsManagedSseEnabled: true } }),
    );
    const ingest = Object.values(stateless.findResources('AWS::Lambda::Function')).find(
      (f) => f.Metadata?.['code97:entry'] === 'functions/handlers/mail/ingest.ts',
    );

    expect(ingest?.Properties.DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } });
    stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
    });
  });

  it('keeps the three signing secrets apart: each signed route may read its own only', () => {
    const secrets = Object.keys(stateless.findResources('AWS::SecretsManager::Secret'));
    const policies = JSON.stringify(stateless.findResources('AWS::IAM::Policy'));

    expect(secrets).toHaveLength(3);
    for (const secret of secrets) expect(policies.split(`"Ref":"${secret}"`).length - 1).toBe(1);
  });
});

describe('ops console', () => {
  /** The stateful stack's export a reference to the console's distribution domain goes through. */
  const distributionDomain = () => {
    const [id] = Object.keys(stateful.findResources('AWS::CloudFront::Distribution'));
    const output = Object.values(
      stateful.toJSON().Outputs as Record<string, { Value: unknown; Export?: { Name: string } }>,
    ).find((o) => JSON.stringify(o.Value) === JSON.stringify({ 'Fn::GetAtt': [id, 'DomainName'] }));
    return { 'Fn::ImportValue': output?.Export?.Name };
  };

  it('is served from a private bucket by CloudFront through origin access control, over HTTPS only', () => {
    stateful.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    stateful.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    stateful.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          AllowedMethods: ['GET', 'HEAD'],
        }),
      }),
    });
  });

  it('sends a Content-Security-Policy that allows no inline code, with HSTS and no framing', () => {
    const [policy] = Object.values(stateful.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    const security = policy?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = JSON.stringify(security?.ContentSecurityPolicy.ContentSecurityPolicy);

    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain('.amazoncognito.com');
    expect(security?.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 31_536_000 });
    expect(security?.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
  });

  it("is the API's one CORS origin, for the methods and headers the console sends", () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowOrigins: [{ 'Fn::Join': ['', ['https://', distributionDomain()]] }],
        AllowHeaders: ['authorization', 'content-type', 'idempotency-key'],
        AllowMethods: ['GET', 'POST'],
        MaxAge: 3600,
      },
    });
  });

  it('signs reviewers in through the managed login: authorization code flow back to the console, no client secret', () => {
    stateless.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    stateless.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: Match.arrayWith(['openid']),
      CallbackURLs: [{ 'Fn::Join': ['', ['https://', distributionDomain(), '/']] }],
      SupportedIdentityProviders: ['COGNITO'],
    });
  });

  it('deploys the build, a page whose own policy names the API, and a config.json naming the API, the sign-in client and the console', () => {
    const [deployment] = Object.values(consoleDeployment.findResources('Custom::CDKBucketDeployment'));
    const [, page, config] = deployment?.Properties.SourceMarkers as Array<
      Record<string, { 'Fn::ImportValue'?: string }>
    >;
    const imported = (markers: typeof page) =>
      Object.values(markers ?? {})
        .map((m) => m['Fn::ImportValue'])
        .filter(Boolean);

    expect(deployment?.Properties.DistributionPaths).toEqual(['/*']);
    expect(imported(page)).toEqual([expect.stringContaining('IntakeApi')]);
    expect(imported(config)).toEqual([
      expect.stringContaining('IntakeApi'),
      expect.stringContaining('OpsConsole'),
      expect.stringContaining('OpsConsoleDistribution'),
    ]);
  });
});
