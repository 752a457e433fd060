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
import { verifyStandardWebhook } from '#adapters/webhooks/signatures';
import { MAX_TICKET_BYTES } from '#domain/triage/validate';
import { acceptDelivery } from '#use-cases/accept-ticket';

const deps = { ...acceptAdapters(), deliveryKeys: dynamoDeliveryKeys(db) };
const signingSecret = cachedSecret(requiredEnv(ENV.triageWebhookSecretArn), secretsClient);

/** POST /tickets: the contract's ticket, signed per Standard Webhooks; its webhook-id is a delivery key. */
export const handler = httpHandler<APIGatewayProxyEventV2>(async (event) => {
  const read = await readSignedJson(event, MAX_TICKET_BYTES, async (headers, body) =>
    verifyStandardWebhook(await signingSecret(), headers, body),
  );
  if (!read.ok) return read.response;
  return intakeAnswer(await acceptDelivery(deps, read.value, read.deliveryId));
});
