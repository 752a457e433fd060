import { type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import {
  Choice,
  Condition,
  DefinitionBody,
  DistributedMap,
  Fail,
  ItemBatcher,
  JsonPath,
  LogLevel,
  Pass,
  OutputType,
  ResultWriterV2,
  Transformation,
  WriterConfig,
  S3JsonLItemReader,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { STEPFUNCTIONS_USE_DISTRIBUTED_MAP_RESULT_WRITER_V2 } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { LOAD_PASSES } from '#domain/records/load';
import { REPORTS_PREFIX, RESULTS_PREFIX } from '#adapters/s3/export-keys';
import { type Access, type FunctionSettings, triageFunction } from './function-access.ts';
import type { TriageFunction } from './triage-function.ts';

/** Rows one child execution loads: 500 rows are 1,000 items written in 40 BatchWriteItem requests. */
export const ROWS_PER_BATCH = 500;
/**
 * Batches loaded at once. 40 functions write about 40,000 items a second, the most a table's
 * default on-demand throughput takes once it has grown; a new table starts at 4,000 and throttles,
 * which the batch writes back off from.
 */
export const LOAD_CONCURRENCY = 40;
/** Retries of a failed batch: with its 60 s timeout, four attempts and their waits fit the 5 minutes an Express child may run. */
export const BATCH_RETRIES = 3;

const READ_WRITE = { actions: ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem'] };
const LOAD_ACCESS: Access = {
  merchants: READ_WRITE,
  terminals: READ_WRITE,
  models: READ_WRITE,
  invoices: READ_WRITE,
  recordVersions: READ_WRITE,
};

/** The names the exports bucket crosses stacks under, so the wildcards on its objects can be acknowledged by name. */
const exportNames = (bucket: IBucket) => {
  const home = Stack.of(bucket).stackName;
  return { arnExport: `${home}:RecordExportsArn`, nameExport: `${home}:RecordExportsName` };
};

/** The bucket as this stack sees it: through named exports of its home stack. */
function byNamedExports(scope: Construct, bucket: IBucket): IBucket {
  const home = Stack.of(bucket);
  const { arnExport, nameExport } = exportNames(bucket);
  return Bucket.fromBucketAttributes(scope, 'Exports', {
    bucketArn: home.exportValue(bucket.bucketArn, { name: arnExport }),
    bucketName: home.exportValue(bucket.bucketName, { name: nameExport }),
  });
}

/**
 * The cloud load of a full export, and its diff: a Standard state machine whose Distributed
 * Maps read the JSON Lines object from the exports bucket, 500 rows to a child execution, each
 * a Lambda applying the load's rules (the same use case `records load` runs). A load is two
 * Maps, one per pass (merchants and models, then terminals and invoices); a diff, one. A last
 * step gathers the batches' reports into `reports/<loadId>.json`, its counts the run's output;
 * the run fails when any batch failed after its retries, naming how many. Progress is the Map
 * Run's (the console's Map Run page, `aws stepfunctions describe-map-run`).
 */
export class RecordsLoad extends Construct {
  readonly stateMachine: StateMachine;
  readonly batch: TriageFunction;
  readonly report: TriageFunction;

  constructor(scope: Construct, id: string, props: { settings: FunctionSettings; bucket: IBucket }) {
    super(scope, id);
    // The Maps' ResultWriter as its current (V2) form renders it, whatever the app's flags.
    this.node.setContext(STEPFUNCTIONS_USE_DISTRIBUTED_MAP_RESULT_WRITER_V2, true);
    const { settings } = props;
    const bucket = byNamedExports(this, props.bucket);
    // A batch takes about half a second; its attempts must fit an Express child's 5 minutes.
    this.batch = triageFunction(this, 'LoadExportBatch', settings, 'handlers/steps/load-export-batch.ts', LOAD_ACCESS, {
      memorySize: 1024,
      timeout: Duration.seconds(60),
    });
    this.report = triageFunction(
      this,
      'ReportExport',
      settings,
      'handlers/steps/report-export.ts',
      {},
      {
        memorySize: 1024,
        timeout: Duration.minutes(5),
      },
    );
    this.report.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects(`${RESULTS_PREFIX}*`)] }),
    );
    this.report.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects(`${REPORTS_PREFIX}*`)] }),
    );

    const job = (mode: 'load' | 'diff') =>
      new Pass(this, mode === 'load' ? 'LoadJob' : 'DiffJob', {
        parameters: {
          'loadId.$': '$$.Execution.Name',
          'receivedAt.$': '$$.Execution.StartTime',
          'key.$': '$.key',
          mode,
        },
      });
    const passOver = (name: string, pass: number, mode: 'load' | 'diff') => {
      const map = new DistributedMap(this, name, {
        itemReader: new S3JsonLItemReader({ bucket, key: JsonPath.stringAt('$.key') }),
        itemSelector: { 'index.$': '$$.Map.Item.Index', 'row.$': '$$.Map.Item.Value' },
        itemBatcher: new ItemBatcher({
          maxItemsPerBatch: ROWS_PER_BATCH,
          // A child execution's input is at most 256 KiB: rows larger than usual make smaller batches.
          maxInputBytesPerBatch: 240 * 1024,
          batchInput: { 'loadId.$': '$.loadId', 'receivedAt.$': '$.receivedAt', pass, mode },
        }),
        maxConcurrency: LOAD_CONCURRENCY,
        mapExecutionType: StateMachineType.EXPRESS,
        // Failed batches are counted in the report, and fail the run after it is written.
        toleratedFailurePercentage: 100,
        // Each child's output alone, a line each: the rows it was given stay out of the results.
        resultWriterV2: new ResultWriterV2({
          bucket,
          prefix: RESULTS_PREFIX,
          writerConfig: new WriterConfig({ transformation: Transformation.COMPACT, outputType: OutputType.JSONL }),
        }),
        resultPath: `$.passes.${name}`,
      });
      const invoke = new LambdaInvoke(this, `${name}Batch`, {
        lambdaFunction: this.batch,
        payloadResponseOnly: true,
      });
      invoke.addRetry({
        errors: ['States.TaskFailed', 'States.Timeout'],
        interval: Duration.seconds(2),
        backoffRate: 2,
        maxAttempts: BATCH_RETRIES,
      });
      return map.itemProcessor(invoke);
    };
    const report = (name: string, mode: 'load' | 'diff', passes: string[]) =>
      new LambdaInvoke(this, name, {
        lambdaFunction: this.report,
        payloadResponseOnly: true,
        payload: TaskInput.fromObject({
          loadId: JsonPath.stringAt('$.loadId'),
          mode,
          bucket: bucket.bucketName,
          passes: JsonPath.array(...passes.map((p) => JsonPath.stringAt(`$.passes.${p}.ResultWriterDetails`))),
        }),
        resultPath: '$.report',
      }).next(
        new Choice(this, `${name}Complete`)
          .when(
            Condition.numberGreaterThan('$.report.failedBatches', 0),
            new Fail(this, `${name}BatchesFailed`, {
              error: 'BatchesFailed',
              causePath: JsonPath.format(
                '{} batches failed after their retries; see {}',
                JsonPath.stringAt('$.report.failedBatches'),
                JsonPath.stringAt('$.report.report'),
              ),
            }),
          )
          .otherwise(new Succeed(this, `${name}Done`, { outputPath: '$.report' })),
      );

    const names = LOAD_PASSES.map((_, pass) => `LoadPass${pass + 1}`);
    const maps = names.map((name, pass) => passOver(name, pass, 'load'));
    maps.forEach((map, i) => map.next(maps[i + 1] ?? report('ReportLoad', 'load', names)));
    const load = job('load').next(maps[0] as DistributedMap);
    const diff = job('diff')
      .next(passOver('Diff', 0, 'diff'))
      .next(report('ReportDiff', 'diff', ['Diff']));

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(
        new Choice(this, 'Mode')
          .when(Condition.or(Condition.isNotPresent('$.mode'), Condition.stringEquals('$.mode', 'load')), load)
          .when(Condition.stringEquals('$.mode', 'diff'), diff)
          .otherwise(
            new Fail(this, 'UnknownMode', { error: 'UnknownMode', cause: 'mode is load (the default) or diff' }),
          ),
      ),
      timeout: Duration.hours(24),
      tracingEnabled: settings.observability.tracing,
      logs: {
        destination: new LogGroup(this, 'ExecutionLogs', { retention: RetentionDays.ONE_MONTH }),
        level: LogLevel.ALL,
        // State names and timings only: the records stay out of the logs.
        includeExecutionData: false,
      },
    });
    const { arnExport, nameExport } = exportNames(props.bucket);
    const logicalId = (c: Construct) => Stack.of(this).getLogicalId(c.node.defaultChild as CfnElement);
    const executions = `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${logicalId(this.stateMachine)}"}]}]}`;
    const wildcards: Record<string, string> = {
      [`${arnExport}/${RESULTS_PREFIX}*`]: "The report function reads the Map Runs' result files, named by each run.",
      [`${arnExport}/${REPORTS_PREFIX}*`]: 'The report function writes each report under reports/, named by its load.',
      [`arn:<AWS::Partition>:s3:::${nameExport}/*`]:
        'A Distributed Map reads the export by the key its run is started with, and writes its results under a prefix.',
      [`${executions}:*`]: 'A Distributed Map starts and watches its own child executions, named when the run starts.',
      [`${executions}/*:*`]:
        'A Distributed Map starts and watches its own child executions, named when the run starts.',
      [`<${logicalId(this.batch)}.Arn>:*`]:
        'lambda:InvokeFunction on the function and its versions, as the Lambda task integration requires.',
      [`<${logicalId(this.report)}.Arn>:*`]:
        'lambda:InvokeFunction on the function and its versions, as the Lambda task integration requires.',
    };
    for (const [resource, reason] of Object.entries(wildcards))
      Validations.of(this).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason });
    if (!settings.observability.tracing)
      Validations.of(this.stateMachine).acknowledge({
        id: 'AwsSolutions-SF2',
        reason:
          'A load is traced with the rest of the stack: set the context tracing=true to trace its functions and runs.',
      });

    new Alarm(this, 'LoadFailedAlarm', {
      metric: this.stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription:
        'A records load or diff failed: its report (reports/<loadId>.json) names the batches that failed',
    });
  }
}
