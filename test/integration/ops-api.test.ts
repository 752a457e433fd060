import { ENV } from '#adapters/lambda/env-names';
import { ADMIN_GROUP } from '#adapters/lambda/reviewer';
import { referenceOf } from '#domain/replies/reference';
import { BatchWriteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { awsCli, opsCall } from '#fixtures/clients';
import { useLocalStack } from '#fixtures/local-stack';
import { deliver, finalTicket } from '#lib/local/replay';
import type { LocalStack } from '#lib/local/stack';

let stack: LocalStack;
useLocalStack((started) => (stack = started));

type Json = Record<string, unknown>;

const call = (method: string, path: string, options: Parameters<typeof opsCall>[3] = {}) =>
  opsCall(stack, method, path, options);

let sequence = 0;
/** An escalation made the real way: a ticket on a terminal nobody has on record. */
async function escalation(ticket: { from?: string; subject?: string; body?: string } = {}): Promise<string> {
  sequence += 1;
  const result = await deliver(
    stack,
    JSON.stringify({
      ticketId: `OPS-${sequence}`,
      receivedAt: '2026-11-20T10:00:00+08:00',
      from: 'new.shop@mail.example',
      subject: 'POS问题',
      body: `终端号 3999${String(sequence).padStart(4, '0')} 报97`,
      ...ticket,
    }),
  );
  return String(result.escalationId);
}

/** Many open escalations at once, written as the workflow writes them (a packet per item). */
async function manyOpen(count: number, prefix: string): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `ESC-${prefix}-${String(i).padStart(4, '0')}`);
  for (let i = 0; i < ids.length; i += 25) {
    await stack.documentClient.send(
      new BatchWriteCommand({
        RequestItems: {
          [stack.tableNames.escalations]: ids.slice(i, i + 25).map((escalationId, j) => ({
            PutRequest: {
              Item: {
                escalationId,
                status: 'OPEN',
                createdAt: new Date(Date.UTC(2026, 10, 20, 0, 0, i + j)).toISOString(),
                diagnosis: 'TERMINAL_NOT_FOUND',
                merchantId: prefix,
                terminalId: null,
                findings: ['TERMINAL_NOT_FOUND'],
              },
            },
          })),
        },
      }),
    );
  }
  return ids;
}

describe('ops API: who may call it', () => {
  it.each([
    ['no token', { as: null }],
    ['a token made with another secret', { token: 'bGkub3Bz.forged' }],
    ['a malformed token', { token: 'not a token' }],
  ])('refuses %s with 401', async (_case, options) => {
    const list = await call('GET', '/escalations', options);
    const claim = await call('POST', '/escalations/ESC-X/claim', options);

    expect(list.status).toBe(401);
    expect(claim.status).toBe(401);
  });

  it('refuses a token that has expired with 401', async () => {
    const expired = await call('GET', '/escalations', { token: stack.opsToken('li.ops', { ttlSeconds: -1 }) });

    expect(expired.status).toBe(401);
  });

  it('answers 403 on an admin route to a reviewer who is no admin, and the settings to an admin', async () => {
    const reviewer = await call('GET', '/settings');
    const admin = await call('GET', '/settings', { token: stack.opsToken('zhao.admin', { admin: true }) });
    const queue = await call('GET', '/escalations', { token: stack.opsToken('zhao.admin', { admin: true }) });

    expect(reviewer).toMatchObject({ status: 403, body: { code: 'ADMIN_ONLY' } });
    expect(admin).toMatchObject({ status: 200, body: { slaHours: 4, adminGroup: ADMIN_GROUP } });
    expect(queue.status).toBe(200);
  });

  it("answers the console's CORS preflight, as API Gateway does, and names no other origin", async () => {
    const preflight = (origin: string) =>
      fetch(`${stack.urls.api}/escalations/ESC-X/claim`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type,idempotency-key',
        },
      });

    const fromConsole = await preflight(stack.urls.console);
    const fromElsewhere = await preflight('https://elsewhere.example');
    const unsignedFromConsole = await fetch(`${stack.urls.api}/escalations`, {
      headers: { origin: stack.urls.console },
    });

    expect(fromConsole.status).toBe(204);
    expect(fromConsole.headers.get('access-control-allow-origin')).toBe(stack.urls.console);
    expect(fromConsole.headers.get('access-control-allow-methods')).toBe('GET,POST');
    expect(fromConsole.headers.get('access-control-allow-headers')).toBe('authorization,content-type,idempotency-key');
    expect(fromElsewhere.headers.get('access-control-allow-origin')).toBeNull();
    expect(unsignedFromConsole.status).toBe(401);
    expect(unsignedFromConsole.headers.get('access-control-allow-origin')).toBe(stack.urls.console);
  });

  it("refuses a helpdesk's signed intake credentials", async () => {
    const response = await fetch(`${stack.urls.api}/escalations`, {
      headers: { 'webhook-signature': 'v1,AAAA', 'webhook-id': 'x', 'webhook-timestamp': '1' },
    });

    expect(response.status).toBe(401);
  });
});

