import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { Operation } from 'aws-cdk-lib/aws-dynamodb';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ALARM_PERIOD, alarmOnAny } from './alarms.ts';
import type { TriageTables } from './stateful-stack.ts';

/** The table operations the handlers make. */
const OPERATIONS = [
  Operation.GET_ITEM,
  Operation.BATCH_GET_ITEM,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.QUERY,
  Operation.BATCH_WRITE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
];

/**
 * On AWS, what the local stack's watch on DynamoDB Local says out loud: a dependency that
 * fails or holds back. The API's 5xx count (a 503 is a delivery refused until its dependency is
 * back, a 500 a handler's own failure), DynamoDB's system errors and throttled requests per
 * table, and Step Functions throttling the workflow's starts or its transitions. Each fires on the first occurrence.
 */
export class DependencyAlarms extends Construct {
  constructor(
    scope: Construct,
    id: string,
    props: { api: IHttpApi; tables: TriageTables; stateMachine: IStateMachine },
  ) {
    super(scope, id);
    alarmOnAny(
      this,
      'ApiServerErrorsAlarm',
      props.api.metricServerError(ALARM_PERIOD),
      'the API answered 5xx: 503 when DynamoDB, Secrets Manager or Step Functions failed (the sender delivers again), 500 when a handler failed; see the functions’ Errors alarms and logs',
    );
    for (const [key, table] of Object.entries(props.tables)) {
      const system = table.metricSystemErrorsForOperations({ ...ALARM_PERIOD, operations: OPERATIONS });
      alarmOnAny(this, `${key}SystemErrorsAlarm`, system, `DynamoDB answered the ${key} table with 500s`);
      const throttled = table.metricThrottledRequestsForOperations({ ...ALARM_PERIOD, operations: OPERATIONS });
      alarmOnAny(
        this,
        `${key}ThrottledAlarm`,
        throttled,
        `DynamoDB throttled requests to the ${key} table (a hot key, or the account's limits)`,
      );
    }
    alarmOnAny(
      this,
      'WorkflowStartsThrottledAlarm',
      new Metric({
        namespace: 'AWS/States',
        metricName: 'ThrottledEvents',
        dimensionsMap: { APIName: 'StartExecution' },
        ...ALARM_PERIOD,
      }),
      'Step Functions throttled StartExecution: accepted tickets wait for the reconciler to start their runs',
    );
    alarmOnAny(
      this,
      'WorkflowThrottledAlarm',
      props.stateMachine.metricThrottled(ALARM_PERIOD),
      'Step Functions throttled the workflow’s state transitions: runs are slowed',
    );
  }
}
