import { App, Aws, Stack, type AppProps } from 'aws-cdk-lib';
import { ConsoleDeployment } from './console/ops-console.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';
import { DEFAULT_SLA_HOURS } from '#domain/queue';
import { DEFAULT_RECORDS_MAX_AGE_HOURS } from '#domain/records/freshness';
import { LogLevel } from 'aws-cdk-lib/aws-stepfunctions';
import { DEFAULT_OBSERVABILITY } from '#workflows/triage-workflow';

export const STACK_NAMES = { stateful: 'Code97Stateful', stateless: 'Code97Triage', console: 'Code97Console' } as const;
export const DEFAULT_SENDER = 'support@acquirer.example';

/** Builds the two stacks; shared by `cdk synth`, the template tests and the local stack. */
export function buildApp(props: AppProps = {}) {
  const app = new App(props);
  const senderAddress = String(app.node.tryGetContext('senderAddress') ?? DEFAULT_SENDER);
  // Replies come from the support address, so a merchant's answer goes back to the same inbox.
  const inboxAddress = String(app.node.tryGetContext('inboxAddress') ?? senderAddress);
  const slaHours = Number(app.node.tryGetContext('slaHours') ?? DEFAULT_SLA_HOURS);
  const recordsMaxAgeHours = Number(app.node.tryGetContext('recordsMaxAgeHours') ?? DEFAULT_RECORDS_MAX_AGE_HOURS);
  if (!(recordsMaxAgeHours > 0)) throw new Error('recordsMaxAgeHours must be a positive number of hours');
  // The acquirer's normal support desk: mail to the inbox that is not about code 97 is forwarded there.
  const forwardTo = app.node.tryGetContext('notTriggeredForwardTo') as string | undefined;
  if (forwardTo !== undefined && !/^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/.test(String(forwardTo)))
    throw new Error(`notTriggeredForwardTo must be an email address, not ${JSON.stringify(forwardTo)}`);
  // Cognito's managed login for ops staff; the prefix is unique per account unless one is given.
  const signInDomainPrefix = String(app.node.tryGetContext('opsSignInDomainPrefix') ?? `code97-ops-${Aws.ACCOUNT_ID}`);
  // Off by default, each a per-ticket cost: X-Ray traces every run, ALL logs every state of every
  // run, platformLogs keeps Lambda's START/END/REPORT lines of every invocation.
  const flag = (key: string) => app.node.tryGetContext(key) === true || app.node.tryGetContext(key) === 'true';
  const observability = {
    tracing: flag('tracing'),
    platformLogs: flag('platformLogs'),
    logLevel: String(app.node.tryGetContext('workflowLogLevel') ?? DEFAULT_OBSERVABILITY.logLevel) as LogLevel,
  };
  if (!Object.values(LogLevel).includes(observability.logLevel))
    throw new Error(`workflowLogLevel must be one of ${Object.values(LogLevel).join(', ')}`);
  const signInUrl = `https://${signInDomainPrefix}.auth.${Aws.REGION}.amazoncognito.com`;
  const stateful = new StatefulStack(app, STACK_NAMES.stateful, {
    consoleConnectTo: [`https://*.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`, signInUrl],
  });
  const stateless = new StatelessStack(app, STACK_NAMES.stateless, {
    tables: stateful.tables,
    mailBucket: stateful.mailBucket,
    exportsBucket: stateful.exportsBucket,
    senderAddress,
    inboxAddress,
    notTriggeredForwardTo: forwardTo,
    slaHours,
    recordsMaxAgeHours,
    rerunOnRecordChange: flag('rerunOnRecordChange'),
    consoleUrl: stateful.console.url,
    signInDomainPrefix,
    observability,
  });
  // The console's build and its config.json, deployed once the API and the sign-in exist.
  const opsConsole = new Stack(app, STACK_NAMES.console, {
    description: 'code-97 triage: the ops console build and its configuration',
  });
  new ConsoleDeployment(opsConsole, 'OpsConsole', {
    hosting: stateful.console,
    connectTo: [stateless.opsApiUrl, signInUrl],
    config: {
      apiUrl: stateless.opsApiUrl,
      auth: {
        kind: 'cognito',
        domain: signInUrl,
        clientId: stateless.opsConsoleClientId,
        redirectUri: `${stateful.console.url}/`,
      },
    },
  });
  return { app, stateful, stateless, opsConsole };
}