describe('ops API: the queue', () => {
  it('shows one escalation with its packet and an empty audit trail', async () => {
    const id = await escalation();

    const { status, body } = await call('GET', `/escalations/${id}`);

    expect(status).toBe(200);
    expect(body).toMatchObject({
      escalationId: id,
      status: 'OPEN',
      diagnosis: 'TERMINAL_NOT_FOUND',
      ticket: expect.any(Object),
    });
    expect(body.audit).toBeUndefined();
  });

  it('answers 404 for an escalation that does not exist, for every action', async () => {
    for (const [method, path] of [
      ['GET', '/escalations/ESC-NOPE'],
      ['POST', '/escalations/ESC-NOPE/claim'],
      ['POST', '/escalations/ESC-NOPE/release'],
    ] as const) {
      expect((await call(method, path)).status).toBe(404);
    }
    expect((await call('POST', '/escalations/ESC-NOPE/resolve', { body: { resolution: 'REJECTED' } })).status).toBe(
      404,
    );
  });

  it('takes a claim, a release and a resolve, each in the audit trail with who and when', async () => {
    const id = await escalation();

    const claimed = await call('POST', `/escalations/${id}/claim`, { as: 'li.ops' });
    const released = await call('POST', `/escalations/${id}/release`, { as: 'li.ops' });
    await call('POST', `/escalations/${id}/claim`, { as: 'wang.ops' });
    const resolved = await call('POST', `/escalations/${id}/resolve`, {
      as: 'wang.ops',
      body: { resolution: 'FIXED_IN_RECORDS', note: 'terminal added' },
    });

    expect(claimed.body).toMatchObject({ status: 'CLAIMED', claimedBy: 'li.ops' });
    expect(released.body).toMatchObject({ status: 'OPEN', claimedBy: null });
    expect(resolved.body).toMatchObject({
      status: 'RESOLVED',
      resolution: 'FIXED_IN_RECORDS',
      resolutionNote: 'terminal added',
      resolvedBy: 'wang.ops',
    });
    expect((resolved.body.audit as Json[]).map((e) => [e.by, e.action])).toEqual([
      ['li.ops', 'CLAIMED'],
      ['li.ops', 'RELEASED'],
      ['wang.ops', 'CLAIMED'],
      ['wang.ops', 'RESOLVED'],
    ]);
    expect((resolved.body.audit as Json[]).every((e) => typeof e.at === 'string')).toBe(true);
  });

  it('gives a claim to exactly one of 10 reviewers claiming at once', async () => {
    const id = await escalation();

    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => call('POST', `/escalations/${id}/claim`, { as: `reviewer${i}` })),
    );
    const winners = answers.filter((a) => a.status === 200);
    const item = await call('GET', `/escalations/${id}`);

    expect(winners).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(9);
    expect(item.body.claimedBy).toBe(winners[0]?.body.claimedBy);
    expect(item.body.audit).toHaveLength(1);
  });

  it("refuses another reviewer's release or resolve, and a resolve without a claim", async () => {
    const id = await escalation();
    const unclaimed = await call('POST', `/escalations/${id}/resolve`, { body: { resolution: 'REJECTED' } });
    await call('POST', `/escalations/${id}/claim`, { as: 'li.ops' });

    const release = await call('POST', `/escalations/${id}/release`, { as: 'wang.ops' });
    const resolve = await call('POST', `/escalations/${id}/resolve`, {
      as: 'wang.ops',
      body: { resolution: 'REJECTED' },
    });

    expect(unclaimed).toMatchObject({ status: 409, body: { error: expect.stringContaining('claim it first') } });
    expect(release).toMatchObject({ status: 409, body: { error: expect.stringContaining('claimed by li.ops') } });
    expect(resolve.status).toBe(409);
  });

  it('keeps a resolved escalation resolved', async () => {
    const id = await escalation();
    await call('POST', `/escalations/${id}/claim`);
    await call('POST', `/escalations/${id}/resolve`, { body: { resolution: 'DUPLICATE', note: 'as ST-1' } });

    const again = await call('POST', `/escalations/${id}/claim`);

    expect(again).toMatchObject({ status: 409, body: { error: expect.stringContaining('already resolved') } });
  });

  it('refuses REPLIED with no reply sent in this claim, and a resolution without a note', async () => {
    const id = await escalation();
    await call('POST', `/escalations/${id}/claim`);

    const replied = await call('POST', `/escalations/${id}/resolve`, { body: { resolution: 'REPLIED', note: 'done' } });
    const silent = await call('POST', `/escalations/${id}/resolve`, { body: { resolution: 'REJECTED', note: ' ' } });
    const item = await call('GET', `/escalations/${id}`);

    expect(replied).toMatchObject({ status: 400, body: { field: 'resolution' } });
    expect(silent).toMatchObject({ status: 400, body: { field: 'note' } });
    expect(item.body).toMatchObject({ status: 'CLAIMED' });
  });

  it.each([
    [{}, 'resolution'],
    [{ resolution: 'CLOSED' }, 'resolution'],
    [{ resolution: 'REJECTED', note: 'x'.repeat(2001) }, 'note'],
    [[], 'body'],
  ])('refuses the resolve body %j naming %s, and changes nothing', async (body, field) => {
    const id = await escalation();
    await call('POST', `/escalations/${id}/claim`);

    const refused = await call('POST', `/escalations/${id}/resolve`, { body });
    const item = await call('GET', `/escalations/${id}`);

    expect(refused).toMatchObject({ status: 400, body: { field } });
    expect(item.body).toMatchObject({ status: 'CLAIMED' });
    expect(item.body.audit).toHaveLength(1);
  });

  it("sends the reviewer's edited reply through the mail service and keeps it in the decision record and the audit trail", async () => {
    const id = await escalation();
    const packet = await call('GET', `/escalations/${id}`);
    const ticketId = String((packet.body.ticket as Json).ticketId);
    await call('POST', `/escalations/${id}/claim`, { as: 'li.ops' });

    const sent = await call('POST', `/escalations/${id}/reply`, {
      as: 'li.ops',
      body: { subject: '终端已登记', text: '您好：终端已补登记，请重新签到。' },
    });
    const mail = (await stack.mailbox()).find((m) => m.messageId === sent.body.messageId);
    const { Item: record } = await stack.documentClient.send(
      new GetCommand({ TableName: stack.tableNames.tickets, Key: { ticketId } }),
    );
    const after = await call('GET', `/escalations/${id}`);

    expect(sent).toMatchObject({
      status: 200,
      body: { to: (packet.body.suggestedReply as Json).to, subject: `[${referenceOf(ticketId)}] 终端已登记` },
    });
    expect(mail).toMatchObject({
      subject: `[${referenceOf(ticketId)}] 终端已登记`,
      body: { text: '您好：终端已补登记，请重新签到。' },
    });
    expect(record?.opsReplies).toEqual([
      expect.objectContaining({
        by: 'li.ops',
        messageId: sent.body.messageId,
        subject: `[${referenceOf(ticketId)}] 终端已登记`,
      }),
    ]);
    expect((after.body.audit as Json[]).map((e) => e.action)).toEqual(['CLAIMED', 'REPLIED']);
  });

  it('sends one email for one Idempotency-Key, however often the reply is posted', async () => {
    const id = await escalation();
    await call('POST', `/escalations/${id}/claim`, { as: 'li.ops' });
    const before = (await stack.mailbox()).length;
    const reply = {
      as: 'li.ops',
      body: { text: '您好：终端已补登记。' },
      headers: { 'idempotency-key': `reply-${id}` },
    };

    const [first, second] = await Promise.all([
      call('POST', `/escalations/${id}/reply`, reply),
      call('POST', `/escalations/${id}/reply`, reply),
    ]);
    const later = await call('POST', `/escalations/${id}/reply`, reply);
    const after = await call('GET', `/escalations/${id}`);

    expect((await stack.mailbox()).length - before).toBe(1);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    expect(later).toMatchObject({ status: 200, body: { repeated: true } });
    expect(later.body.messageId).toBe((first.status === 200 ? first : second).body.messageId);
    expect((after.body.audit as Json[]).filter((e) => e.action === 'REPLIED')).toHaveLength(1);
  });

  it('sends a reply only for the reviewer holding the claim, and only with text', async () => {
    const id = await escalation();
    const before = (await stack.mailbox()).length;
    const unclaimed = await call('POST', `/escalations/${id}/reply`, { body: { text: 'hello' } });
    await call('POST', `/escalations/${id}/claim`, { as: 'li.ops' });

    const other = await call('POST', `/escalations/${id}/reply`, { as: 'wang.ops', body: { text: 'hello' } });
    const empty = await call('POST', `/escalations/${id}/reply`, { as: 'li.ops', body: { text: '  ' } });

    expect(unclaimed.status).toBe(409);
    expect(other.status).toBe(409);
    expect(empty).toMatchObject({ status: 400, body: { field: 'text' } });
    expect((await stack.mailbox()).length).toBe(before);
  });

  it('re-runs triage after the records were fixed: a ticket of its own, decided afresh, the re-run in the audit trail', async () => {
    const id = await escalation();
    const packet = await call('GET', `/escalations/${id}`);
    const original = packet.body.ticket as { ticketId: string; body: string };
    const terminalId = String(/\d{8}/.exec(original.body)?.[0]);
    await stack.documentClient.send(
      new PutCommand({
        TableName: stack.tableNames.terminals,
        Item: {
          terminalId,
          serialNumber: `SN${terminalId}`,
          merchantId: '898500000000101',
          brand: 'PAX',
          model: 'A920',
          registration: 'REGISTERED',
          firmwareVersion: '3.5.0',
        },
      }),
    );
    await call('POST', `/escalations/${id}/claim`, { as: 'li.ops' });

    const rerun = await call('POST', `/escalations/${id}/rerun`, { as: 'li.ops' });
    const final = await finalTicket(stack, `${original.ticketId}.R1`, 30_000);
    const record = await call('GET', `/tickets/${original.ticketId}.R1`);
    const after = await call('GET', `/escalations/${id}`);

    expect(rerun).toMatchObject({ status: 200, body: { ticketId: `${original.ticketId}.R1` } });
    expect(final).toMatchObject({ outcome: 'AUTO_RESOLVED', terminalId, emailStatus: 'SENT' });
    expect(record.body).toMatchObject({
      rerunOf: { ticketId: original.ticketId, by: 'li.ops' },
      triggerEvidence: expect.stringContaining('re-run'),
    });
    expect(after.body).toMatchObject({ status: 'CLAIMED', claimedBy: 'li.ops' });
    expect((after.body.audit as Json[]).map((e) => [e.action, e.detail ?? null])).toEqual([
      ['CLAIMED', null],
      ['RERUN', `${original.ticketId}.R1`],
    ]);
  });

  it('re-runs only for the reviewer holding the claim', async () => {
    const id = await escalation();

    const unclaimed = await call('POST', `/escalations/${id}/rerun`);

    expect(unclaimed.status).toBe(409);
  });

  it('pages through 250 open escalations oldest first, reaching every one exactly once', async () => {
    const ids = await manyOpen(250, 'PAGE250');

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/escalations?merchantId=PAGE250&limit=40${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await call('GET', query);
      seen.push(...(page.body.escalations as Array<{ escalationId: string }>).map((e) => e.escalationId));
      cursor = page.body.cursor as string | null;
    } while (cursor);

    const newest = await call('GET', '/escalations?merchantId=PAGE250&limit=3&order=newest');

    expect(seen).toHaveLength(250);
    expect(new Set(seen)).toEqual(new Set(ids));
    expect(seen).toEqual(ids);
    expect((newest.body.escalations as Json[]).map((e) => e.escalationId)).toEqual(ids.slice(-3).reverse());
  });

  it('filters by status, diagnosis, merchant and terminal', async () => {
    const [first] = await manyOpen(3, 'FILTERS');
    await call('POST', `/escalations/${first}/claim`);

    const claimed = await call('GET', '/escalations?status=CLAIMED&merchantId=FILTERS');
    const open = await call('GET', '/escalations?status=OPEN&merchantId=FILTERS&diagnosis=TERMINAL_NOT_FOUND');
    const none = await call('GET', '/escalations?merchantId=FILTERS&diagnosis=FEE_DISPUTE');

    expect((claimed.body.escalations as Json[]).map((e) => e.escalationId)).toEqual([first]);
    expect(open.body.escalations).toHaveLength(2);
    expect(none.body.escalations).toEqual([]);
  });

  it("lists a summary of each item: never the ticket's text, and the subject cut to 200 characters", async () => {
    const long = await deliver(
      stack,
      JSON.stringify({
        ticketId: 'OPS-LONG',
        receivedAt: '2026-11-20T10:00:00+08:00',
        from: 'long.subject@mail.example',
        subject: `POS 97 ${'很长的主题'.repeat(400)}`,
        body: `终端号 39998888 报97 ${'正文'.repeat(40_000)}`,
      }),
    );

    const page = await call('GET', '/escalations?diagnosis=TERMINAL_NOT_FOUND&limit=100&order=newest');
    const listed = (page.body.escalations as Json[]).find((e) => e.escalationId === long.escalationId);
    const whole = await call('GET', `/escalations/${long.escalationId}`);

    expect(listed).toMatchObject({
      status: 'OPEN',
      diagnosis: 'TERMINAL_NOT_FOUND',
      ticketId: 'OPS-LONG',
      createdAt: expect.any(String),
    });
    expect(listed).not.toHaveProperty('recordsRead');
    expect(listed).not.toHaveProperty('suggestedReply');
    expect(listed).not.toHaveProperty('ticket.body');
    expect(String((listed?.ticket as Json).subject)).toHaveLength(201);
    expect(String((whole.body.ticket as Json).body).length).toBeGreaterThan(80_000);
  });

  it('refuses a cursor of another query as a bad cursor', async () => {
    await manyOpen(2, 'CURSOR');
    const page = await call('GET', '/escalations?merchantId=CURSOR&limit=1');

    const misused = await call(
      'GET',
      `/escalations?status=CLAIMED&cursor=${encodeURIComponent(String(page.body.cursor))}`,
    );

    expect(misused).toMatchObject({ status: 400, body: { field: 'cursor' } });
  });

  it.each([
    ['status=LOST', 'status'],
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['cursor=nonsense', 'cursor'],
    ['diagnosis=', 'diagnosis'],
  ])('refuses %s naming the parameter', async (query, field) => {
    const { status, body } = await call('GET', `/escalations?${query}`);

    expect(status).toBe(400);
    expect(body.field).toBe(field);
  });
});

