import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TABLE_ENV } from '#adapters/dynamodb/schema';
import { LOAD_CONCURRENCY, ROWS_PER_BATCH, RecordsLoad } from '#lib/records-load';
import { environmentOf, inStack } from './harness.ts';

type State = Record<string, unknown> & { Type?: string };

describe('RecordsLoad', () => {
  const template = inStack(
    (stack, { settings, mailBucket }) => new RecordsLoad(stack, 'RecordsLoad', { settings, bucket: mailBucket }),
  );
  const [, machine] =
    Object.entries(template.findResources('AWS::StepFunctions::StateMachine')).find(([id]) =>
      id.startsWith('RecordsLoad'),
    ) ?? [];
  const join = machine?.Properties?.DefinitionString?.['Fn::Join']?.[1] as unknown[];
  const definition = JSON.parse(join.map((p) => (typeof p === 'string' ? p : 'REF')).join('')) as {
    States: Record<string, State>;
  };
  const maps = Object.entries(definition.States).filter(([, s]) => s.Type === 'Map');

  it('is a Standard machine that loads in two Distributed Map passes, or diffs in one', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineType: 'STANDARD' });
    expect(maps.map(([name]) => name)).toEqual(['LoadPass1', 'LoadPass2', 'Diff']);
    expect(definition.States.LoadPass1?.Next).toBe('LoadPass2');
    expect(definition.States.LoadPass2?.Next).toBe('ReportLoad');
    expect(definition.States.Diff?.Next).toBe('ReportDiff');
  });

  it('reads the export as JSON Lines, 500 rows a batch with each row its index, each pass told its number', () => {
    for (const [name, map] of maps) {
      expect(map.ItemReader).toMatchObject({ ReaderConfig: { InputType: 'JSONL' }, Parameters: { 'Key.$': '$.key' } });
      expect(map.ItemSelector).toEqual({ 'index.$': '$$.Map.Item.Index', 'row.$': '$$.Map.Item.Value' });
      expect(map.ItemBatcher).toMatchObject({ MaxItemsPerBatch: ROWS_PER_BATCH });
      expect(map.MaxConcurrency).toBe(LOAD_CONCURRENCY);
      expect(map.ItemProcessor).toMatchObject({ ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' } });
      expect(map.ResultWriter).toMatchObject({ Parameters: { Prefix: 'results/' } });
      expect((map.ItemBatcher as { BatchInput: Record<string, unknown> }).BatchInput).toMatchObject({
        'loadId.$': '$.loadId',
        mode: name === 'Diff' ? 'diff' : 'load',
        pass: name === 'LoadPass2' ? 1 : 0,
      });
    }
  });

  it('names the load after its execution and stamps it with the execution start', () => {
    expect(definition.States.LoadJob).toMatchObject({
      Parameters: { 'loadId.$': '$$.Execution.Name', 'receivedAt.$': '$$.Execution.StartTime', mode: 'load' },
    });
  });

  it('fails a run whose batches failed after the report is written, and alarms on it', () => {
    expect(definition.States.ReportLoadComplete).toMatchObject({
      Choices: [{ Variable: '$.report.failedBatches', NumericGreaterThan: 0, Next: 'ReportLoadBatchesFailed' }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ExecutionsFailed',
      AlarmDescription: Match.stringLikeRegexp('records load'),
    });
  });

  it('lets the batch function read and batch-write the records tables only, never Scan or a single write', () => {
    expect(Object.keys(environmentOf(template, 'RecordsLoadLoadExportBatch')).sort()).toEqual(
      [TABLE_ENV.merchants, TABLE_ENV.terminals, TABLE_ENV.models, TABLE_ENV.invoices, TABLE_ENV.recordVersions].sort(),
    );
    const policies = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([id]) =>
      id.startsWith('RecordsLoadLoadExportBatch'),
    );
    const actions = policies.flatMap(([, p]) =>
      (p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>).flatMap((s) => s.Action),
    );
    expect(new Set(actions.filter((a) => a.startsWith('dynamodb:')))).toEqual(
      new Set(['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem']),
    );
  });

  it('lets the report function read the results and write reports, nothing else of the bucket', () => {
    const [, policy] =
      Object.entries(template.findResources('AWS::IAM::Policy')).find(([id]) =>
        id.startsWith('RecordsLoadReportExport'),
      ) ?? [];
    const resources = JSON.stringify(policy?.Properties.PolicyDocument.Statement);
    expect(resources).toContain('/results/*');
    expect(resources).toContain('/reports/*');
    expect(resources).not.toMatch(/"\/\*"/);
  });
});
