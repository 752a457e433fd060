import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { zendeskDelivery } from '#fixtures/deliveries';
import { createHmac } from 'node:crypto';
import { Webhook as SvixWebhook } from 'svix';
import { describe, expect, it } from 'vitest';
import { ZENDESK_HEADERS } from '#adapters/webhooks/signatures';
import { referenceOf } from '#domain/replies/reference';
import { finalTicket } from '#lib/local/replay';
import type { LocalStack } from '#lib/local/stack';
import { useLocalStack } from '#fixtures/local-stack';
import { standardWebhookHeaders, zendeskHeaders } from '#lib/local/webhook-signing';
import type { TicketRecord } from '#use-cases/ports';
import { storedItem } from '#fixtures/stored';

let stack: LocalStack;
let sequence = 0;

useLocalStack((started) => (stack = started));

const ticketJson = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({
    ticketId: `WH-${++sequence}`,
    receivedAt: '2026-11-20T10:00:00+08:00',
    from: 'owner@bakery-west.example',
    subject: 'POS问题',
    body: '刷卡一直提示97终端未登记，终端号 30000101',
    ...fields,
  });

/** A ticket about a terminal no other test here writes about, so the reply limit of 5 an hour per address stays clear whatever the order. */
const mailedTicketJson = () =>
  ticketJson({ from: 'team@harbourside.example', body: '刷卡一直提示97终端未登记，终端号 30000201' });

const zendeskJson = (fields: Record<string, unknown> = {}) => zendeskDelivery(String(40_000 + ++sequence), fields);

const post = async (route: string, headers: Record<string, string>, body: string) => {
  const response = await fetch(`${stack.urls.api}${route}`, { method: 'POST', headers, body });
  return { status: response.status, answer: (await response.json()) as Record<string, unknown> };
};
const postTicket = (body: string, headers = standardWebhookHeaders(stack.webhookSecrets.triage, body)) =>
  post('/tickets', headers, body);
const postZendesk = (body: string, headers = zendeskHeaders(stack.webhookSecrets.zendesk, body)) =>
  post('/webhooks/zendesk', headers, body);

const MINUTE = 60_000;

/** Every item the triage tables hold and every run started, once no run is going: a refusal must change neither. */
async function footprint() {
  // Runs still going write their decisions' content: count once they are done.
  await stack.stepFunctions.idle();
  const count = async (table: keyof LocalStack['tableNames']) =>
    (await stack.documentClient.send(new ScanCommand({ TableName: stack.tableNames[table], Select: 'COUNT' }))).Count;
  return {
    tickets: await count('tickets'),
    content: await count('content'),
    deliveries: await count('deliveries'),
    runs: stack.stepFunctions.stats.started,
  };
}

