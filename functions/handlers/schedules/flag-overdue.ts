import { dynamoEscalations } from '#adapters/dynamodb/escalations';
import { systemClock } from '#adapters/lambda/env';
import { logger } from '#adapters/lambda/logger';
import { stepHandler } from '#adapters/lambda/middleware';
import { alertsFromEnv } from '#adapters/sns/alerts';
import { DEFAULT_SLA_HOURS } from '#domain/queue';
import { HOUR_MS } from '#domain/time';
import { flagOverdue } from '#use-cases/flag-overdue';

const slaHours = Number(process.env.SLA_HOURS ?? DEFAULT_SLA_HOURS);
if (!(slaHours > 0)) throw new Error(`SLA_HOURS must be a positive number of hours, not ${process.env.SLA_HOURS}`);
const deps = {
  escalations: dynamoEscalations,
  alerts: alertsFromEnv(),
  clock: systemClock,
  slaMs: slaHours * HOUR_MS,
};

/** EventBridge Scheduler, every 15 minutes: alert ops to escalations nobody claimed within the SLA. */
export const handler = stepHandler<unknown, { alerted: number }>(async () => {
  const { alerted } = await flagOverdue(deps);
  if (alerted.length) logger.info('overdue', { alerted: alerted.length });
  return { alerted: alerted.length };
});
