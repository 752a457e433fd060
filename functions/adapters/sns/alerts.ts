import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { snsClient } from '#adapters/aws/sns-client';
import { requiredEnv } from '#adapters/lambda/env';
import { logger } from '#adapters/lambda/logger';
import type { Alerts } from '#use-cases/ports';

/** The ops alert topic behind the Alerts port (SNS subjects are at most 100 characters). */
export function snsAlerts(topicArn = requiredEnv('ALERT_TOPIC_ARN'), client: SNSClient = snsClient): Alerts {
  return {
    async publish({ subject, message }) {
      await client.send(new PublishCommand({ TopicArn: topicArn, Subject: subject.slice(0, 100), Message: message }));
    },
  };
}

/** The local stack has no SNS: an alert is a warning line in the stack's log. */
export const loggedAlerts: Alerts = {
  async publish({ subject, message }) {
    logger.warn('alert', { subject, message });
  },
};

/** LOCAL_ALERTS=log (set by the local stack) wins over the topic the template names. */
export const alertsFromEnv = (): Alerts => (process.env.LOCAL_ALERTS === 'log' ? loggedAlerts : snsAlerts());