describe('POST /tickets, signed per Standard Webhooks', () => {
  it('accepts a signed ticket and runs it to its reply', async () => {
    const body = mailedTicketJson();

    const { status, answer } = await postTicket(body);
    const final = await finalTicket(stack, String(answer.ticketId), 30_000);

    expect(status).toBe(202);
    expect(answer).toMatchObject({ duplicate: false, triggered: true });
    expect(final).toMatchObject({ outcome: 'AUTO_RESOLVED', emailStatus: 'SENT' });
  });

  it('answers a webhook-id seen before as already seen, even with another ticket in it', async () => {
    const first = ticketJson();
    const headers = standardWebhookHeaders(stack.webhookSecrets.triage, first, { id: 'msg_once' });
    await postTicket(first, headers);
    const second = ticketJson();
    const before = await footprint();

    const { status, answer } = await postTicket(
      second,
      standardWebhookHeaders(stack.webhookSecrets.triage, second, { id: 'msg_once' }),
    );

    expect(status).toBe(200);
    expect(answer).toMatchObject({ duplicate: true, ticketId: JSON.parse(first).ticketId });
    expect(await footprint()).toEqual(before);
  });

  it('starts one run and sends one email for 20 concurrent deliveries of one ticket', async () => {
    const body = mailedTicketJson();
    const { ticketId } = JSON.parse(body) as { ticketId: string };
    const runsBefore = stack.stepFunctions.stats.started;

    const answers = await Promise.all(Array.from({ length: 20 }, () => postTicket(body)));
    await finalTicket(stack, ticketId, 30_000);
    await stack.stepFunctions.idle();
    const mail = (await stack.mailbox()).filter((m) => m.subject.includes(`[${referenceOf(ticketId)}]`));

    expect(answers.filter((a) => a.status === 202)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200 && a.answer.duplicate === true)).toHaveLength(19);
    expect(stack.stepFunctions.stats.started - runsBefore).toBe(1);
    expect(mail).toHaveLength(1);
  });

  it.each([
    ['no signature at all', (_body: string) => ({ 'content-type': 'application/json' }), 'Missing required headers'],
    [
      'a signature made with another secret',
      (body: string) => standardWebhookHeaders('whsec_' + Buffer.from('another secret').toString('base64'), body),
      'No matching signature',
    ],
    [
      'a replayed delivery from 10 minutes ago',
      (body: string) =>
        standardWebhookHeaders(stack.webhookSecrets.triage, body, { at: new Date(Date.now() - 10 * MINUTE) }),
      'too old',
    ],
    [
      'a timestamp 10 minutes ahead',
      (body: string) =>
        standardWebhookHeaders(stack.webhookSecrets.triage, body, { at: new Date(Date.now() + 10 * MINUTE) }),
      'too new',
    ],
  ])('refuses %s with 401 and writes nothing', async (_case, sign, error) => {
    const body = ticketJson();
    const before = await footprint();

    const { status, answer } = await postTicket(body, sign(body));

    expect(status).toBe(401);
    expect(String(answer.error)).toContain(error);
    expect(await footprint()).toEqual(before);
  });

  it("accepts a delivery Svix's own library signed, under Svix's header names", async () => {
    const body = ticketJson();
    const id = `msg_${sequence}svix`;
    const at = new Date();
    const signature = new SvixWebhook(stack.webhookSecrets.triage).sign(id, at, body);

    const { status, answer } = await postTicket(body, {
      'content-type': 'application/json',
      'svix-id': id,
      'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
      'svix-signature': signature,
    });
    const again = await postTicket(body, {
      'content-type': 'application/json',
      'svix-id': id,
      'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
      'svix-signature': signature,
    });

    expect(status).toBe(202);
    expect(answer).toMatchObject({ ticketId: JSON.parse(body).ticketId });
    expect(again.answer.duplicate).toBe(true);
  });

  it('refuses Svix headers signed with another secret with 401', async () => {
    const body = ticketJson();
    const at = new Date();
    const signature = new SvixWebhook(`whsec_${Buffer.from('another secret').toString('base64')}`).sign(
      'msg_x',
      at,
      body,
    );

    const { status } = await postTicket(body, {
      'content-type': 'application/json',
      'svix-id': 'msg_x',
      'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
      'svix-signature': signature,
    });

    expect(status).toBe(401);
  });

  it('tells a sender that did not sign at all how to, on the local stack alone', async () => {
    const { status, answer } = await postTicket(ticketJson(), { 'content-type': 'application/json' });
    const forged = await postTicket(ticketJson(), {
      'content-type': 'application/json',
      'webhook-id': 'x',
      'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
      'webhook-signature': 'v1,AAAA',
    });

    expect(status).toBe(401);
    expect(answer.hint).toContain('npm start -- --unsigned');
    expect(answer.hint).toContain('send-signed.sh');
    expect(forged.status).toBe(401);
    expect(forged.answer.hint).toBeUndefined();
  });

  it.each([['jdöe@mächine.example'], ['老板@早餐店.example']])(
    'accepts a ticket from the international address %s and says why its reply could not go',
    async (from) => {
      const body = ticketJson({ from, body: '刷卡一直提示97终端未登记' });
      const { ticketId } = JSON.parse(body) as { ticketId: string };

      const { status } = await postTicket(body);
      await finalTicket(stack, ticketId, 30_000);
      const record = await storedItem<TicketRecord>(stack, 'tickets', { ticketId });

      expect(status).toBe(202);
      expect(record).toMatchObject({
        ticket: { from },
        escalationId: `ESC-${ticketId}`,
        undelivered: { reason: 'REJECTED', detail: expect.stringContaining('not ASCII') },
      });
    },
  );

  it('refuses a body changed after signing with 401', async () => {
    const body = ticketJson();
    const headers = standardWebhookHeaders(stack.webhookSecrets.triage, body);
    const before = await footprint();

    const { status } = await postTicket(body.replace('30000101', '30000102'), headers);

    expect(status).toBe(401);
    expect(await footprint()).toEqual(before);
  });

  it.each([
    [
      '413 for a body over 1 MB',
      () => ticketJson({ body: 'x'.repeat(1_100_000) }),
      (body: string) => standardWebhookHeaders(stack.webhookSecrets.triage, body),
      413,
      null,
    ],
    [
      '415 for a signed body that is not JSON by its type',
      () => ticketJson(),
      (body: string) => ({
        ...standardWebhookHeaders(stack.webhookSecrets.triage, body),
        'content-type': 'text/plain',
      }),
      415,
      null,
    ],
    [
      '400 for a signed body that is not JSON',
      () => '{"ticketId": ',
      (body: string) => standardWebhookHeaders(stack.webhookSecrets.triage, body),
      400,
      null,
    ],
    [
      '400 naming the field for a bad ticket',
      () => ticketJson({ from: 'not an address' }),
      (body: string) => standardWebhookHeaders(stack.webhookSecrets.triage, body),
      400,
      'from',
    ],
  ])('answers %s, and writes nothing', async (_case, make, sign, expected, field) => {
    const body = make();
    const before = await footprint();

    const { status, answer } = await postTicket(body, sign(body));

    expect(status).toBe(expected);
    expect(answer.field).toBe(field);
    expect(await footprint()).toEqual(before);
  });
});

