import { dynamoTickets } from '#adapters/dynamodb/tickets';
import { newId, systemClock, timingFromEnv } from '#adapters/lambda/env';
import { logger } from '#adapters/lambda/logger';
import { stepHandler } from '#adapters/lambda/middleware';
import { sesMailer } from '#adapters/ses/mailer';
import { sfnWorkflowStarter } from '#adapters/sfn/workflow-starter';
import { reconcile, type ReconcileReport } from '#use-cases/reconcile';

const deps = {
  tickets: dynamoTickets,
  mailer: sesMailer(),
  workflow: sfnWorkflowStarter(),
  clock: systemClock,
  newId,
  timing: timingFromEnv(),
};

/** Every minute (EventBridge on AWS, a timer locally): drives on or escalates tickets past their deadline. */
export const handler = stepHandler<unknown, ReconcileReport>(async () => {
  const report = await reconcile(deps);
  if (report.examined > 0) logger.info('reconciled overdue tickets', { ...report });
  return report;
});
