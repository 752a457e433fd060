import { Duration } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpApi, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { keepLogicalId } from './function-access.ts';

/**
 * The one HTTP API: helpdesk deliveries and the ops routes, throttled, access-logged, and
 * callable from the ops console's origin only (bearer tokens, no cookies). Routes default to
 * IAM; each construct that adds routes says how its own are authorized.
 */
export class TriageApi extends Construct {
  readonly api: HttpApi;

  constructor(scope: Construct, id: string, props: { consoleUrl: string }) {
    super(scope, id);
    this.api = new HttpApi(this, 'IntakeApi', {
      description: 'Helpdesk tickets in (POST /tickets) and the ops escalation queue (GET /escalations)',
      defaultAuthorizer: new HttpIamAuthorizer(),
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [props.consoleUrl],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST],
        maxAge: Duration.hours(1),
      },
    });
    keepLogicalId(this.api, 'IntakeApi3D29F7E4');
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.ONE_MONTH });
    keepLogicalId(accessLogs, 'ApiAccessLogsE9DF007D');
    this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    });
  }
}
