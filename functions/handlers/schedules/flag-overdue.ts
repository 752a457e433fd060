import { snsClient } from '#adapters/aws/sns-client';
import { dynamoEscalations } from '#adapters/dynamodb/escalations';
import { db } from '#adapters/lambda/db';
import { requiredEnv, slaMsFromEnv, systemClock } from '#adapters/lambda/env';
import { ENV } from '#adapters/lambda/env-names';
import { logger } from '#adapters/lambda/logger';
import { stepHandler } from '#adapters/lambda/middleware';
import { snsAlerts } from '#adapters/sns/alerts';
import { flagOverdue } from '#use-cases/flag-overdue';

const deps = {
  escalations: dynamoEscalations(db),
  alerts: snsAlerts(requiredEnv(ENV.alertTopicArn), snsClient),
  clock: systemClock,
  slaMs: slaMsFromEnv(),
};

/** EventBridge Scheduler, every 15 minutes: alert ops to escalations nobody claimed within the SLA. */
export const handler = stepHandler<unknown, { alerted: number }>(async () => {
  const { alerted } = await flagOverdue(deps);
  if (alerted.length) logger.info('overdue', { alerted: alerted.length });
  return { alerted: alerted.length };
});
