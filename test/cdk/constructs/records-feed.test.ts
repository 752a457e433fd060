import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TABLE_ENV } from '#adapters/dynamodb/schema';
import { ENV } from '#adapters/lambda/env-names';
import { RECEIVES_BEFORE_DEAD_LETTER, RecordsFeed } from '#lib/records-feed';
import { environmentOf, inStack } from './harness.ts';

describe('RecordsFeed', () => {
  const template = inStack(
    (stack, { settings, api }) => new RecordsFeed(stack, 'Records', { settings, api, rerunOn: null }),
  );
  const rerunning = inStack(
    (stack, { settings, api, stateMachine }) =>
      new RecordsFeed(stack, 'Records', { settings, api, rerunOn: stateMachine }),
  );

  it('consumes the changes queue in batches, reporting each failed message alone', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('moves a message received too often to an encrypted dead-letter queue, and alarms on the first', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { maxReceiveCount: RECEIVES_BEFORE_DEAD_LETTER, deadLetterTargetArn: Match.anyValue() },
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 360,
    });
    template.resourceCountIs('AWS::SQS::Queue', 2);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      AlarmDescription: Match.stringLikeRegexp('dead-letter'),
    });
  });

  it('routes POST /records/changes without an IAM authorizer, to a function given its own signing secret', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /records/changes',
      AuthorizationType: 'NONE',
    });
    expect(Object.keys(environmentOf(template, 'RecordsChangesRoute'))).toContain(ENV.recordsWebhookSecretArn);
    expect(Object.keys(environmentOf(template, 'RecordsApplyChanges'))).not.toContain(ENV.recordsWebhookSecretArn);
  });

  it('lets both functions write the records and their versions only, and never Scan', () => {
    for (const fn of ['RecordsApplyChanges', 'RecordsChangesRoute']) {
      expect(Object.keys(environmentOf(template, fn)).sort()).toEqual(
        expect.arrayContaining(
          [
            TABLE_ENV.merchants,
            TABLE_ENV.terminals,
            TABLE_ENV.models,
            TABLE_ENV.invoices,
            TABLE_ENV.recordVersions,
          ].sort(),
        ),
      );
      expect(Object.keys(environmentOf(template, fn))).not.toContain(TABLE_ENV.tickets);
    }
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('dynamodb:ConditionCheckItem');
    expect(policies).not.toContain('dynamodb:Scan');
  });

  it('finds open escalations on the open-records index only, and re-runs them only when asked', () => {
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('index/byOpenRecord');
    expect(policies).not.toContain('states:StartExecution');
    expect(Object.keys(environmentOf(template, 'RecordsApplyChanges'))).not.toContain(ENV.rerunOnRecordChange);

    for (const fn of ['RecordsApplyChanges', 'RecordsChangesRoute']) {
      expect(environmentOf(rerunning, fn)).toMatchObject({ [ENV.rerunOnRecordChange]: 'true' });
      expect(Object.keys(environmentOf(rerunning, fn))).toEqual(
        expect.arrayContaining([ENV.stateMachineArn, TABLE_ENV.tickets, TABLE_ENV.content]),
      );
    }
    expect(JSON.stringify(rerunning.findResources('AWS::IAM::Policy'))).toContain('states:StartExecution');
  });
});
