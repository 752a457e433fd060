import { ADMIN_GROUP } from '#adapters/lambda/reviewer';
import { Match } from 'aws-cdk-lib/assertions';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { describe, expect, it } from 'vitest';
import { ENV } from '#adapters/lambda/env-names';
import { OPS_ROUTE_KEYS } from '#adapters/lambda/ops-routes';
import { alarmOnAny } from '#lib/alarms';
import { DependencyAlarms } from '#lib/dependency-alarms';
import { OpsApi } from '#lib/ops-api';
import { Reconciler } from '#lib/reconciler';
import { SlaAlerts } from '#lib/sla-alerts';
import { SupportInbox } from '#lib/support-inbox';
import { TriageApi } from '#lib/triage-api';
import { WebhookIntake } from '#lib/webhook-intake';
import { environmentOf, inStack } from './harness.ts';

describe('alarmOnAny', () => {
  it('fires on the first occurrence within five minutes and stays quiet while nothing is reported', () => {
    const template = inStack((stack) =>
      alarmOnAny(stack, 'Once', new Metric({ namespace: 'Test', metricName: 'Things' }), 'what happened'),
    );
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: 'what happened',
      Threshold: 1,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });
});

describe('DependencyAlarms', () => {
  it('alarms on the API’s 5xx, each table’s system errors and throttles, and throttled workflow starts', () => {
    const template = inStack(
      (stack, { api, settings, stateMachine }) =>
        new DependencyAlarms(stack, 'Dependencies', { api, tables: settings.tables, stateMachine }),
    );
    const tables = Object.keys(template.findResources('AWS::DynamoDB::GlobalTable')).length;

    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Threshold: 1,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/States',
      MetricName: 'ThrottledEvents',
      Dimensions: [{ Name: 'APIName', Value: 'StartExecution' }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/States',
      MetricName: 'ExecutionThrottled',
    });
    const onTables = Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter((alarm) =>
      JSON.stringify(alarm).includes('AWS/DynamoDB'),
    );
    expect(tables).toBeGreaterThan(5);
    expect(onTables).toHaveLength(tables * 2);
  });
});

describe('TriageApi', () => {
  it('throttles the default stage, logs every request and allows the console origin alone', () => {
    const template = inStack((stack) => new TriageApi(stack, 'Api', { consoleUrl: 'https://console.example' }));
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://console.example'] }),
    });
  });
});

describe('WebhookIntake', () => {
  const template = inStack((stack, given) => new WebhookIntake(stack, 'Helpdesks', given));

  it('routes both deliveries without an IAM authorizer, each to its own function', () => {
    for (const route of ['POST /tickets', 'POST /webhooks/zendesk']) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: route, AuthorizationType: 'NONE' });
    }
  });

  it('gives each function its own secret only, under the name the handler reads', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 2);
    expect(Object.keys(environmentOf(template, 'HelpdesksIntake'))).toContain(ENV.triageWebhookSecretArn);
    expect(Object.keys(environmentOf(template, 'HelpdesksIntake'))).not.toContain(ENV.zendeskWebhookSecretArn);
    expect(Object.keys(environmentOf(template, 'HelpdesksZendeskIntake'))).toContain(ENV.zendeskWebhookSecretArn);
  });

  it('keeps the secrets under the logical IDs they had, so an update never replaces a shared secret', () => {
    expect(Object.keys(template.findResources('AWS::SecretsManager::Secret')).sort()).toEqual([
      'TriageWebhookSecretDA45C3EF',
      'ZendeskWebhookSecret0CDDB2F1',
    ]);
  });
});

