import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { secretsClient } from '#adapters/aws/secrets-client';
import { requiredEnv, systemClock } from '#adapters/lambda/env';
import { ENV } from '#adapters/lambda/env-names';
import { jsonResponse } from '#adapters/lambda/http';
import { intakeAnswer, readSignedJson } from '#adapters/lambda/intake-answer';
import { httpHandler } from '#adapters/lambda/middleware';
import { cachedSecret } from '#adapters/lambda/secret';
import { acceptAdapters } from '#adapters/lambda/wiring';
import { verifyZendesk } from '#adapters/webhooks/signatures';
import { ticketFromZendesk, zendeskFieldFor } from '#domain/intake/zendesk';
import { MAX_TICKET_BYTES } from '#domain/triage/validate';
import { acceptTicket } from '#use-cases/accept-ticket';

const deps = acceptAdapters();
const signingSecret = cachedSecret(requiredEnv(ENV.zendeskWebhookSecretArn), secretsClient);

/** POST /webhooks/zendesk: a Zendesk trigger's delivery, signed the Zendesk way; answered as POST /tickets. */
export const handler = httpHandler<APIGatewayProxyEventV2>(async (event) => {
  const read = await readSignedJson(event, MAX_TICKET_BYTES, signingSecret, (secret, headers, body) =>
    verifyZendesk(secret, headers, body, systemClock.now()),
  );
  if (!read.ok) return read.response;
  const mapped = ticketFromZendesk(read.value);
  if (!mapped.ok) return jsonResponse(400, { error: mapped.error, field: mapped.field });
  return intakeAnswer(await acceptTicket(deps, mapped.ticket, { origin: { route: 'zendesk' } }), zendeskFieldFor);
});
