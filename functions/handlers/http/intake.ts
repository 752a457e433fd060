import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { secretsClient } from '#adapters/aws/secrets-client';
import { dynamoDeliveryKeys } from '#adapters/dynamodb/deliveries';
import { db } from '#adapters/lambda/db';
import { requiredEnv } from '#adapters/lambda/env';
import { ENV } from '#adapters/lambda/env-names';
import { intakeAnswer, readSignedJson } from '#adapters/lambda/intake-answer';
import { httpHandler } from '#adapters/lambda/middleware';
import { cachedSecret } from '#adapters/lambda/secret';
import { acceptAdapters } from '#adapters/lambda/wiring';
import { verifyAnySender, webhookSenders, type WebhookSender } from '#adapters/webhooks/senders';
import { MAX_TICKET_BYTES } from '#domain/triage/validate';
import { acceptDelivery } from '#use-cases/accept-ticket';

const deps = { ...acceptAdapters(), deliveryKeys: dynamoDeliveryKeys(db) };
const signingSecret = cachedSecret(requiredEnv(ENV.triageWebhookSecretArn), secretsClient);
let senders: { value: string; senders: WebhookSender[] } | null = null;
/** The senders of the secret's current value, read again only when the value changes (a rotation). */
async function currentSenders(): Promise<WebhookSender[]> {
  const value = await signingSecret();
  if (senders?.value !== value) senders = { value, senders: webhookSenders(value) };
  return senders.senders;
}

/**
 * POST /tickets: the contract's ticket, signed per Standard Webhooks by one of the senders the
 * secret names; its webhook-id is a delivery key, and its ticketId must be in that sender's namespace.
 */
export const handler = httpHandler<APIGatewayProxyEventV2>(async (event) => {
  const read = await readSignedJson(event, MAX_TICKET_BYTES, currentSenders, verifyAnySender);
  if (!read.ok) return read.response;
  const origin = {
    route: 'webhook',
    prefix: read.signer,
    senders: (await currentSenders()).map((s) => s.prefix),
  } as const;
  return intakeAnswer(await acceptDelivery(deps, read.value, read.deliveryId, origin));
});
