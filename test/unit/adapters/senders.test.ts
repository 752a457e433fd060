import { describe, expect, it } from 'vitest';
import { verifyAnySender, webhookSenders } from '#adapters/webhooks/senders';
import { newWebhookSecrets, standardWebhookHeaders } from '#lib/local/webhook-signing';

const one = newWebhookSecrets().triage;
const other = newWebhookSecrets().triage;

describe('the webhook senders a secret names', () => {
  it('reads one whsec_ value as the default sender', () => {
    expect(webhookSenders(`${one}\n`)).toEqual([{ prefix: '', secret: one }]);
  });

  it('reads a JSON object as prefix to secret', () => {
    expect(webhookSenders(JSON.stringify({ '': one, 'CRM-': other }))).toEqual([
      { prefix: '', secret: one },
      { prefix: 'CRM-', secret: other },
    ]);
  });

  it.each([
    ['{"CRM-":', 'does not parse'],
    ['[]', 'JSON object'],
    ['{}', 'names no sender'],
    ['{"CRM-": 7}', 'is not a string'],
    [`{"ZD-": "${one}"}`, 'the system makes'],
    [`{"CRM-": "${one}", "crm-": "${other}"}`, 'overlap'],
    [`{"": "${one}", "CRM-": "${one}"}`, 'share one secret'],
    [`{"": "${one}", "CRM-": "whsec_x"}`, 'of sender prefix "CRM-" is not a whsec_'],
    ['not base64!', 'of the sender without a prefix'],
  ])('refuses %s whole', (value, error) => {
    expect(() => webhookSenders(value)).toThrow(error);
  });

  it('names the sender whose secret signed a delivery', () => {
    const senders = webhookSenders(JSON.stringify({ '': one, 'CRM-': other }));
    const body = '{"ticketId":"CRM-1"}';

    expect(verifyAnySender(senders, standardWebhookHeaders(other, body), body)).toMatchObject({
      ok: true,
      signer: 'CRM-',
    });
    expect(verifyAnySender(senders, standardWebhookHeaders(one, body), body)).toMatchObject({ ok: true, signer: '' });
    expect(verifyAnySender(senders, standardWebhookHeaders(newWebhookSecrets().triage, body), body)).toMatchObject({
      ok: false,
    });
  });
});