describe('SupportInbox', () => {
  const template = inStack(
    (stack, given) => new SupportInbox(stack, 'Inbox', { ...given, inboxAddress: 'support@acquirer.example' }),
  );

  it('may not send email unless a normal support desk is named, and then only from the sender address', () => {
    const forwarding = inStack(
      (stack, given) =>
        new SupportInbox(stack, 'Inbox', {
          ...given,
          inboxAddress: 'support@acquirer.example',
          notTriggeredForwardTo: 'desk@acquirer.example',
        }),
    );
    const sends = (t: typeof template) => JSON.stringify(t.findResources('AWS::IAM::Policy')).includes('ses:SendEmail');

    expect(sends(template)).toBe(false);
    expect(sends(forwarding)).toBe(true);
    expect(environmentOf(forwarding, 'InboxIngestMail')).toMatchObject({
      NOT_TRIGGERED_FORWARD_TO: 'desk@acquirer.example',
    });
  });

  it('counts refused automatic mail by kind from the ingest function log lines', () => {
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ ($.message = "mail") && ($.kind = "REFUSED") }',
      MetricTransformations: [
        Match.objectLike({
          MetricNamespace: 'Code97Triage',
          MetricName: 'MailRefused',
          Dimensions: [{ Key: 'refusedAs', Value: '$.refusedAs' }],
        }),
      ],
    });
  });

  it('scans and requires TLS, stores the message under inbox/ and then invokes the ingest function', () => {
    template.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: Match.objectLike({
        Recipients: ['support@acquirer.example'],
        ScanEnabled: true,
        TlsPolicy: 'Require',
        Actions: [
          { S3Action: Match.objectLike({ ObjectKeyPrefix: 'inbox/' }) },
          { LambdaAction: Match.objectLike({ InvocationType: 'Event' }) },
        ],
      }),
    });
  });

  it('keeps the rule set and its rule under their logical IDs, so the active rule set stays active', () => {
    expect(Object.keys(template.findResources('AWS::SES::ReceiptRuleSet'))).toEqual(['SupportInbox019B69B1']);
    expect(Object.keys(template.findResources('AWS::SES::ReceiptRule'))).toEqual(['SupportInboxRule021AC555F']);
  });

  it('sends what Lambda gave up on to an encrypted queue whose first message raises the alarm', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1_209_600,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
    });
    expect(environmentOf(template, 'InboxIngestMail')).toMatchObject({ [ENV.mailPrefix]: 'inbox/' });
  });
});

describe('OpsApi', () => {
  const template = inStack(
    (stack, given) =>
      new OpsApi(stack, 'Ops', {
        ...given,
        consoleUrl: 'https://console.example',
        signInDomainPrefix: 'ops-test',
        slaHours: 4,
      }),
  );

  it('makes the admins group the API reads the admin role from', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: ADMIN_GROUP });
  });

  it('adds every route of the route table the handler implements, each behind the user pool', () => {
    for (const routeKey of OPS_ROUTE_KEYS) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: routeKey, AuthorizationType: 'JWT' });
    }
    template.resourceCountIs('AWS::ApiGatewayV2::Route', OPS_ROUTE_KEYS.length);
  });

  it('signs reviewers in with MFA, no self sign-up, and retains their accounts under the same logical ID', () => {
    template.hasResource('AWS::Cognito::UserPool', {
      Properties: Match.objectLike({
        MfaConfiguration: 'ON',
        AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
      }),
      DeletionPolicy: 'Retain',
    });
    expect(Object.keys(template.findResources('AWS::Cognito::UserPool'))).toEqual(['OpsUsers71817D7A']);
  });
});

describe('SlaAlerts', () => {
  const template = inStack((stack, { settings }) => new SlaAlerts(stack, 'Sla', { settings, slaHours: 6 }));

  it('runs every 15 minutes and tells the function the SLA and the topic', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(15 minutes)' });
    expect(environmentOf(template, 'SlaFlagOverdue')).toMatchObject({
      [ENV.slaHours]: '6',
      [ENV.alertTopicArn]: expect.anything(),
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });

  it('keeps the topic under the logical ID it had, so the ops team’s subscriptions survive an update', () => {
    expect(Object.keys(template.findResources('AWS::SNS::Topic'))).toEqual(['OpsAlertsB39E82AA']);
  });
});

describe('Reconciler', () => {
  it('sweeps every minute, with no retry of a missed sweep (the next one comes a minute later)', () => {
    const template = inStack((stack, given) => new Reconciler(stack, 'Reconciler', given));
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 0 } })],
    });
  });
});
