import { describe, expect, it } from 'vitest';
import { zendeskDelivery } from '#fixtures/deliveries';
import { useLocalStack } from '#fixtures/local-stack';
import type { LocalStack } from '#lib/local/stack';
import { newWebhookSecrets, standardWebhookHeaders, zendeskHeaders } from '#lib/local/webhook-signing';

const plain = newWebhookSecrets().triage;
const crm = newWebhookSecrets().triage;
const zendesk = newWebhookSecrets().zendesk;

let stack: LocalStack;
useLocalStack((started) => (stack = started), {
  webhookSecrets: { triage: JSON.stringify({ '': plain, 'CRM-': crm }), zendesk, records: newWebhookSecrets().records },
});

const ticket = (ticketId: string) =>
  JSON.stringify({
    ticketId,
    receivedAt: '2026-11-20T10:00:00+08:00',
    from: 'owner@bakery-west.example',
    subject: 'POS问题',
    body: '刷卡一直提示97终端未登记，终端号 30000101',
  });

async function post(path: string, headers: Record<string, string>, body: string) {
  const response = await fetch(`${stack.urls.api}${path}`, { method: 'POST', headers, body });
  return { status: response.status, answer: (await response.json()) as Record<string, unknown> };
}
const asSender = (secret: string, ticketId: string) => {
  const body = ticket(ticketId);
  return post('/tickets', standardWebhookHeaders(secret, body), body);
};

describe('one ticketId namespace per route and signing secret', () => {
  it('refuses a webhook delivery of a Zendesk ticketId, telling nothing of that ticket', async () => {
    const body = zendeskDelivery('88001', { comment_id: '5' });
    const fromZendesk = await post('/webhooks/zendesk', zendeskHeaders(zendesk, body), body);

    const posing = await asSender(plain, 'ZD-88001-5');

    expect(fromZendesk).toMatchObject({ status: 202, answer: { ticketId: 'ZD-88001-5' } });
    expect(posing.status).toBe(400);
    expect(posing.answer).toMatchObject({ field: 'ticketId', error: expect.stringContaining('the Zendesk route') });
    expect(posing.answer).not.toHaveProperty('outcome');
  });

  it('gives each sender its own prefix: only the owner delivers and hears about its ticketIds', async () => {
    const first = await asSender(crm, 'CRM-1001');
    const byTheOther = await asSender(plain, 'CRM-1001');
    const again = await asSender(crm, 'CRM-1001');
    const outside = await asSender(crm, 'DEMO-1001');

    expect(first.status).toBe(202);
    expect(byTheOther.status).toBe(400);
    expect(byTheOther.answer).not.toHaveProperty('outcome');
    expect(again).toMatchObject({ status: 200, answer: { duplicate: true, ticketId: 'CRM-1001' } });
    expect(outside).toMatchObject({ status: 400, answer: { field: 'ticketId' } });
  });

  it('keeps the default sender’s own ticketIds working as before', async () => {
    const first = await asSender(plain, 'ZD-104233');
    const again = await asSender(plain, 'ZD-104233');

    expect(first.status).toBe(202);
    expect(again).toMatchObject({ status: 200, answer: { duplicate: true } });
  });
});
