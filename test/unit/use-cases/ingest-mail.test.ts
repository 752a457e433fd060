import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAIL_EXPECTATIONS } from '#fixtures/mail-expectations';
import { postalMimeParser } from '#adapters/mail/parser';
import { type IncomingMail, ingestMail } from '#use-cases/ingest-mail';
import { referenceOf } from '#domain/replies/reference';
import { recordingForwarder } from '#fixtures/memory/services';
import { memoryWorld } from '#fixtures/memory/world';

const OWN = ['support@acquirer.example'];
const PASSED = { spam: false, virus: false, senderAuthenticated: true };

const raw = (headers: Record<string, string>, body: string) =>
  new TextEncoder().encode(
    `${Object.entries({ 'MIME-Version': '1.0', 'Content-Type': 'text/plain; charset=utf-8', ...headers })
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n')}\r\n\r\n${body}\r\n`,
  );

const incoming = (bytes: Uint8Array, over: Partial<IncomingMail> = {}): IncomingMail => ({
  location: `s3://mail/inbox/${Math.random().toString(36).slice(2)}`,
  bytes: bytes.length,
  read: async () => bytes,
  arrivedAt: new Date('2026-11-20T02:00:00Z'),
  verdicts: PASSED,
  ...over,
});

const message = (id: string, subject: string, body: string, more: Record<string, string> = {}) =>
  raw(
    {
      From: 'owner@bakery-west.example',
      To: OWN[0] ?? '',
      Subject: subject,
      'Message-ID': `<${id}@mail.example>`,
      Date: 'Fri, 20 Nov 2026 09:58:00 +0800',
      ...more,
    },
    body,
  );

const DESK = 'desk@acquirer.example';

function world(options: { desk: boolean } = { desk: true }) {
  const w = memoryWorld();
  const forwarder = recordingForwarder();
  const forwarding = options.desk ? { to: DESK, forwarder } : null;
  return { w, forwarder, deps: { ...w.deps, parser: postalMimeParser, held: w.held, ownAddresses: OWN, forwarding } };
}

const FIXTURES = path.join(import.meta.dirname, '..', '..', 'fixtures', 'mail');

