import { createHmac } from 'node:crypto';
import { Webhook as SvixWebhook } from 'svix';
import { describe, expect, it } from 'vitest';
import { verifyStandardWebhook, verifyZendesk, ZENDESK_HEADERS } from '#adapters/webhooks/signatures';

const body = '{"ticket_id":"40213","comment_id":"9001"}';
const zendeskSecret = 'dGhlIHplbmRlc2sgc2lnbmluZyBzZWNyZXQ';
const now = new Date('2026-11-25T10:00:00Z');
const timestamp = now.toISOString();
const hmac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('base64');
const zendesk = (signature: string) => ({
  [ZENDESK_HEADERS.signature]: signature,
  [ZENDESK_HEADERS.timestamp]: timestamp,
});

describe('verifyZendesk', () => {
  it.each([
    ['timestamp + body, as documented', timestamp + body],
    ['body + timestamp, as the published worked example verifies', body + timestamp],
  ])('accepts a signature over %s', (_order, signed) => {
    expect(verifyZendesk(zendeskSecret, zendesk(hmac(zendeskSecret, signed)), body, now)).toEqual({
      ok: true,
      deliveryId: null,
    });
  });

  it.each([
    ['another secret, either order', hmac('another secret', timestamp + body)],
    ['another secret, body first', hmac('another secret', body + timestamp)],
    ['the body alone', hmac(zendeskSecret, body)],
  ])('refuses a signature made with %s', (_case, signature) => {
    expect(verifyZendesk(zendeskSecret, zendesk(signature), body, now)).toMatchObject({ ok: false });
  });
});

describe('verifyStandardWebhook', () => {
  const secret = `whsec_${Buffer.from('a standard webhooks secret!').toString('base64')}`;
  const signedBySvix = (id: string) => new SvixWebhook(secret).sign(id, new Date(), body);
  const seconds = () => String(Math.floor(Date.now() / 1000));

  it("accepts Svix's header names as aliases, signed by Svix's own library", () => {
    const headers = { 'svix-id': 'msg_1', 'svix-timestamp': seconds(), 'svix-signature': signedBySvix('msg_1') };

    expect(verifyStandardWebhook(secret, headers, body)).toEqual({ ok: true, deliveryId: 'msg_1' });
  });

  it('reads the Standard Webhooks names first when a delivery carries both', () => {
    const headers = {
      'webhook-id': 'msg_2',
      'webhook-timestamp': seconds(),
      'webhook-signature': signedBySvix('msg_2'),
      'svix-id': 'msg_other',
      'svix-signature': 'v1,AAAA',
    };

    expect(verifyStandardWebhook(secret, headers, body)).toEqual({ ok: true, deliveryId: 'msg_2' });
  });

  it('refuses Svix headers over another body', () => {
    const headers = { 'svix-id': 'msg_3', 'svix-timestamp': seconds(), 'svix-signature': signedBySvix('msg_3') };

    expect(verifyStandardWebhook(secret, headers, `${body} `)).toMatchObject({ ok: false });
  });
});