describe('POST /webhooks/zendesk, signed the Zendesk way', () => {
  it('accepts a signed delivery as ticket ZD-<ticket>-<comment>', async () => {
    const body = zendeskJson();
    const { ticket_id: id } = JSON.parse(body) as { ticket_id: string };

    const { status, answer } = await postZendesk(body);
    await finalTicket(stack, `ZD-${id}-9001`, 30_000);
    const final = await storedItem<TicketRecord>(stack, 'tickets', { ticketId: `ZD-${id}-9001` });

    expect(status).toBe(202);
    expect(answer).toMatchObject({ ticketId: `ZD-${id}-9001`, triggered: true });
    expect(final?.ticket).toMatchObject({
      from: 'owner@bakery-west.example',
      channel: 'web',
      receivedAt: '2026-11-20T02:00Z',
    });
  });

  it('refuses a delivery whose comment id rendered empty with a 400 naming the template field, never a duplicate', async () => {
    const first = zendeskJson({ comment_id: '' });
    const { ticket_id: id } = JSON.parse(first) as { ticket_id: string };
    const followUp = zendeskJson({ ticket_id: id, comment_id: '', comment: '还是不行，又提示97了' });
    const before = await footprint();

    const answers = [await postZendesk(first), await postZendesk(followUp)];

    for (const { status, answer } of answers) {
      expect(status).toBe(400);
      expect(answer).toEqual({ error: expect.stringContaining('{{ticket.latest_comment.id}}'), field: 'comment_id' });
    }
    expect(await footprint()).toEqual(before);
  });

  it("triages a merchant's follow-up comment on the same Zendesk ticket as a ticket of its own", async () => {
    const first = zendeskJson({ comment_id: '7001' });
    const { ticket_id: id } = JSON.parse(first) as { ticket_id: string };
    const followUp = zendeskJson({
      ticket_id: id,
      comment_id: '7002',
      comment: '还是不行，又提示97了，终端号 30000101',
    });

    const answers = [await postZendesk(first), await postZendesk(followUp)];

    expect(answers.map((a) => [a.status, a.answer.ticketId])).toEqual([
      [202, `ZD-${id}-7001`],
      [202, `ZD-${id}-7002`],
    ]);
    expect(await finalTicket(stack, `ZD-${id}-7002`, 30_000)).toMatchObject({ triggered: true, status: 'DECIDED' });
  });

  it('accepts a signature over body + timestamp as well as the documented timestamp + body', async () => {
    const body = zendeskJson();
    const timestamp = new Date().toISOString();
    const bodyFirst = createHmac('sha256', stack.webhookSecrets.zendesk)
      .update(body + timestamp)
      .digest('base64');

    const { status } = await postZendesk(body, {
      'content-type': 'application/json',
      [ZENDESK_HEADERS.signature]: bodyFirst,
      [ZENDESK_HEADERS.timestamp]: timestamp,
    });

    expect(status).toBe(202);
  });

  it('answers Zendesk retrying one comment as already seen', async () => {
    const body = zendeskJson();
    await postZendesk(body);

    const { status, answer } = await postZendesk(body);

    expect(status).toBe(200);
    expect(answer.duplicate).toBe(true);
  });

  it.each([
    ['no signature', (_body: string) => ({ 'content-type': 'application/json' })],
    ['a signature made with another secret', (body: string) => zendeskHeaders('another secret', body)],
    [
      'a replayed delivery from 10 minutes ago',
      (body: string) => zendeskHeaders(stack.webhookSecrets.zendesk, body, new Date(Date.now() - 10 * MINUTE)),
    ],
    [
      'a signature whose timestamp was changed',
      (body: string) => ({
        ...zendeskHeaders(stack.webhookSecrets.zendesk, body),
        [ZENDESK_HEADERS.timestamp]: new Date().toISOString(),
      }),
    ],
  ])('refuses %s with 401 and writes nothing', async (_case, sign) => {
    const body = zendeskJson();
    const before = await footprint();

    const { status } = await postZendesk(body, sign(body));

    expect(status).toBe(401);
    expect(await footprint()).toEqual(before);
  });

  it('refuses a tampered body with 401', async () => {
    const body = zendeskJson();
    const headers = zendeskHeaders(stack.webhookSecrets.zendesk, body);

    const { status } = await postZendesk(body.replace('bakery-west', 'bakery-east'), headers);

    expect(status).toBe(401);
  });

  it.each([
    ['413 for a body over 1 MB', () => zendeskJson({ comment: 'x'.repeat(1_100_000) }), {}, 413, null],
    [
      '415 for a body that is not JSON by its type',
      () => zendeskJson(),
      { 'content-type': 'application/x-www-form-urlencoded' },
      415,
      null,
    ],
    [
      '400 naming the Zendesk field for a bad requester',
      () => zendeskJson({ requester_email: 'nobody' }),
      {},
      400,
      'requester_email',
    ],
    ['400 naming an unknown field', () => zendeskJson({ priority: 'high' }), {}, 400, 'priority'],
  ])('answers %s, and writes nothing', async (_case, make, override, expected, field) => {
    const body = make();
    const before = await footprint();

    const { status, answer } = await postZendesk(body, {
      ...zendeskHeaders(stack.webhookSecrets.zendesk, body),
      ...override,
    });

    expect(status).toBe(expected);
    expect(answer.field).toBe(field);
    expect(await footprint()).toEqual(before);
  });

  it('gives the intake routes no access to each other: a Zendesk signature does not open POST /tickets', async () => {
    const body = ticketJson();

    const { status } = await postTicket(body, zendeskHeaders(stack.webhookSecrets.zendesk, body));

    expect(status).toBe(401);
  });
});
