import type { ExecutionStats } from '#lib/local/stepfunctions-local';
import type { UsageSnapshot } from '#lib/local/usage';
import PRICES from './prices-us-east-1.json' with { type: 'json' };

export { PRICES };

/**
 * What Lambda writes to a function's log group per invocation besides our own lines, when its
 * system log level lets them through: the START, END and REPORT lines (REPORT with the X-Ray
 * IDs), about 390 bytes as they appear in CloudWatch.
 */
export const PLATFORM_LOG_BYTES_PER_INVOCATION = 390;

const GB = 1024 ** 3;

export interface CostLine {
  item: string;
  /** Per 1,000 triggered tickets. */
  usd: number;
  basis: string;
}

export interface CostModel {
  express: number;
  standard: number;
  lines: CostLine[];
  /** What one triggered ticket consumed on average, the basis of the lines. */
  perTicket: Record<string, number>;
}

/**
 * The cost per 1,000 triggered tickets of a replay, from what it counted: every request and
 * unit priced at the dated us-east-1 list prices. Tickets that did not trigger are carried by
 * those that did. Express and Standard differ only in the state machine's line.
 */
export interface CostOptions {
  /** The functions and runs are traced (X-Ray). */
  traced: boolean;
  /** The functions (logical IDs) whose log groups get Lambda's START, END and REPORT lines. */
  platformLogged: ReadonlySet<string>;
}

export function costModel(
  usage: UsageSnapshot,
  sfn: ExecutionStats,
  triggered: number,
  { traced, platformLogged }: CostOptions,
): CostModel {
  const per = (n: number) => (n / Math.max(1, triggered)) * 1000;
  const fns = Object.values(usage.lambda);
  const invocations = fns.reduce((n, f) => n + f.invocations, 0);
  const gbSeconds = fns.reduce((n, f) => n + (f.billedMs / 1000) * (f.memoryMb / 1024), 0);
  const expressGbSeconds = (sfn.billedMs / 1000) * (PRICES.stepFunctions.expressBilledMemoryMb / 1024);
  const platformLoggedInvocations = Object.entries(usage.lambda).reduce(
    (n, [logicalId, f]) => n + (platformLogged.has(logicalId) ? f.invocations : 0),
    0,
  );
  const logBytes =
    usage.functionLogBytes + platformLoggedInvocations * PLATFORM_LOG_BYTES_PER_INVOCATION + sfn.logBytes;
  const common: CostLine[] = [
    {
      item: 'SES',
      usd: per(usage.emails) * (PRICES.ses.per1000Emails / 1000),
      basis: `${(usage.emails / Math.max(1, triggered)).toFixed(2)} emails a ticket`,
    },
    {
      item: 'Lambda',
      usd:
        per(invocations) * (PRICES.lambda.perMillionRequests / 1e6) + per(gbSeconds) * PRICES.lambda.perGbSecondArm64,
      basis: `${(invocations / Math.max(1, triggered)).toFixed(1)} invocations, ${((gbSeconds / Math.max(1, triggered)) * 1000).toFixed(2)} GB-ms a ticket`,
    },
    {
      item: 'DynamoDB',
      usd:
        per(usage.dynamodb.readUnits) * (PRICES.dynamodb.perMillionReadUnits / 1e6) +
        per(usage.dynamodb.writeUnits) * (PRICES.dynamodb.perMillionWriteUnits / 1e6),
      basis: `${(usage.dynamodb.readUnits / Math.max(1, triggered)).toFixed(1)} read, ${(usage.dynamodb.writeUnits / Math.max(1, triggered)).toFixed(1)} write units a ticket`,
    },
    {
      item: 'CloudWatch Logs',
      usd: per(logBytes / GB) * PRICES.cloudWatchLogs.ingestPerGb,
      basis: `${(logBytes / Math.max(1, triggered) / 1024).toFixed(1)} KB a ticket (functions and the state machine)`,
    },
    {
      item: 'HTTP API',
      usd: per(usage.apiRequests) * (PRICES.apiGateway.httpApiPerMillionRequests / 1e6),
      basis: `${(usage.apiRequests / Math.max(1, triggered)).toFixed(2)} requests a ticket`,
    },
    {
      item: 'X-Ray',
      usd: traced ? per(usage.apiRequests) * (PRICES.xray.perMillionTracesRecorded / 1e6) : 0,
      basis: traced
        ? 'one trace a delivery, its run included (every one sampled, as under 1 ticket a second)'
        : `off (with tracing=true: $${(per(usage.apiRequests) * (PRICES.xray.perMillionTracesRecorded / 1e6)).toFixed(4)}, a trace a delivery)`,
    },
  ];
  const express: CostLine = {
    item: 'Step Functions (Express)',
    usd:
      per(sfn.started) * (PRICES.stepFunctions.expressPerMillionRequests / 1e6) +
      per(expressGbSeconds) * PRICES.stepFunctions.expressPerGbSecond,
    basis: `${(sfn.billedMs / Math.max(1, sfn.started)).toFixed(0)} ms billed a run at 64 MB`,
  };
  const standard: CostLine = {
    item: 'Step Functions (Standard)',
    usd: per(sfn.transitions) * (PRICES.stepFunctions.standardPer1000Transitions / 1000),
    basis: `${(sfn.transitions / Math.max(1, triggered)).toFixed(1)} transitions a ticket`,
  };
  const sum = (lines: CostLine[]) => lines.reduce((n, l) => n + l.usd, 0);
  return {
    express: sum([...common, express]),
    standard: sum([...common, standard]),
    lines: [...common, express, standard],
    perTicket: {
      emails: usage.emails / Math.max(1, triggered),
      lambdaInvocations: invocations / Math.max(1, triggered),
      readUnits: usage.dynamodb.readUnits / Math.max(1, triggered),
      writeUnits: usage.dynamodb.writeUnits / Math.max(1, triggered),
      logBytes: logBytes / Math.max(1, triggered),
      transitions: sfn.transitions / Math.max(1, triggered),
    },
  };
}