describe('ops API: bulk actions and notes', () => {
  it('claims and resolves 25 items in two requests, each with its own audit entry', async () => {
    const ids = await manyOpen(25, 'BULK25');

    const claimed = await call('POST', '/escalations/bulk', { body: { action: 'claim', escalationIds: ids } });
    const resolved = await call('POST', '/escalations/bulk', {
      body: { action: 'resolve', escalationIds: ids, resolution: 'DUPLICATE', note: 'one outage' },
    });
    const items = await Promise.all(ids.map((id) => call('GET', `/escalations/${id}`)));

    expect(claimed).toMatchObject({ status: 200, body: { action: 'claim', done: 25, refused: 0 } });
    expect(resolved).toMatchObject({ status: 200, body: { action: 'resolve', done: 25, refused: 0 } });
    for (const item of items)
      expect((item.body.audit as Json[]).map((e) => [e.by, e.action])).toEqual([
        ['li.ops', 'CLAIMED'],
        ['li.ops', 'RESOLVED'],
      ]);
  });

  it("answers each item's refusal with its code, and a bad request with the field", async () => {
    const [free, taken] = await manyOpen(2, 'BULKMIX');
    await call('POST', `/escalations/${taken}/claim`, { as: 'wang.ops' });

    const mixed = await call('POST', '/escalations/bulk', { body: { action: 'claim', escalationIds: [free, taken] } });
    const tooMany = await call('POST', '/escalations/bulk', {
      body: { action: 'claim', escalationIds: Array.from({ length: 51 }, (_, i) => `ESC-X-${i}`) },
    });
    const notJson = await call('POST', '/escalations/bulk', { body: 'claim all' });

    expect(mixed.body).toMatchObject({
      done: 1,
      refused: 1,
      results: [
        { escalationId: free, ok: true, status: 'CLAIMED' },
        { escalationId: taken, ok: false, code: 'CLAIMED_BY_OTHER', claimedBy: 'wang.ops' },
      ],
    });
    expect(tooMany).toMatchObject({ status: 400, body: { field: 'escalationIds' } });
    expect(notJson).toMatchObject({ status: 400 });
  });

  it('keeps an internal note in the audit trail, from any reviewer', async () => {
    const [id] = await manyOpen(1, 'NOTE');

    const noted = await call('POST', `/escalations/${id}/note`, {
      as: 'wang.ops',
      body: { text: '商户来电：明天再试' },
    });
    const empty = await call('POST', `/escalations/${id}/note`, { body: { text: '' } });

    expect(noted.status).toBe(200);
    expect((noted.body.audit as Json[]).map((e) => [e.by, e.action, e.detail])).toEqual([
      ['wang.ops', 'NOTE', '商户来电：明天再试'],
    ]);
    expect(empty).toMatchObject({ status: 400, body: { field: 'text' } });
  });

  it("says who holds an item another reviewer's change was refused for", async () => {
    const [id] = await manyOpen(1, 'HOLDER');
    await call('POST', `/escalations/${id}/claim`, { as: 'wang.ops' });

    const refused = await call('POST', `/escalations/${id}/release`);

    expect(refused).toMatchObject({ status: 409, body: { code: 'CLAIMED_BY_OTHER', claimedBy: 'wang.ops' } });
  });
});

