import { ENTRY_METADATA_KEY, NAME_METADATA_KEY } from '#lib/project';
import type { LogLevel } from '#lib/local/stepfunctions-local';
import { cachedTemplates } from '#lib/local/synth';
import type { QueueSpec } from '#lib/local/aws/sqs-queues';
import type { QueueEventSource } from '#lib/local/queue-poller';

export { cachedTemplates, synthesizeInChild, synthesizeTemplates, synthKey } from '#lib/local/synth';

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '000000000000';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Resource {
  Type: string;
  Properties?: Record<string, Json>;
  Metadata?: Record<string, Json>;
}
export interface Template {
  Resources: Record<string, Resource>;
  Outputs?: Record<string, { Value: Json; Export?: { Name: Json } }>;
}

export interface LocalFunction {
  logicalId: string;
  /** The function's construct ID (`SendReply`): what a fault plan names it by. */
  name: string;
  arn: string;
  /** Handler module, relative to the project root. */
  entry: string;
  environment: Record<string, string>;
  /** The memory the function is configured with, which its duration is billed at. */
  memoryMb: number;
  /** Its configured timeout (Lambda's default 3 s when the template says none): what its context's remaining time counts down from. */
  timeoutMs: number;
  /** Lambda writes its START, END and REPORT lines to the function's log group (system log level INFO or DEBUG). */
  platformLogs: boolean;
}

export interface LocalTable {
  logicalId: string;
  properties: Record<string, Json>;
}

/** What the local stack needs from `cdk synth`: the tables, the functions and the state machine. */
export interface LocalAssembly {
  tables: LocalTable[];
  functions: LocalFunction[];
  stateMachine: { arn: string; definition: Record<string, unknown>; logLevel: LogLevel; tracing: boolean };
  /** HTTP API routes ("POST /tickets") and the function each one integrates. */
  routes: Array<{ routeKey: string; functionArn: string; authorizationType: string }>;
  /** The stacks' outputs that resolve here (an API's endpoint does not), by output key. */
  outputs: Record<string, string>;
  /** The SQS queues, named by logical ID. */
  queues: QueueSpec[];
  /** Lambda's event sources on those queues. */
  queueSources: QueueEventSource[];
  /** Scheduled rules: the function each invokes and how often. */
  schedules: Array<{ functionArn: string; everyMs: number }>;
  /** The SES receipt rule: the function it invokes and the key prefix its S3 action writes under. */
  mailIngest: { functionArn: string; recipients: string[]; bucketName: string; objectKeyPrefix: string } | null;
  /**
   * The HTTP API's CORS configuration: the headers, methods and max age it allows. Its origins
   * (the console's CloudFront domain) are the local console's here.
   */
  cors: { allowHeaders: string[]; allowMethods: string[]; maxAge?: number } | null;
}

const RATE_UNIT_MS: Record<string, number> = {
  minute: 60_000,
  minutes: 60_000,
  hour: 3_600_000,
  hours: 3_600_000,
  day: 86_400_000,
  days: 86_400_000,
};

/** `rate(1 minute)` in milliseconds; other schedule expressions are not run locally. */
export function rateMs(expression: string): number | null {
  const m = /^rate\((\d+) (minutes?|hours?|days?)\)$/.exec(expression);
  return m ? Number(m[1]) * (RATE_UNIT_MS[m[2] ?? ''] ?? 0) : null;
}

