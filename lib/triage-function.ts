import path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  type CfnFunction,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ENTRY_METADATA_KEY, NAME_METADATA_KEY, PROJECT_ROOT } from './project.ts';

/**
 * The SDK's default credential chain imports these lazily, only after the environment gave no
 * credentials. On Lambda it always does (AWS_ACCESS_KEY_ID and the session token are set for the
 * role), so they never load; left out of the bundles, they take their weight and import time with
 * them (the bench weighs the bundles). A test checks that no bundle imports them at load.
 */
export const NEVER_LOADED_ON_LAMBDA = [
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@smithy/credential-provider-imds',
];

/**
 * How every function is bundled: one minified ES module with the SDK inside it, trimmed of what
 * Lambda never loads, and no source map (Node would parse one at every cold start; the logs name
 * each error and the step it stopped). Kept here so the bench weighs what CDK ships.
 */
export const FUNCTION_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node22',
  minify: true,
  sourceMap: false,
  externalModules: NEVER_LOADED_ON_LAMBDA,
  mainFields: ['module', 'main'],
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
} satisfies NodejsFunctionProps['bundling'];

export interface TriageFunctionProps extends Omit<NodejsFunctionProps, 'entry'> {
  /** Handler module under functions/, e.g. `handlers/steps/identify-terminal.ts`. */
  handlerFile: string;
}

/**
 * A NodejsFunction with the project's defaults: Node 22 on arm64, ESM bundle, no X-Ray unless asked, its own log
 * group kept a month, and a role that may write to that log group only (no managed policy). Logs
 * are JSON (our lines already are, and pass as written) with Lambda's own lines at WARN: its
 * START and REPORT records, about 390 bytes an invocation, are left out unless asked. A failed
 * run raises the workflow's alarm and an entry point's error its own (Lambda's Errors metric,
 * which counts timeouts and crashes whatever is logged).
 */
export class TriageFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: TriageFunctionProps) {
    const { handlerFile, environment, ...rest } = props;
    const entry = path.join(PROJECT_ROOT, 'functions', handlerFile);
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.ONE_MONTH });
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    super(scope, id, {
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(10),
      tracing: Tracing.DISABLED,
      loggingFormat: LoggingFormat.JSON,
      systemLogLevelV2: SystemLogLevel.WARN,
      logGroup,
      role,
      entry,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      environment,
      bundling: FUNCTION_BUNDLING,
      ...rest,
    });
    (this.node.defaultChild as CfnFunction).addMetadata(ENTRY_METADATA_KEY, `functions/${handlerFile}`);
    (this.node.defaultChild as CfnFunction).addMetadata(NAME_METADATA_KEY, id);
  }
}
