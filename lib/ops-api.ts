import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { type HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { INDEX } from '#adapters/dynamodb/schema';
import { ENV } from '#adapters/lambda/env-names';
import { OPS_ROUTE_KEYS, routeParts } from '#adapters/lambda/ops-routes';
import { ADMIN_GROUP } from '#adapters/lambda/reviewer';
import {
  CONTENT,
  type FunctionSettings,
  keepLogicalId,
  mayEmail,
  mayManageReviewers,
  mayStart,
  triageFunction,
} from './function-access.ts';
import type { TriageFunction } from './triage-function.ts';

export interface OpsApiProps {
  settings: FunctionSettings;
  api: HttpApi;
  stateMachine: IStateMachine;
  /** The ops console's address: the sign-in's only callback. */
  consoleUrl: string;
  /** The prefix of the managed-login domain (`<prefix>.auth.<region>.amazoncognito.com`). */
  signInDomainPrefix: string;
  /** How long an escalation may wait unclaimed: the queue shows each item's countdown to it. */
  slaHours: number;
}

/**
 * The ops queue's API: reviewers sign in to a Cognito user pool (accounts made by an admin, no
 * self sign-up, MFA), the API's JWT authorizer verifies their token, and one function serves
 * every route of OPS_ROUTE_KEYS, taking the reviewer from the verified token.
 */
export class OpsApi extends Construct {
  readonly function: TriageFunction;
  readonly users: UserPool;
  readonly consoleClient: UserPoolClient;

  constructor(scope: Construct, id: string, props: OpsApiProps) {
    super(scope, id);
    const { settings, consoleUrl } = props;
    this.users = new UserPool(this, 'OpsUsers', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    keepLogicalId(this.users, 'OpsUsers71817D7A');
    const domain = this.users.addDomain('OpsSignIn', { cognitoDomain: { domainPrefix: props.signInDomainPrefix } });
    keepLogicalId(domain, 'OpsUsersOpsSignInA836B71C');
    // The console signs in through the managed login (authorization code with PKCE; a public client).
    this.consoleClient = this.users.addClient('OpsConsole', {
      authFlows: { userSrp: true },
      generateSecret: false,
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${consoleUrl}/`],
        logoutUrls: [`${consoleUrl}/`],
      },
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
    });
    keepLogicalId(this.consoleClient, 'OpsUsersOpsConsoleEFE85584');
    // Members are admins (settings, reviewers' accounts); the API reads the group from the token.
    new CfnUserPoolGroup(this, 'Admins', {
      userPoolId: this.users.userPoolId,
      groupName: ADMIN_GROUP,
      description: 'code-97 triage ops admins: settings and reviewers besides the queue',
    });

    this.function = triageFunction(this, 'OpsApi', settings, 'handlers/http/ops-api.ts', {
      escalations: {
        actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
        indexes: [INDEX.escalationsByStatus.name],
      },
      tickets: {
        actions: [
          'dynamodb:BatchGetItem',
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:Query',
          'dynamodb:UpdateItem',
        ],
        indexes: [
          INDEX.ticketsByTerminal.name,
          INDEX.ticketsByMerchant.name,
          INDEX.ticketsBySender.name,
          INDEX.ticketsByReference.name,
          INDEX.ticketsByDay.name,
        ],
      },
      content: { actions: ['dynamodb:BatchGetItem', ...CONTENT.actions] },
    });
    mayStart(mayEmail(this.function, settings.senderAddress), props.stateMachine);
    this.function.addEnvironment(ENV.slaHours, String(props.slaHours));
    mayManageReviewers(this.function, this.users);

    const authorizer = new HttpUserPoolAuthorizer('OpsAuthorizer', this.users, {
      userPoolClients: [this.consoleClient],
    });
    const integration = new HttpLambdaIntegration('OpsApiIntegration', this.function);
    for (const key of OPS_ROUTE_KEYS) {
      const { method, path } = routeParts(key);
      props.api.addRoutes({ path, methods: [HttpMethod[method]], authorizer, integration });
    }
  }
}