describe('ops API: assigning, reviewers and search', () => {
  const admin = () => ({ token: stack.opsToken('alice', { admin: true }) });

  it('assigns an open item to a named reviewer, who then holds it', async () => {
    const [id] = await manyOpen(1, 'ASSIGN');

    const assigned = await call('POST', `/escalations/${id}/assign`, { body: { to: 'bob' } });
    const released = await call('POST', `/escalations/${id}/release`, { as: 'bob' });

    expect(assigned).toMatchObject({ status: 200, body: { status: 'CLAIMED', claimedBy: 'bob' } });
    expect((assigned.body.audit as Json[]).map((e) => [e.by, e.action, e.detail])).toEqual([
      ['li.ops', 'ASSIGNED', 'bob'],
    ]);
    expect(released).toMatchObject({ status: 200, body: { status: 'OPEN' } });
  });

  it("refuses to assign another's item to a reviewer, and lets an admin reassign it", async () => {
    const [id] = await manyOpen(1, 'REASSIGN');
    await call('POST', `/escalations/${id}/claim`, { as: 'wang.ops' });

    const byReviewer = await call('POST', `/escalations/${id}/assign`, { body: { to: 'bob' } });
    const byAdmin = await call('POST', `/escalations/${id}/assign`, { ...admin(), body: { to: 'bob' } });

    expect(byReviewer).toMatchObject({ status: 409, body: { code: 'CLAIMED_BY_OTHER', claimedBy: 'wang.ops' } });
    expect(byAdmin).toMatchObject({ status: 200, body: { claimedBy: 'bob' } });
  });

  it('refuses to assign to a name with no account, or a disabled one', async () => {
    const [id] = await manyOpen(1, 'NOBODY');
    await call('POST', '/reviewers', { ...admin(), body: { name: 'gone.ops', email: 'gone@ops.example' } });
    await call('POST', '/reviewers/gone.ops', { ...admin(), body: { enabled: false } });

    const unknown = await call('POST', `/escalations/${id}/assign`, { body: { to: 'nobody' } });
    const disabled = await call('POST', `/escalations/${id}/assign`, { body: { to: 'gone.ops' } });
    const noName = await call('POST', `/escalations/${id}/assign`, { body: { to: 'a b' } });
    const item = await call('GET', `/escalations/${id}`);

    expect(unknown).toMatchObject({ status: 400, body: { field: 'to' } });
    expect(disabled).toMatchObject({ status: 400, body: { field: 'to' } });
    expect(noName).toMatchObject({ status: 400, body: { field: 'to' } });
    expect(item.body).toMatchObject({ status: 'OPEN' });
  });

  it('lists the reviewers to anyone, and lets only an admin make and change accounts', async () => {
    const listed = await call('GET', '/reviewers');
    const byReviewer = await call('POST', '/reviewers', { body: { name: 'dan.ops', email: 'dan@ops.example' } });
    const made = await call('POST', '/reviewers', {
      ...admin(),
      body: { name: 'dan.ops', email: 'dan@ops.example', admin: true },
    });
    const again = await call('POST', '/reviewers', { ...admin(), body: { name: 'dan.ops', email: 'x@ops.example' } });
    const demoted = await call('POST', '/reviewers/dan.ops', { ...admin(), body: { admin: false } });
    const selfDemoted = await call('POST', '/reviewers/alice', { ...admin(), body: { admin: false } });
    const missing = await call('POST', '/reviewers/nobody', { ...admin(), body: { enabled: true } });
    const badEmail = await call('POST', '/reviewers', { ...admin(), body: { name: 'eve', email: 'not-an-address' } });
    const demotedStillSigned = await call('POST', '/reviewers/bob', {
      token: stack.opsToken('dan.ops', { admin: true }),
      body: { admin: true },
    });

    expect(listed.status).toBe(200);
    expect((listed.body.reviewers as Json[]).map((r) => [r.name, r.admin, r.enabled])).toEqual(
      expect.arrayContaining([
        ['alice', true, true],
        ['bob', false, true],
      ]),
    );
    expect(byReviewer).toMatchObject({ status: 403, body: { code: 'ADMIN_ONLY' } });
    expect(made).toMatchObject({ status: 200, body: { name: 'dan.ops', email: 'dan@ops.example', admin: true } });
    expect(again).toMatchObject({ status: 409, body: { field: 'name' } });
    expect(demoted).toMatchObject({ status: 200, body: { name: 'dan.ops', admin: false, enabled: true } });
    expect(selfDemoted).toMatchObject({ status: 400, body: { field: 'reviewerName' } });
    expect(demotedStillSigned.status).toBe(403);
    expect(missing.status).toBe(404);
    expect(badEmail).toMatchObject({ status: 400, body: { field: 'email' } });
  });

  it('serves the user pool to the AWS CLI as Cognito does', async () => {
    const poolId = String(process.env[ENV.opsUserPoolId]);
    const cli = (...args: string[]) => awsCli(stack, 'cognito-idp', ...args) as Promise<Json>;

    await cli(
      'admin-create-user',
      '--user-pool-id',
      poolId,
      '--username',
      'cli.ops',
      '--user-attributes',
      'Name=email,Value=cli@ops.example',
    );
    await cli(
      'admin-add-user-to-group',
      '--user-pool-id',
      poolId,
      '--username',
      'cli.ops',
      '--group-name',
      ADMIN_GROUP,
    );
    const members = await cli('list-users-in-group', '--user-pool-id', poolId, '--group-name', ADMIN_GROUP);
    const viaApi = await call('GET', '/reviewers');
    const missing = cli('admin-get-user', '--user-pool-id', poolId, '--username', 'nobody');

    expect((members.Users as Json[]).map((u) => u.Username)).toContain('cli.ops');
    expect(viaApi.body.reviewers).toContainEqual(expect.objectContaining({ name: 'cli.ops', admin: true }));
    await expect(missing).rejects.toThrow(/UserNotFoundException/);
  });

  it('searches the queue by sender, ticket text and reference', async () => {
    const fromShop = await escalation({ from: 'Zhang.Wei@Pearl-Tea.example', body: '终端 39997001 报97，珍珠奶茶店' });
    const other = await escalation({
      from: 'other@shop.example',
      subject: 'Terminal rejected',
      body: 'Terminal ID 39997002 shows code 97 again',
    });
    const ticketOf = async (id: string) => ((await call('GET', `/escalations/${id}`)).body.ticket as Json).ticketId;
    const search = async (q: string) =>
      ((await call('GET', `/escalations?q=${encodeURIComponent(q)}`)).body.escalations as Json[]).map(
        (e) => e.escalationId,
      );

    const bySender = await search('zhang.wei@pearl');
    const byText = await search('珍珠奶茶');
    const byTwoWords = await search('terminal AGAIN');
    const byReference = await search(
      referenceOf(String(await ticketOf(other)))
        .toLowerCase()
        .replace('-', ' '),
    );
    const tooLong = await call('GET', `/escalations?q=${'x'.repeat(201)}`);

    expect(bySender).toEqual([fromShop]);
    expect(byText).toEqual([fromShop]);
    expect(byTwoWords).toEqual([other]);
    expect(byReference).toEqual([other]);
    expect(tooLong).toMatchObject({ status: 400, body: { field: 'q' } });
  });
});

