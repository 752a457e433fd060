import { type HttpApi, HttpMethod, HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ENV } from '#adapters/lambda/env-names';
import {
  CONTENT,
  type FunctionSettings,
  keepLogicalId,
  mayStart,
  signedWith,
  triageFunction,
} from './function-access.ts';
import type { TriageFunction } from './triage-function.ts';

const ACCEPT = { actions: ['dynamodb:PutItem', 'dynamodb:GetItem'] };

/**
 * The helpdesks' way in: POST /tickets (Standard Webhooks) and POST /webhooks/zendesk, each
 * with its own signing secret, verified in the function before anything is read (a helpdesk
 * cannot sign with SigV4, so the routes take no IAM authorizer).
 */
export class WebhookIntake extends Construct {
  readonly functions: TriageFunction[];
  readonly triageSecret: Secret;
  readonly zendeskSecret: Secret;

  constructor(
    scope: Construct,
    id: string,
    props: { settings: FunctionSettings; api: HttpApi; stateMachine: IStateMachine },
  ) {
    super(scope, id);
    const { settings, api, stateMachine } = props;
    this.triageSecret = new Secret(this, 'TriageWebhookSecret', {
      description: 'Standard Webhooks signing secret (whsec_…) the helpdesk signs POST /tickets with',
      generateSecretString: { passwordLength: 32, excludePunctuation: true },
    });
    keepLogicalId(this.triageSecret, 'TriageWebhookSecretDA45C3EF');
    this.zendeskSecret = new Secret(this, 'ZendeskWebhookSecret', {
      description: "Zendesk webhook signing secret (copy it from the webhook's page in Zendesk Admin Center)",
      generateSecretString: { passwordLength: 32, excludePunctuation: true },
    });
    keepLogicalId(this.zendeskSecret, 'ZendeskWebhookSecret0CDDB2F1');

    const route = (name: string, path: string, fn: TriageFunction) =>
      api.addRoutes({
        path,
        methods: [HttpMethod.POST],
        authorizer: new HttpNoneAuthorizer(),
        integration: new HttpLambdaIntegration(`${name}Integration`, fn),
      });
    const intake = triageFunction(this, 'Intake', settings, 'handlers/http/intake.ts', {
      tickets: ACCEPT,
      deliveries: ACCEPT,
      content: CONTENT,
    });
    signedWith(mayStart(intake, stateMachine), ENV.triageWebhookSecretArn, this.triageSecret);
    route('Intake', '/tickets', intake);
    const zendesk = triageFunction(this, 'ZendeskIntake', settings, 'handlers/http/zendesk-intake.ts', {
      tickets: ACCEPT,
      content: CONTENT,
    });
    signedWith(mayStart(zendesk, stateMachine), ENV.zendeskWebhookSecretArn, this.zendeskSecret);
    route('ZendeskIntake', '/webhooks/zendesk', zendesk);
    this.functions = [intake, zendesk];
  }
}
