import { SendEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import { refusedByService, surelyNotCarriedOut } from '#adapters/aws/request-handler';
import { DeliveryError, type Mailer } from '#use-cases/ports';

const tagValue = (value: string) => value.replace(/[^A-Za-z0-9_-]/g, '_');

/** SES behind the Mailer port; errors come back as DeliveryError with how sure we are. */
export function sesMailer(senderAddress: string, client: SESClient): Mailer {
  return {
    async send(email, { ticketId }) {
      try {
        const { MessageId } = await client.send(
          new SendEmailCommand({
            Source: senderAddress,
            Destination: { ToAddresses: [email.to] },
            Message: {
              Subject: { Data: email.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: email.text, Charset: 'UTF-8' } },
            },
            Tags: [
              { Name: 'ticket', Value: tagValue(ticketId) },
              { Name: 'kind', Value: email.kind },
              { Name: 'language', Value: email.language },
            ],
          }),
        );
        return { messageId: MessageId ?? '' };
      } catch (error) {
        const e = error as Error;
        const certainty = surelyNotCarriedOut(error) ? 'NOT_SENT' : refusedByService(error) ? 'REJECTED' : 'UNKNOWN';
        throw new DeliveryError(certainty, `${e.name}: ${e.message}`);
      }
    },
  };
}
