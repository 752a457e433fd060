import { dynamoTickets } from '#adapters/dynamodb/tickets';
import { newId, systemClock, timingFromEnv } from '#adapters/lambda/env';
import { sfnWorkflowStarter } from '#adapters/sfn/workflow-starter';
import type { AcceptDeps } from '#use-cases/accept-ticket';

/** What the accept-ticket use case runs on in a Lambda: every entry point that takes tickets in builds it here. */
export const acceptAdapters = (): AcceptDeps => ({
  tickets: dynamoTickets,
  workflow: sfnWorkflowStarter(),
  clock: systemClock,
  newId,
  timing: timingFromEnv(),
});
