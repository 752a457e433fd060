import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Alerts } from '#use-cases/ports';

/** The ops alert topic behind the Alerts port (SNS subjects are at most 100 characters). */
export function snsAlerts(topicArn: string, client: SNSClient): Alerts {
  return {
    async publish({ subject, message }) {
      await client.send(new PublishCommand({ TopicArn: topicArn, Subject: subject.slice(0, 100), Message: message }));
    },
  };
}
