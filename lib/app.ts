import { App, type AppProps } from 'aws-cdk-lib';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';
import { DEFAULT_SLA_HOURS } from '#domain/queue';

export const STACK_NAMES = { stateful: 'Code97Stateful', stateless: 'Code97Triage' } as const;
export const DEFAULT_SENDER = 'support@acquirer.example';

/** Builds the two stacks; shared by `cdk synth`, the template tests and the local stack. */
export function buildApp(props: AppProps = {}) {
  const app = new App(props);
  const senderAddress = String(app.node.tryGetContext('senderAddress') ?? DEFAULT_SENDER);
  // Replies come from the support address, so a merchant's answer goes back to the same inbox.
  const inboxAddress = String(app.node.tryGetContext('inboxAddress') ?? senderAddress);
  const slaHours = Number(app.node.tryGetContext('slaHours') ?? DEFAULT_SLA_HOURS);
  const stateful = new StatefulStack(app, STACK_NAMES.stateful);
  const stateless = new StatelessStack(app, STACK_NAMES.stateless, {
    tables: stateful.tables,
    mailBucket: stateful.mailBucket,
    senderAddress,
    inboxAddress,
    slaHours,
  });
  return { app, stateful, stateless };
}