describe('ops API: decision records', () => {
  const send = (ticketId: string, receivedAt: string) =>
    deliver(
      stack,
      JSON.stringify({
        ticketId,
        receivedAt,
        from: 'OWNER@bakery-west.example',
        subject: 'POS问题',
        body: '刷卡一直提示97终端未登记，终端号 30000101',
      }),
    );

  it('shows what was decided for a ticket and why: rules edition, records read, findings, emails', async () => {
    await send('DR-1', '2026-10-01T10:00:00+08:00');

    const { status, body } = await call('GET', '/tickets/DR-1');

    expect(status).toBe(200);
    expect(body).toMatchObject({
      ticketId: 'DR-1',
      outcome: 'AUTO_RESOLVED',
      findings: ['SIGN_IN_REQUIRED'],
      rulesVersion: expect.stringMatching(/^playbook-/),
      triggerEvidence: expect.stringContaining('97'),
      terminalId: '30000101',
    });
    expect((body.recordsRead as Json).records).toMatchObject({
      merchant: expect.objectContaining({ merchantId: '898500000000101' }),
    });
    expect(body.emails).toEqual([
      expect.objectContaining({
        from: 'workflow',
        to: 'Owner@Bakery-West.example',
        status: 'SENT',
        messageId: expect.any(String),
      }),
    ]);
    expect(body).not.toHaveProperty('emailClaim');
    expect(body).not.toHaveProperty('deliveryId');
  });

  it("finds a terminal's and a merchant's decision records, newest first, a page at a time", async () => {
    await send('DR-1', '2026-10-01T10:00:00+08:00');
    await send('DR-2', '2026-10-20T10:00:00+08:00');
    await send('DR-3', '2026-11-02T10:00:00+08:00');

    const byTerminal = await call('GET', '/tickets?terminalId=30000101&limit=2');
    const next = await call(
      'GET',
      `/tickets?terminalId=30000101&limit=2&cursor=${encodeURIComponent(String(byTerminal.body.cursor))}`,
    );
    const byMerchant = await call('GET', '/tickets?merchantId=898500000000101&limit=100');

    const ids = (page: { body: Json }) => (page.body.tickets as Json[]).map((t) => t.ticketId);
    expect(ids(byTerminal)).toEqual(['DR-3', 'DR-2']);
    expect(ids(next)).toContain('DR-1');
    expect(ids(byMerchant)).toEqual(expect.arrayContaining(['DR-1', 'DR-2', 'DR-3']));
  });

  it.each([
    ['', 'terminalId'],
    ['terminalId=30000101&merchantId=898500000000101', 'terminalId'],
    ['merchantId=', 'merchantId'],
    ['terminalId=30000101&limit=500', 'limit'],
    ['terminalId=30000101&cursor=bad', 'cursor'],
  ])('refuses the search "%s" naming %s', async (query, field) => {
    const { status, body } = await call('GET', `/tickets?${query}`);

    expect(status).toBe(400);
    expect(body.field).toBe(field);
  });

  it('answers 404 for a ticket it does not have, and 401 without a token', async () => {
    expect((await call('GET', '/tickets/NOPE')).status).toBe(404);
    expect((await call('GET', '/tickets/DR-1', { as: null })).status).toBe(401);
  });
});