describe('ingestMail', () => {
  it.each(Object.entries(MAIL_EXPECTATIONS).filter(([, e]) => 'refused' in e))(
    'refuses %s without storing or answering it',
    async (file, expected) => {
      const { w, deps } = world();
      const result = await ingestMail(deps, incoming(readFileSync(path.join(FIXTURES, file))));
      const refused = 'refused' in expected ? expected.refused : null;

      expect(result).toMatchObject({
        kind: 'REFUSED',
        automatic: refused?.as,
        reason: expect.stringContaining(refused?.reason ?? '?'),
      });
      expect(w.tickets.items.size).toBe(0);
      expect(w.started).toHaveLength(0);
    },
  );

  it('makes a code-97 message a ticket through accept-ticket, once per Message-ID', async () => {
    const { w, deps } = world();
    const bytes = message('a1', 'POS机刷卡提示97', '刷卡提示97终端未登记，终端号 30000101');

    const first = await ingestMail(deps, incoming(bytes));
    const again = await ingestMail(deps, incoming(bytes));

    expect(first).toMatchObject({ kind: 'TICKET', result: { kind: 'ACCEPTED' } });
    expect(again).toMatchObject({ kind: 'TICKET', result: { kind: 'DUPLICATE' } });
    expect(w.started).toHaveLength(1);
    expect(w.started[0]?.ticket).toMatchObject({ channel: 'email', from: 'owner@bakery-west.example' });
  });

  it('refuses an auto-reply and our own mail, storing nothing', async () => {
    const { w, deps } = world();
    const auto = message('a2', 'Out of office', 'I am away; 97', { 'Auto-Submitted': 'auto-replied' });
    const own = raw({ From: OWN[0] ?? '', Subject: 'Re: 97', 'Message-ID': '<a3@x.example>' }, '97');

    expect(await ingestMail(deps, incoming(auto))).toMatchObject({ kind: 'REFUSED' });
    expect(await ingestMail(deps, incoming(own))).toMatchObject({ kind: 'REFUSED' });
    expect(w.tickets.items.size).toBe(0);
  });

  it('holds an oversized or unreadable message for a person, in the queue', async () => {
    const { w, deps } = world();
    const big = incoming(new Uint8Array(1), { bytes: 11 * 1024 * 1024 });
    const noSender = incoming(raw({ Subject: '97' }, 'no from header here'));

    expect(await ingestMail(deps, big)).toMatchObject({ kind: 'HELD' });
    expect(await ingestMail(deps, noSender)).toMatchObject({
      kind: 'HELD',
      reason: expect.stringContaining('no sender'),
    });
    expect([...w.escalations.items.values()].map((i) => i.diagnosis)).toEqual(['MAIL_NOT_READ', 'MAIL_NOT_READ']);
  });

  it('refuses a message with a virus and holds one judged spam', async () => {
    const { deps } = world();
    const bytes = message('a4', '97', '97');

    expect(await ingestMail(deps, incoming(bytes, { verdicts: { ...PASSED, virus: true } }))).toMatchObject({
      kind: 'REFUSED',
    });
    expect(await ingestMail(deps, incoming(bytes, { verdicts: { ...PASSED, spam: true } }))).toMatchObject({
      kind: 'HELD',
    });
  });

  it('records "谢谢，已经好了" in the thread as the earlier ticket confirmed fixed, starting nothing', async () => {
    const { w, deps } = world();
    const first = await ingestMail(deps, incoming(message('b1', 'POS提示97', '刷卡提示97，终端号 30000101')));
    const ticketId = first.kind === 'TICKET' && first.result.kind === 'ACCEPTED' ? first.result.ticketId : '';
    const thanks = message('b2', `Re: [${ticketId}] 处理方法`, '谢谢，已经好了', {
      'In-Reply-To': '<b1@mail.example>',
    });

    const result = await ingestMail(deps, incoming(thanks));

    expect(result).toMatchObject({ kind: 'CONFIRMED', confirms: ticketId });
    expect(w.tickets.items.get(ticketId)?.confirmedFixed).toMatchObject({
      byTicketId: expect.stringMatching(/^MAIL-/),
    });
    expect(w.started).toHaveLength(1);
  });

  it('does not link a reply whose sender the receiving service could not authenticate', async () => {
    const { deps } = world();
    const first = await ingestMail(deps, incoming(message('c1', 'POS提示97', '提示97，终端号 30000101')));
    const ticketId = first.kind === 'TICKET' && first.result.kind === 'ACCEPTED' ? first.result.ticketId : '';
    const thanks = message('c2', `Re: [${ticketId}]`, '谢谢，已经好了');

    const result = await ingestMail(deps, incoming(thanks, { verdicts: { ...PASSED, senderAuthenticated: false } }));

    expect(result).toMatchObject({ kind: 'TICKET', thread: null });
  });

  it("links a reply by the reference in its subject alone, and only for the ticket's own sender", async () => {
    const { deps } = world();
    const first = await ingestMail(deps, incoming(message('r1', 'POS提示97', '刷卡提示97，终端号 30000101')));
    const ticketId = first.kind === 'TICKET' && first.result.kind === 'ACCEPTED' ? first.result.ticketId : '';
    const reference = referenceOf(ticketId).toLowerCase();
    const thanks = message('r2', `回复：${reference} 处理方法`, '谢谢，已经好了');
    const stranger = message('r3', `Re: [${referenceOf(ticketId)}]`, '谢谢，已经好了', {
      From: 'someone@else.example',
    });

    expect(await ingestMail(deps, incoming(thanks))).toMatchObject({ kind: 'CONFIRMED', confirms: ticketId });
    expect(await ingestMail(deps, incoming(stranger))).toMatchObject({ kind: 'TICKET', thread: null });
  });

  describe('mail that is not about code 97', () => {
    const feeQuestion = () => message('fee1', '手续费怎么算？', '请问这个月的刷卡手续费为什么比上个月高？');

    it('is kept, forwarded once to the normal support desk as it arrived, and the forward recorded', async () => {
      const { w, forwarder, deps } = world();
      const bytes = feeQuestion();

      const first = await ingestMail(deps, incoming(bytes));
      const again = await ingestMail(deps, incoming(bytes));

      expect(first).toMatchObject({ kind: 'TICKET', result: { kind: 'NOT_TRIGGERED' }, forwardedTo: DESK });
      expect(again).toMatchObject({ kind: 'TICKET', result: { kind: 'DUPLICATE' }, forwardedTo: null });
      expect(forwarder.forwarded).toHaveLength(1);
      expect(forwarder.forwarded[0]).toMatchObject({
        to: DESK,
        from: 'owner@bakery-west.example',
        subject: '手续费怎么算？',
      });
      expect(Buffer.from(forwarder.forwarded[0]?.raw ?? []).equals(Buffer.from(bytes))).toBe(true);
      const [stored] = [...w.tickets.items.values()];
      expect(stored).toMatchObject({ outcome: 'NOT_TRIGGERED', forwarded: { to: DESK, messageId: 'fwd-1' } });
      expect(w.sent).toHaveLength(0);
    });

    it('fails when the forward fails, and forwards on the redelivery that follows', async () => {
      const { forwarder, deps } = world();
      forwarder.failNext = true;

      await expect(ingestMail(deps, incoming(feeQuestion()))).rejects.toThrow('unavailable');
      const redelivered = await ingestMail(deps, incoming(feeQuestion()));

      expect(redelivered).toMatchObject({ result: { kind: 'DUPLICATE' }, forwardedTo: DESK });
      expect(forwarder.forwarded).toHaveLength(1);
    });

    it('is kept and findable by its sender when no desk is configured', async () => {
      const { w, forwarder, deps } = world({ desk: false });

      const result = await ingestMail(deps, incoming(feeQuestion()));
      const found = await w.tickets.search({ by: 'from', value: 'owner@bakery-west.example', limit: 10, cursor: null });

      expect(result).toMatchObject({ result: { kind: 'NOT_TRIGGERED' }, forwardedTo: null });
      expect(forwarder.forwarded).toHaveLength(0);
      expect(found.tickets.map((t) => t.ticket.subject)).toEqual(['手续费怎么算？']);
    });

    it('does not forward code-97 mail or a "works now" confirmation', async () => {
      const { forwarder, deps } = world();
      const first = await ingestMail(deps, incoming(message('c1', 'POS提示97', '刷卡提示97，终端号 30000101')));
      const ticketId = first.kind === 'TICKET' && first.result.kind === 'ACCEPTED' ? first.result.ticketId : '';
      const thanks = message('c2', `Re: [${ticketId}] 处理方法`, '谢谢，已经好了', {
        'In-Reply-To': '<c1@mail.example>',
      });

      expect(await ingestMail(deps, incoming(thanks))).toMatchObject({ kind: 'CONFIRMED' });
      expect(forwarder.forwarded).toHaveLength(0);
    });
  });
});
