import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

/** How often an alarm looks: a sum over five minutes. */
export const ALARM_PERIOD = { period: Duration.minutes(5), statistic: 'Sum' } as const;

/**
 * The one kind of alarm the product raises: something that should never happen happened once.
 * It fires on the first occurrence and is quiet (not missing) while nothing happens.
 */
export function alarmOnAny(scope: Construct, id: string, metric: IMetric, description: string): Alarm {
  return new Alarm(scope, id, {
    metric,
    alarmDescription: description,
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
}

/**
 * An entry point outside the workflow (whose failed runs have their own alarm): an error Lambda
 * counts is a timeout, a crash or an unhandled exception, logged or not.
 */
export const alarmOnErrors = (scope: Construct, fn: IFunction & { node: { id: string } }): Alarm =>
  alarmOnAny(
    scope,
    `${fn.node.id}ErrorsAlarm`,
    fn.metricErrors(ALARM_PERIOD),
    `${fn.node.id} failed (timed out, crashed or threw): see its log group`,
  );
