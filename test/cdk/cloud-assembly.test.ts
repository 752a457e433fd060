import { createRequire } from 'node:module';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cachedTemplates,
  createResolver,
  loadLocalAssembly,
  synthKey,
  type Json,
  type Template,
} from '#lib/local/cloud-assembly';

const producer: Template = {
  Resources: { Table1: { Type: 'AWS::DynamoDB::GlobalTable' } },
  Outputs: { Out: { Value: { Ref: 'Table1' }, Export: { Name: 'P:Table1' } } },
};
const consumer: Template = {
  Resources: {
    Fn1: { Type: 'AWS::Lambda::Function' },
    Machine: { Type: 'AWS::StepFunctions::StateMachine' },
    Jobs: { Type: 'AWS::SQS::Queue' },
  },
};

describe('createResolver', () => {
  const { resolve } = createResolver([producer, consumer]);

  it('resolves Fn::Join over Fn::GetAtt Arn and pseudo parameters', () => {
    const value: Json = {
      'Fn::Join': [
        '',
        ['{"Resource":"', { 'Fn::GetAtt': ['Fn1', 'Arn'] }, '","Region":"', { Ref: 'AWS::Region' }, '"}'],
      ],
    };

    expect(JSON.parse(String(resolve(value)))).toEqual({
      Resource: 'arn:aws:lambda:us-east-1:000000000000:function:Fn1',
      Region: 'us-east-1',
    });
  });

  it('follows a cross-stack import to the exporting resource', () => {
    expect(resolve({ 'Fn::ImportValue': 'P:Table1' })).toBe('Table1');
  });

  it('gives a state machine its ARN for Ref', () => {
    expect(resolve({ Ref: 'Machine' })).toBe('arn:aws:states:us-east-1:000000000000:stateMachine:Machine');
  });

  it('gives a queue its URL for Ref and its ARN for Fn::GetAtt, as SQS names them', () => {
    expect(resolve({ Ref: 'Jobs' })).toBe('https://sqs.us-east-1.amazonaws.com/000000000000/Jobs');
    expect(resolve({ 'Fn::GetAtt': ['Jobs', 'Arn'] })).toBe('arn:aws:sqs:us-east-1:000000000000:Jobs');
  });

  it('refuses intrinsics it does not know rather than guessing', () => {
    expect(() => resolve({ 'Fn::Sub': 'x' })).toThrow(/Fn::Sub is not supported/);
    expect(() => resolve({ Ref: 'Nope' })).toThrow(/unknown resource Nope/);
  });
});

describe('loadLocalAssembly', () => {
  it("reads the records feed's queue, its redrive to dead letters and Lambda's event source on it", async () => {
    const assembly = await loadLocalAssembly();
    const [source, ...others] = assembly.queueSources;
    const queue = assembly.queues.find((q) => q.arn === source?.queueArn);
    const consumer = assembly.functions.find((f) => f.arn === source?.functionArn);

    expect(others).toEqual([]);
    expect(source).toMatchObject({ batchSize: 10, batchingWindowMs: 1000, reportBatchItemFailures: true });
    expect(consumer).toMatchObject({ entry: 'functions/handlers/queues/record-changes.ts', timeoutMs: 60_000 });
    expect(queue).toMatchObject({ visibilityTimeoutSeconds: 360, retentionSeconds: 4 * 86_400 });
    expect(assembly.queues.map((q) => q.arn)).toContain(queue?.redrive?.deadLetterArn);
    expect(queue?.redrive?.maxReceiveCount).toBe(5);
    expect(assembly.outputs.RecordChangesQueueUrl).toBe(
      `https://sqs.us-east-1.amazonaws.com/000000000000/${queue?.name}`,
    );
  }, 60_000);
});

describe('cachedTemplates', () => {
  it('synthesizes once per state of the sources, in a process of its own, and reads the same templates back', async () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'code97-synth-'));

    const first = await cachedTemplates(cache);
    const second = await cachedTemplates(cache);

    expect(
      Object.keys(createRequire(import.meta.url).cache).filter((m) => m.includes(`${path.sep}aws-cdk-lib${path.sep}`)),
    ).toEqual([]);
    expect(existsSync(path.join(cache, `${synthKey()}.json`))).toBe(true);
    expect(second).toEqual(first);
    expect(Object.values(first[1]?.Resources ?? {}).some((r) => r.Type === 'AWS::StepFunctions::StateMachine')).toBe(
      true,
    );
  }, 60_000);

  it('keys the cache by the sources, so the same sources give the same key', () => {
    expect(synthKey()).toMatch(/^[0-9a-f]{24}$/);
    expect(synthKey()).toBe(synthKey());
  });
});
