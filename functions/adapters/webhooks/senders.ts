import { Webhook } from 'standardwebhooks';
import { prefixError } from '#domain/intake/origins';
import { type Headers, type Verification, verifyStandardWebhook } from './signatures.ts';

/** A system allowed to POST /tickets: its Standard Webhooks secret, and the ticketId prefix it owns. */
export interface WebhookSender {
  prefix: string;
  secret: string;
}

/**
 * The senders a webhook secret's value names: one `whsec_…` value is the default sender (no
 * prefix); a JSON object maps each sender's prefix to its secret, `""` for the default one.
 * A value that names no sender, or prefixes that are invalid or overlap, is refused whole.
 */
export function webhookSenders(value: string): WebhookSender[] {
  const trimmed = value.trim();
  if (!/^[{[]/.test(trimmed)) return [usable({ prefix: '', secret: trimmed })];
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw new Error('the webhook secret looks like JSON but does not parse');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error('the webhook secret must be a whsec_ value or a JSON object of prefix to secret');
  const senders = Object.entries(parsed).map(([prefix, secret]) => {
    if (typeof secret !== 'string' || !secret)
      throw new Error(`the secret of sender prefix "${prefix}" is not a string`);
    const error = prefixError(prefix);
    if (error) throw new Error(error);
    return usable({ prefix, secret });
  });
  if (senders.length === 0) throw new Error('the webhook secret names no sender');
  if (new Set(senders.map((s) => s.secret)).size < senders.length)
    throw new Error('two webhook senders share one secret: the first would sign for both');
  for (const a of senders) {
    const overlapping = senders.find(
      (b) => b !== a && a.prefix && b.prefix.toLowerCase().startsWith(a.prefix.toLowerCase()),
    );
    if (overlapping) throw new Error(`sender prefixes "${a.prefix}" and "${overlapping.prefix}" overlap`);
  }
  return senders;
}

/** A sender whose secret the Standard Webhooks library can use (a `whsec_` base64 value). */
function usable(sender: WebhookSender): WebhookSender {
  try {
    new Webhook(sender.secret);
  } catch (error) {
    const which = sender.prefix ? `of sender prefix "${sender.prefix}"` : 'of the sender without a prefix';
    throw new Error(`the webhook secret ${which} is not a whsec_ base64 value (${(error as Error).message})`, {
      cause: error,
    });
  }
  return sender;
}

/** The sender whose secret signed the delivery; the first refusal's reason when none did. */
export function verifyAnySender(senders: readonly WebhookSender[], headers: Headers, body: string): Verification {
  let refusal: Verification & { ok: false } = { ok: false, error: 'no webhook sender is configured' };
  for (const [index, sender] of senders.entries()) {
    const verified = verifyStandardWebhook(sender.secret, headers, body);
    if (verified.ok) return { ok: true, deliveryId: verified.deliveryId, signer: sender.prefix };
    if (index === 0) refusal = verified;
  }
  return refusal;
}
