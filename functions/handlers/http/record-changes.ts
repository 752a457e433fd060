import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { secretsClient } from '#adapters/aws/secrets-client';
import { requiredEnv } from '#adapters/lambda/env';
import { ENV } from '#adapters/lambda/env-names';
import { jsonResponse } from '#adapters/lambda/http';
import { readSignedJson } from '#adapters/lambda/intake-answer';
import { logger } from '#adapters/lambda/logger';
import { httpHandler } from '#adapters/lambda/middleware';
import { changeAdapters } from '#adapters/lambda/records-feed';
import { cachedSecret } from '#adapters/lambda/secret';
import { verifyStandardWebhook } from '#adapters/webhooks/signatures';
import { applyChanges } from '#use-cases/apply-changes';
import { anyFailed, changesIn } from '#use-cases/change-batches';

const deps = changeAdapters();
const signingSecret = cachedSecret(requiredEnv(ENV.recordsWebhookSecretArn), secretsClient);
/** A thousand changes of the records shape stay well inside this. */
const MAX_BYTES = 1_048_576;

/**
 * POST /records/changes: one change or an array of them, signed per Standard Webhooks by the
 * acquirer's systems, applied at once and answered per change in order. 503 when any could not
 * be written: delivering the whole request again is safe, as every change applies once.
 */
export const handler = httpHandler<APIGatewayProxyEventV2>(async (event) => {
  const read = await readSignedJson(event, MAX_BYTES, signingSecret, verifyStandardWebhook);
  if (!read.ok) return read.response;
  const batch = changesIn(read.value);
  if (!batch.ok) return jsonResponse(400, { error: batch.error, field: null });
  const { outcomes, counts } = await applyChanges(deps, batch.changes);
  logger.info('record changes', { route: 'http', ...counts });
  return jsonResponse(anyFailed(outcomes) ? 503 : 200, { outcomes, counts });
});
