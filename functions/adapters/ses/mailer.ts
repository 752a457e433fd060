import { domainToASCII } from 'node:url';
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { refusedByService, surelyNotCarriedOut } from '#adapters/aws/request-handler';
import { DeliveryError, type Mailer } from '#use-cases/ports';

const tagValue = (value: string) => value.replace(/[^A-Za-z0-9_-]/g, '_');

/** RFC 3834 §5: what every automatic email says of itself, so other systems do not answer it. */
const AUTOMATIC = [{ Name: 'Auto-Submitted', Value: 'auto-replied' }];

/**
 * An address as SES takes it: the domain in punycode (RFC 5890); SES has no SMTPUTF8, so a
 * local part that is not ASCII cannot be sent to at all, and that is a refusal, not a fault.
 */
export function sesAddress(address: string): string {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  if (at < 1 || [...local].some((c) => c.charCodeAt(0) > 0x7e)) {
    throw new DeliveryError(
      'REJECTED',
      `SES cannot send to ${address}: its local part is not ASCII (RFC 6531 mail), which SES does not support`,
    );
  }
  const written = address.slice(at + 1);
  const domain = [...written].some((c) => c.charCodeAt(0) > 0x7e) ? domainToASCII(written) : written;
  if (!domain) throw new DeliveryError('REJECTED', `SES cannot send to ${address}: its domain is not a valid name`);
  return `${local}@${domain}`;
}

/** A failed SES call as a DeliveryError, with how sure we are that nothing was sent. */
export function deliveryErrorOf(error: unknown): DeliveryError {
  const e = error as Error;
  const certainty = surelyNotCarriedOut(error) ? 'NOT_SENT' : refusedByService(error) ? 'REJECTED' : 'UNKNOWN';
  return new DeliveryError(certainty, `${e.name}: ${e.message}`);
}

/** SES behind the Mailer port; errors come back as DeliveryError with how sure we are. */
export function sesMailer(senderAddress: string, client: SESv2Client): Mailer {
  return {
    async send(email, { ticketId }) {
      const to = sesAddress(email.to);
      try {
        const { MessageId } = await client.send(
          new SendEmailCommand({
            FromEmailAddress: senderAddress,
            Destination: { ToAddresses: [to] },
            Content: {
              Simple: {
                Subject: { Data: email.subject, Charset: 'UTF-8' },
                Body: {
                  Text: { Data: email.text, Charset: 'UTF-8' },
                  ...(email.html ? { Html: { Data: email.html, Charset: 'UTF-8' } } : {}),
                },
                ...(email.kind === 'FROM_OPS' ? {} : { Headers: AUTOMATIC }),
              },
            },
            EmailTags: [
              { Name: 'ticket', Value: tagValue(ticketId) },
              { Name: 'kind', Value: email.kind },
              { Name: 'language', Value: email.language },
            ],
          }),
        );
        return { messageId: MessageId ?? '' };
      } catch (error) {
        throw deliveryErrorOf(error);
      }
    },
  };
}
