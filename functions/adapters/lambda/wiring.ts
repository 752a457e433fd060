import { sfnClient } from '#adapters/aws/sfn-client';
import { dynamoTickets } from '#adapters/dynamodb/tickets';
import { db } from '#adapters/lambda/db';
import { newId, requiredEnv, systemClock, timingFromEnv } from '#adapters/lambda/env';
import { ENV } from '#adapters/lambda/env-names';
import { sfnWorkflowStarter } from '#adapters/sfn/workflow-starter';
import type { AcceptDeps } from '#use-cases/accept-ticket';

/** What the accept-ticket use case runs on in a Lambda: every entry point that takes tickets in builds it here. */
export const acceptAdapters = (): AcceptDeps => ({
  tickets: dynamoTickets(db),
  workflow: sfnWorkflowStarter(requiredEnv(ENV.stateMachineArn), sfnClient),
  clock: systemClock,
  newId,
  timing: timingFromEnv(),
});
