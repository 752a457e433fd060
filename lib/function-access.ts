import { type CfnElement, Stack } from 'aws-cdk-lib';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SystemLogLevel, Tracing } from 'aws-cdk-lib/aws-lambda';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { TABLE_ENV, type TableKey } from '#adapters/dynamodb/schema';
import { ENV } from '#adapters/lambda/env-names';
import type { WorkflowObservability } from '#workflows/triage-workflow';
import type { TriageTables } from './stateful-stack.ts';
import { TriageFunction, type TriageFunctionProps } from './triage-function.ts';

/** What a function may do to one table; permissions name each index it queries rather than index/*. */
export interface TableAccess {
  actions: string[];
  indexes?: string[];
}
export type Access = Partial<Record<TableKey, TableAccess>>;

export const READ = ['dynamodb:GetItem', 'dynamodb:Query'];
/** The write-once content of tickets and queue items: written before the item that points to it, read back by the ticket's partition. */
export const CONTENT: TableAccess = { actions: ['dynamodb:PutItem', 'dynamodb:Query'] };

/** The per-address count of automatic replies: read, then written on the version read. */
export const REPLY_LIMITS: TableAccess = { actions: ['dynamodb:GetItem', 'dynamodb:PutItem'] };

/** What every function of the stateless stack is built with. */
export interface FunctionSettings {
  tables: TriageTables;
  observability: WorkflowObservability;
  /** The verified SES identity every email is sent from. */
  senderAddress: string;
}

type Sizing = Pick<TriageFunctionProps, 'memorySize' | 'timeout' | 'deadLetterQueue'>;

/** A function told the names of the tables it may use, and allowed only what `access` lists on each. */
export function triageFunction(
  scope: Construct,
  id: string,
  settings: FunctionSettings,
  handlerFile: string,
  access: Access,
  sizing: Sizing = {},
): TriageFunction {
  const used = Object.keys(access) as TableKey[];
  const fn = new TriageFunction(scope, id, {
    ...sizing,
    tracing: settings.observability.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
    // Lambda's own lines at TriageFunction's WARN unless asked for.
    ...(settings.observability.platformLogs ? { systemLogLevelV2: SystemLogLevel.INFO } : {}),
    handlerFile,
    environment: Object.fromEntries(used.map((key) => [TABLE_ENV[key], settings.tables[key].tableName])),
  });
  for (const key of used) {
    const { actions, indexes = [] } = access[key] ?? { actions: [] };
    const { tableArn } = settings.tables[key];
    fn.addToRolePolicy(
      new PolicyStatement({ actions, resources: [tableArn, ...indexes.map((i) => `${tableArn}/index/${i}`)] }),
    );
  }
  return fn;
}

/** A function that sends email: from the sender address only, through its identity or its domain's. */
export function mayEmail(fn: TriageFunction, senderAddress: string): TriageFunction {
  const senderDomain = senderAddress.split('@').pop() ?? senderAddress;
  fn.addEnvironment(ENV.senderAddress, senderAddress);
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [senderAddress, senderDomain].map((identity) =>
        Stack.of(fn).formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
      ),
      conditions: { StringEquals: { 'ses:FromAddress': senderAddress } },
    }),
  );
  return fn;
}

/** An entry point that hands tickets to the accept-ticket use case, which starts their runs. */
export function mayStart(fn: TriageFunction, stateMachine: IStateMachine): TriageFunction {
  fn.addEnvironment(ENV.stateMachineArn, stateMachine.stateMachineArn);
  stateMachine.grantStartExecution(fn);
  return fn;
}

/**
 * The reviewers' directory: a function that reads the user pool's accounts (whom an item can be
 * assigned to) and manages them for admins (new accounts, disabled ones, the admins' group).
 */
export function mayManageReviewers(fn: TriageFunction, users: IUserPool): TriageFunction {
  fn.addEnvironment(ENV.opsUserPoolId, users.userPoolId);
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: [
        'cognito-idp:ListUsers',
        'cognito-idp:ListUsersInGroup',
        'cognito-idp:AdminGetUser',
        'cognito-idp:AdminListGroupsForUser',
        'cognito-idp:AdminCreateUser',
        'cognito-idp:AdminEnableUser',
        'cognito-idp:AdminDisableUser',
        'cognito-idp:AdminAddUserToGroup',
        'cognito-idp:AdminRemoveUserFromGroup',
      ],
      resources: [users.userPoolArn],
    }),
  );
  return fn;
}

/** The signing secret a sender shares with us, named to the function by `envName`; read once per 5 minutes. */
export function signedWith(fn: TriageFunction, envName: string, secret: ISecret): TriageFunction {
  fn.addEnvironment(envName, secret.secretArn);
  fn.addToRolePolicy(
    new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }),
  );
  return fn;
}

/**
 * Keeps the logical ID a resource had before the stack was composed of constructs, so an update
 * changes it in place: these hold what a replacement would lose (a shared secret, reviewers'
 * accounts, an active receipt rule set, undelivered mail).
 */
export function keepLogicalId(resource: Construct, logicalId: string): void {
  (resource.node.defaultChild as CfnElement).overrideLogicalId(logicalId);
}
