import { SendEmailCommand } from '@aws-sdk/client-ses';
import { requiredEnv } from '#commons/env';
import { sesClient } from '#commons/aws/ses';
import { claimEmail, settleEmail } from '#commons/tickets-store';
import { stepHandler } from '#commons/middleware';
import type { DecidedState } from '#commons/workflow-state';

const senderAddress = requiredEnv('SENDER_ADDRESS');
const tagValue = (value: string) => value.replace(/[^A-Za-z0-9_-]/g, '_');

/** Sends the ticket's one reply. A claim on the ticket item keeps a re-run from sending it twice. */
export const handler = stepHandler<DecidedState, { sent: boolean; messageId?: string }>(async ({ ticket, triage }) => {
  const email = triage.reply;
  if (!(await claimEmail(ticket.ticketId))) return { sent: false };
  try {
    const { MessageId } = await sesClient.send(new SendEmailCommand({
      Source: senderAddress,
      Destination: { ToAddresses: [email.to] },
      Message: {
        Subject: { Data: email.subject, Charset: 'UTF-8' },
        Body: { Text: { Data: email.text, Charset: 'UTF-8' } },
      },
      Tags: [
        { Name: 'ticket', Value: tagValue(ticket.ticketId) },
        { Name: 'kind', Value: email.kind },
        { Name: 'language', Value: email.language },
      ],
    }));
    const messageId = MessageId ?? '';
    await settleEmail(ticket.ticketId, { sent: true, email, messageId });
    return { sent: true, messageId };
  } catch (error) {
    await settleEmail(ticket.ticketId, { sent: false });
    throw error;
  }
});
