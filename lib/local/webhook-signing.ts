import { randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { webhookSenders } from '#adapters/webhooks/senders';
import { ZENDESK_HEADERS, zendeskSignature } from '#adapters/webhooks/signatures';

/** The secrets the local signed routes verify with (TRIAGE_, ZENDESK_ and RECORDS_WEBHOOK_SECRET). */
export interface WebhookSecrets {
  triage: string;
  zendesk: string;
  records: string;
}

export const newWebhookSecrets = (): WebhookSecrets => ({
  triage: `whsec_${randomBytes(24).toString('base64')}`,
  zendesk: randomBytes(32).toString('base64url'),
  records: `whsec_${randomBytes(24).toString('base64')}`,
});

/** The secret of the sender without a prefix, where the value names several (a JSON object of prefix to secret). */
export function defaultSenderSecret(value: string): string {
  const senders = webhookSenders(value);
  return (senders.find((s) => s.prefix === '') ?? senders[0])?.secret ?? value;
}

/** What a Standard Webhooks sender adds to a delivery of `body`. */
export function standardWebhookHeaders(
  secret: string,
  body: string,
  options: { id?: string; at?: Date } = {},
): Record<string, string> {
  const id = options.id ?? `msg_${randomUUID()}`;
  const at = options.at ?? new Date();
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  };
}

/** What Zendesk adds to a delivery of `body`. */
export function zendeskHeaders(secret: string, body: string, at = new Date()): Record<string, string> {
  const timestamp = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    'content-type': 'application/json',
    [ZENDESK_HEADERS.signature]: zendeskSignature(secret, timestamp, body),
    [ZENDESK_HEADERS.timestamp]: timestamp,
  };
}

/** The signing each signed route expects, by its route key. */
export const SIGNED_ROUTES: Record<string, (secrets: WebhookSecrets, body: string) => Record<string, string>> = {
  'POST /tickets': (secrets, body) => standardWebhookHeaders(defaultSenderSecret(secrets.triage), body),
  'POST /webhooks/zendesk': (secrets, body) => zendeskHeaders(secrets.zendesk, body),
  'POST /records/changes': (secrets, body) => standardWebhookHeaders(secrets.records, body),
};

const SIGNATURE_HEADERS = ['webhook-signature', 'svix-signature', ZENDESK_HEADERS.signature];

const signed = (headers: Record<string, string>) => SIGNATURE_HEADERS.some((h) => h in headers);

/**
 * `npm start --unsigned`: the local gateway signs a delivery that carries no signature at all,
 * as the helpdesk would have; one that carries a signature is passed on as it came.
 */
export function signUnsigned(
  secrets: WebhookSecrets,
  routeKey: string,
  headers: Record<string, string>,
  body: string,
): Record<string, string> {
  const sign = SIGNED_ROUTES[routeKey];
  if (!sign || signed(headers)) return headers;
  const { 'content-type': _type, ...signature } = sign(secrets, body);
  return { ...headers, ...signature };
}

/** What the local gateway adds to a 401 for a delivery that came with no signature at all. */
export const UNSIGNED_HINT =
  'this delivery carries no signature: sign it with lib/local/demo/send-signed.sh and the secret npm start printed, or restart with `npm start -- --unsigned` and the local gateway signs unsigned deliveries';

/**
 * A refused delivery that was never signed, answered with how to sign it locally: the
 * function's answer is the one AWS gives, and the hint is the local gateway's.
 */
export function hintUnsigned(
  routeKey: string,
  headers: Record<string, string>,
  result: { statusCode?: number; body?: string },
): { statusCode?: number; body?: string } {
  if (result.statusCode !== 401 || !SIGNED_ROUTES[routeKey] || signed(headers)) return result;
  try {
    const answer = JSON.parse(result.body ?? '{}') as Record<string, unknown>;
    return { ...result, body: JSON.stringify({ ...answer, hint: UNSIGNED_HINT }) };
  } catch {
    return result;
  }
}
