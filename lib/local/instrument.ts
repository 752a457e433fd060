import { documentClient } from '#adapters/aws/dynamodb-client';
import { sesClient } from '#adapters/aws/ses-client';
import { sfnClient } from '#adapters/aws/sfn-client';
import { FaultInjector, type FaultPlan, injectIntoClient } from './faults.ts';
import { tapFunctionLogs } from './function-logs.ts';
import type { LambdaRuntime } from './lambda-runtime.ts';
import { meterDynamoDb, meterSes, type UsageMeter } from './usage.ts';

/**
 * Counts what the handlers consume (the bench): the SDK clients they are built on (one per
 * container, as on Lambda; here the process is the container) report DynamoDB capacity and
 * emails, the runtime reports invocations, and their log lines are counted as CloudWatch would
 * ingest them. Returns the undo.
 */
export function meterHandlers(runtime: LambdaRuntime, usage: UsageMeter, printLogs: boolean): () => void {
  runtime.observer = (logicalId, memoryMb, ms) => usage.countInvocation(logicalId, memoryMb, ms);
  const undo = [
    meterDynamoDb(documentClient, usage),
    meterSes(sesClient, usage),
    tapFunctionLogs((line) => (usage.functionLogBytes += Buffer.byteLength(line)), { print: printLogs }),
  ];
  return () => {
    runtime.observer = null;
    for (const u of undo) u();
  };
}

/** Injects the plan's faults into the handlers' AWS calls and into the Lambda invocations. */
export function injectFaults(runtime: LambdaRuntime, plan: FaultPlan): { injector: FaultInjector; undo: () => void } {
  const injector = new FaultInjector(plan);
  runtime.faults = injector;
  const undo = [
    injectIntoClient(documentClient, 'dynamodb', injector),
    injectIntoClient(sesClient, 'ses', injector),
    injectIntoClient(sfnClient, 'sfn', injector),
  ];
  return {
    injector,
    undo: () => {
      runtime.faults = null;
      for (const u of undo) u();
    },
  };
}
