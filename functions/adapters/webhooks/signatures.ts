import { createHmac, timingSafeEqual } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/** How far a signature's timestamp may be from now, either way. */
export const SIGNATURE_TOLERANCE_S = 300;

export type Verification =
  /** `signer`: the prefix of the webhook sender whose secret verified it, where there are several. */
  { ok: true; deliveryId: string | null; signer?: string } | { ok: false; error: string };
export type Headers = Record<string, string | undefined>;

const STANDARD = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;
/** Svix, the most used Standard Webhooks sender, names the same three headers its own way. */
const SVIX_ALIAS: Record<(typeof STANDARD)[number], string> = {
  'webhook-id': 'svix-id',
  'webhook-timestamp': 'svix-timestamp',
  'webhook-signature': 'svix-signature',
};

/**
 * A Standard Webhooks delivery (webhook-id, webhook-timestamp, `v1,<base64>` signatures, or
 * Svix's svix-id, svix-timestamp, svix-signature), checked by the `standardwebhooks` package:
 * its timestamp window is the same 300 s.
 */
export function verifyStandardWebhook(secret: string, headers: Headers, body: string): Verification {
  const given = Object.fromEntries(STANDARD.map((name) => [name, headers[name] ?? headers[SVIX_ALIAS[name]] ?? '']));
  try {
    new Webhook(secret).verify(body, given, { jsonParse: false });
    return { ok: true, deliveryId: given['webhook-id'] ?? null };
  } catch (error) {
    if (error instanceof WebhookVerificationError) return { ok: false, error: `signature refused: ${error.message}` };
    throw error;
  }
}

/**
 * Zendesk's signature: base64(HMAC-SHA256(secret, timestamp + body)), as its documentation
 * says. `order: 'body-first'` is body + timestamp, the order a worked example published with
 * that documentation verifies in; both are accepted, and both need the secret.
 */
export const zendeskSignature = (
  secret: string,
  timestamp: string,
  body: string,
  order: 'timestamp-first' | 'body-first' = 'timestamp-first',
) =>
  createHmac('sha256', secret)
    .update(order === 'timestamp-first' ? timestamp + body : body + timestamp)
    .digest('base64');

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export const ZENDESK_HEADERS = {
  signature: 'x-zendesk-webhook-signature',
  timestamp: 'x-zendesk-webhook-signature-timestamp',
} as const;

/** A Zendesk webhook delivery, its timestamp within the window and its signature compared in constant time. */
export function verifyZendesk(secret: string, headers: Headers, body: string, now: Date): Verification {
  const signature = headers[ZENDESK_HEADERS.signature];
  const timestamp = headers[ZENDESK_HEADERS.timestamp];
  if (!signature || !timestamp)
    return { ok: false, error: 'signature refused: X-Zendesk-Webhook-Signature and its timestamp are required' };
  const at = Date.parse(timestamp);
  if (Number.isNaN(at)) return { ok: false, error: 'signature refused: the signature timestamp is not a date' };
  if (Math.abs(now.getTime() - at) > SIGNATURE_TOLERANCE_S * 1000) {
    return { ok: false, error: `signature refused: the timestamp is more than ${SIGNATURE_TOLERANCE_S} s from now` };
  }
  // Both orders are computed and compared whatever the first says, so timing tells nothing of which matched.
  const matches = (['timestamp-first', 'body-first'] as const).map((order) =>
    sameText(zendeskSignature(secret, timestamp, body, order), signature),
  );
  if (!matches.some(Boolean)) return { ok: false, error: 'signature refused: no matching signature' };
  return { ok: true, deliveryId: null };
}
