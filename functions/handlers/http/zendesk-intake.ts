import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { dynamoTickets } from '#adapters/dynamodb/tickets';
import { newId, systemClock, timingFromEnv } from '#adapters/lambda/env';
import { jsonResponse } from '#adapters/lambda/http';
import { intakeAnswer, readSignedJson } from '#adapters/lambda/intake-answer';
import { httpHandler } from '#adapters/lambda/middleware';
import { secretFromEnv } from '#adapters/lambda/secret';
import { sfnWorkflowStarter } from '#adapters/sfn/workflow-starter';
import { verifyZendesk } from '#adapters/webhooks/signatures';
import { ticketFromZendesk, zendeskFieldFor } from '#domain/intake/zendesk';
import { MAX_TICKET_BYTES } from '#domain/triage/validate';
import { acceptTicket } from '#use-cases/accept-ticket';

const deps = { tickets: dynamoTickets, workflow: sfnWorkflowStarter(), clock: systemClock, newId, timing: timingFromEnv() };
const signingSecret = secretFromEnv('ZENDESK_WEBHOOK_SECRET');

/** POST /webhooks/zendesk: a Zendesk trigger's delivery, signed the Zendesk way; answered as POST /tickets. */
export const handler = httpHandler<APIGatewayProxyEventV2>(async (event) => {
  const read = await readSignedJson(event, MAX_TICKET_BYTES, async (headers, body) =>
    verifyZendesk(await signingSecret(), headers, body, systemClock.now()),
  );
  if (!read.ok) return read.response;
  const mapped = ticketFromZendesk(read.value);
  if (!mapped.ok) return jsonResponse(400, { error: mapped.error, field: mapped.field });
  return intakeAnswer(await acceptTicket(deps, mapped.ticket), zendeskFieldFor);
});
