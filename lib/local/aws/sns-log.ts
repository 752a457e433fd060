import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

export interface Alert {
  topicArn: string;
  subject: string;
  message: string;
}

/**
 * SNS's Publish (the query protocol the SDK speaks to SNS), for the ops alert topic: each alert
 * is handed to `onAlert` (the stack prints it) instead of reaching a subscriber.
 */
export function snsLog(onAlert: (alert: Alert) => void) {
  return (form: URLSearchParams, res: ServerResponse): void => {
    if (form.get('Action') !== 'Publish') {
      res.writeHead(400, { 'content-type': 'text/xml' });
      res.end('<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code></Error></ErrorResponse>');
      return;
    }
    onAlert({
      topicArn: form.get('TopicArn') ?? '',
      subject: form.get('Subject') ?? '',
      message: form.get('Message') ?? '',
    });
    const id = randomUUID();
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(
      `<PublishResponse><PublishResult><MessageId>${id}</MessageId></PublishResult>` +
        `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
    );
  };
}
