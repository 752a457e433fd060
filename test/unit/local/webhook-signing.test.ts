import { describe, expect, it } from 'vitest';
import { verifyStandardWebhook, verifyZendesk, ZENDESK_HEADERS } from '#adapters/webhooks/signatures';
import { newWebhookSecrets, signUnsigned, standardWebhookHeaders, zendeskHeaders } from '#lib/local/webhook-signing';

const secrets = newWebhookSecrets();
const body = '{"ticketId":"T-1"}';

describe('signing deliveries locally', () => {
  it('signs deliveries that the intake verifies, each way', () => {
    expect(verifyStandardWebhook(secrets.triage, standardWebhookHeaders(secrets.triage, body), body)).toMatchObject({
      ok: true,
    });
    expect(verifyZendesk(secrets.zendesk, zendeskHeaders(secrets.zendesk, body), body, new Date())).toEqual({
      ok: true,
      deliveryId: null,
    });
  });

  it('passes the webhook-id on as the delivery key', () => {
    const verified = verifyStandardWebhook(
      secrets.triage,
      standardWebhookHeaders(secrets.triage, body, { id: 'msg_7' }),
      body,
    );

    expect(verified).toEqual({ ok: true, deliveryId: 'msg_7' });
  });

  it('refuses a Zendesk timestamp more than 300 s from now, either way', () => {
    const now = new Date('2026-11-25T10:00:00Z');

    expect(
      verifyZendesk(secrets.zendesk, zendeskHeaders(secrets.zendesk, body, new Date('2026-11-25T09:54:59Z')), body, now)
        .ok,
    ).toBe(false);
    expect(
      verifyZendesk(secrets.zendesk, zendeskHeaders(secrets.zendesk, body, new Date('2026-11-25T10:05:01Z')), body, now)
        .ok,
    ).toBe(false);
    expect(
      verifyZendesk(secrets.zendesk, zendeskHeaders(secrets.zendesk, body, new Date('2026-11-25T10:04:59Z')), body, now)
        .ok,
    ).toBe(true);
  });

  it('refuses a Zendesk signature of another length without comparing it', () => {
    const headers = { ...zendeskHeaders(secrets.zendesk, body), [ZENDESK_HEADERS.signature]: 'c2hvcnQ=' };

    expect(verifyZendesk(secrets.zendesk, headers, body, new Date())).toMatchObject({ ok: false });
  });

  it('--unsigned signs a delivery that came without a signature, for its route', () => {
    const signed = signUnsigned(secrets, 'POST /tickets', { 'content-type': 'application/json' }, body);

    expect(signed['content-type']).toBe('application/json');
    expect(verifyStandardWebhook(secrets.triage, signed, body).ok).toBe(true);
  });

  it('--unsigned leaves a delivery that carries a signature as it came, so a bad one is still refused', () => {
    const forged = {
      'content-type': 'application/json',
      'webhook-id': 'x',
      'webhook-timestamp': '1',
      'webhook-signature': 'v1,AAAA',
    };

    expect(signUnsigned(secrets, 'POST /tickets', forged, body)).toEqual(forged);
    expect(signUnsigned(secrets, 'GET /escalations', {}, '')).toEqual({});
  });
});