/** What Ref gives for a resource here: its ARN for a function or a state machine, a queue's URL, else its logical ID. */
const physicalId = (logicalId: string, type: string): string => {
  switch (type) {
    case 'AWS::SQS::Queue':
      return `https://sqs.${LOCAL_REGION}.amazonaws.com/${LOCAL_ACCOUNT}/${logicalId}`;
    case 'AWS::Lambda::Function':
      return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${logicalId}`;
    case 'AWS::StepFunctions::StateMachine':
      return `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${logicalId}`;
    default:
      return logicalId;
  }
};

/** Whether a state machine's definition holds a Map state in DISTRIBUTED mode, at any depth. */
function hasDistributedMap(definition: unknown): boolean {
  if (definition === null || typeof definition !== 'object') return false;
  const node = definition as Record<string, unknown>;
  const processor = node.ItemProcessor as { ProcessorConfig?: { Mode?: string } } | undefined;
  if (node.Type === 'Map' && processor?.ProcessorConfig?.Mode === 'DISTRIBUTED') return true;
  return Object.values(node).some(hasDistributedMap);
}

/** What Fn::GetAtt … Arn gives. */
const arnOf = (logicalId: string, type: string): string =>
  type === 'AWS::SQS::Queue'
    ? `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${logicalId}`
    : physicalId(logicalId, type);

const PSEUDO: Record<string, string> = {
  'AWS::Region': LOCAL_REGION,
  'AWS::AccountId': LOCAL_ACCOUNT,
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
};

/**
 * Resolves the intrinsic functions CDK leaves in these templates (Ref, Fn::GetAtt ... Arn,
 * Fn::Join, Fn::ImportValue): a resource's local physical name is its logical ID.
 */
export function createResolver(templates: Template[]) {
  const resources = new Map<string, Resource>();
  const exports = new Map<string, Json>();
  for (const t of templates) {
    for (const [id, r] of Object.entries(t.Resources)) resources.set(id, r);
    for (const output of Object.values(t.Outputs ?? {})) {
      if (typeof output.Export?.Name === 'string') exports.set(output.Export.Name, output.Value);
    }
  }
  const typeOf = (id: string) => {
    const r = resources.get(id);
    if (!r) throw new Error(`template refers to unknown resource ${id}`);
    return r.Type;
  };

  const resolve = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== 'object') return value;
    const [key, arg] = Object.entries(value)[0] ?? [];
    if (key === 'Ref' && typeof arg === 'string') return PSEUDO[arg] ?? physicalId(arg, typeOf(arg));
    if (key === 'Fn::GetAtt' && Array.isArray(arg)) {
      const [id, attribute] = arg as [string, string];
      if (attribute !== 'Arn') throw new Error(`Fn::GetAtt ${id}.${attribute} is not supported locally`);
      return arnOf(id, typeOf(id));
    }
    if (key === 'Fn::Join' && Array.isArray(arg)) {
      const [separator, parts] = arg as [string, Json[]];
      return parts.map((p) => String(resolve(p))).join(separator);
    }
    if (key === 'Fn::ImportValue' && typeof arg === 'string') {
      const exported = exports.get(arg);
      if (exported === undefined) throw new Error(`no stack exports ${arg}`);
      return resolve(exported);
    }
    if (key?.startsWith('Fn::')) throw new Error(`${key} is not supported by the local resolver`);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
  };
  return { resources, resolve };
}

interface QueueProperties {
  VisibilityTimeout?: number;
  MessageRetentionPeriod?: number;
  RedrivePolicy?: { deadLetterTargetArn?: string; maxReceiveCount?: number };
}
interface MappingProperties {
  EventSourceArn?: string;
  FunctionName?: string;
  BatchSize?: number;
  MaximumBatchingWindowInSeconds?: number;
  FunctionResponseTypes?: string[];
  Enabled?: boolean;
}

/** A queue with SQS's defaults for what its template leaves out (30 s visible, 4 days kept). */
function queueSpecOf(logicalId: string, p: QueueProperties): QueueSpec {
  const redrive = p.RedrivePolicy;
  return {
    name: logicalId,
    arn: arnOf(logicalId, 'AWS::SQS::Queue'),
    visibilityTimeoutSeconds: p.VisibilityTimeout ?? 30,
    retentionSeconds: p.MessageRetentionPeriod ?? 345_600,
    redrive:
      redrive?.deadLetterTargetArn && redrive.maxReceiveCount
        ? { deadLetterArn: redrive.deadLetterTargetArn, maxReceiveCount: redrive.maxReceiveCount }
        : null,
  };
}

/** A mapping from an SQS queue (others are not run here), with Lambda's defaults: 10 a batch, no window. */
function queueSourceOf(p: MappingProperties): QueueEventSource | null {
  if (!p.EventSourceArn?.startsWith('arn:aws:sqs:') || !p.FunctionName || p.Enabled === false) return null;
  return {
    queueArn: p.EventSourceArn,
    functionArn: p.FunctionName,
    batchSize: p.BatchSize ?? 10,
    batchingWindowMs: (p.MaximumBatchingWindowInSeconds ?? 0) * 1000,
    reportBatchItemFailures: p.FunctionResponseTypes?.includes('ReportBatchItemFailures') ?? false,
  };
}

export async function loadLocalAssembly(given?: Template[]): Promise<LocalAssembly> {
  const templates = given ?? (await cachedTemplates());
  const { resources, resolve } = createResolver(templates);
  const tables: LocalTable[] = [];
  const functions: LocalFunction[] = [];
  let stateMachine: LocalAssembly['stateMachine'] | undefined;
  const routes: LocalAssembly['routes'] = [];
  const schedules: LocalAssembly['schedules'] = [];
  const queues: QueueSpec[] = [];
  const queueSources: QueueEventSource[] = [];
  let mailIngest: LocalAssembly['mailIngest'] = null;
  let cors: LocalAssembly['cors'] = null;

  for (const [logicalId, r] of resources) {
    if (r.Type === 'AWS::DynamoDB::GlobalTable' || r.Type === 'AWS::DynamoDB::Table') {
      tables.push({ logicalId, properties: resolve(r.Properties ?? {}) as Record<string, Json> });
    } else if (r.Type === 'AWS::Lambda::Function') {
      const entry = r.Metadata?.[ENTRY_METADATA_KEY];
      if (typeof entry !== 'string') continue;
      const env = resolve((r.Properties?.Environment as { Variables?: Json } | undefined)?.Variables ?? {});
      functions.push({
        logicalId,
        name: String(r.Metadata?.[NAME_METADATA_KEY] ?? logicalId),
        arn: physicalId(logicalId, r.Type),
        entry,
        environment: env as Record<string, string>,
        memoryMb: Number(r.Properties?.MemorySize ?? 128),
        timeoutMs: Number(r.Properties?.Timeout ?? 3) * 1000,
        // Text logs, or JSON at the default INFO or at DEBUG, carry START and REPORT.
        platformLogs: ['INFO', 'DEBUG'].includes(
          (r.Properties?.LoggingConfig as { SystemLogLevel?: string } | undefined)?.SystemLogLevel ?? 'INFO',
        ),
      });
    } else if (r.Type === 'AWS::StepFunctions::StateMachine') {
      const definition = JSON.parse(String(resolve(r.Properties?.DefinitionString ?? null)));
      // aws-local-stepfunctions runs no Distributed Map (no ItemReader over S3): the records
      // load's machine, which `npm run records -- load` stands in for locally.
      if (hasDistributedMap(definition)) continue;
      if (stateMachine) throw new Error('the local stack runs one state machine; the templates hold several');
      const logging = r.Properties?.LoggingConfiguration as { Level?: LogLevel } | undefined;
      const tracing = r.Properties?.TracingConfiguration as { Enabled?: boolean } | undefined;
      stateMachine = {
        arn: physicalId(logicalId, r.Type),
        definition,
        logLevel: logging?.Level ?? 'OFF',
        tracing: tracing?.Enabled === true,
      };
    } else if (r.Type === 'AWS::SQS::Queue') {
      queues.push(queueSpecOf(logicalId, resolve(r.Properties ?? {}) as QueueProperties));
    } else if (r.Type === 'AWS::Lambda::EventSourceMapping') {
      const source = queueSourceOf(resolve(r.Properties ?? {}) as MappingProperties);
      if (source) queueSources.push(source);
    } else if (r.Type === 'AWS::Events::Rule') {
      const everyMs = rateMs(String(r.Properties?.ScheduleExpression ?? ''));
      const targets = (resolve(r.Properties?.Targets ?? []) as Array<{ Arn?: string }>) ?? [];
      for (const target of targets) if (everyMs && target.Arn) schedules.push({ functionArn: target.Arn, everyMs });
    } else if (r.Type === 'AWS::Scheduler::Schedule') {
      const everyMs = rateMs(String(r.Properties?.ScheduleExpression ?? ''));
      const target = resolve(r.Properties?.Target ?? null) as { Arn?: string } | null;
      if (everyMs && target?.Arn) schedules.push({ functionArn: target.Arn, everyMs });
    } else if (r.Type === 'AWS::SES::ReceiptRule') {
      const rule = resolve(r.Properties?.Rule ?? {}) as {
        Recipients?: string[];
        Actions?: Array<{
          S3Action?: { BucketName?: string; ObjectKeyPrefix?: string };
          LambdaAction?: { FunctionArn?: string };
        }>;
      };
      const functionArn = rule.Actions?.find((a) => a.LambdaAction)?.LambdaAction?.FunctionArn;
      if (mailIngest) throw new Error('the local stack runs one receipt rule; the templates hold several');
      const store = rule.Actions?.find((a) => a.S3Action)?.S3Action;
      if (functionArn) {
        mailIngest = {
          functionArn,
          recipients: rule.Recipients ?? [],
          bucketName: store?.BucketName ?? '',
          objectKeyPrefix: store?.ObjectKeyPrefix ?? '',
        };
      }
    } else if (r.Type === 'AWS::ApiGatewayV2::Api' && r.Properties?.CorsConfiguration) {
      const {
        AllowHeaders = [],
        AllowMethods = [],
        MaxAge,
      } = r.Properties.CorsConfiguration as { AllowHeaders?: string[]; AllowMethods?: string[]; MaxAge?: number };
      cors = {
        allowHeaders: AllowHeaders,
        allowMethods: AllowMethods,
        ...(MaxAge === undefined ? {} : { maxAge: MaxAge }),
      };
    } else if (r.Type === 'AWS::ApiGatewayV2::Route') {
      const target = String(resolve(r.Properties?.Target ?? null)).replace(/^integrations\//, '');
      const integration = resources.get(target);
      if (!integration) throw new Error(`route ${logicalId} targets unknown integration ${target}`);
      routes.push({
        routeKey: String(r.Properties?.RouteKey),
        authorizationType: String(r.Properties?.AuthorizationType ?? 'NONE'),
        functionArn: String(resolve(integration.Properties?.IntegrationUri ?? null)),
      });
    }
  }
  if (!stateMachine) throw new Error('the templates hold no state machine');
  const outputs: Record<string, string> = {};
  for (const template of templates) {
    for (const [key, output] of Object.entries(template.Outputs ?? {})) {
      try {
        const value = resolve(output.Value);
        if (typeof value === 'string') outputs[key] = value;
      } catch {
        // An attribute only a deployment knows (an API's URL): the local stack prints its own.
      }
    }
  }
  return { tables, outputs, functions, stateMachine, routes, queues, queueSources, schedules, mailIngest, cors };
}
