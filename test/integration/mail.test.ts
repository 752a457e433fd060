import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';
import { postalMimeParser } from '#adapters/mail/parser';
import { mailTicketId } from '#domain/intake/mail';
import { deliverMail, finalTicket } from '#lib/local/replay';
import type { LocalStack } from '#lib/local/stack';
import { sendBySmtp } from '#fixtures/clients';
import { useLocalStack } from '#fixtures/local-stack';
import type { TicketRecord } from '#use-cases/ports';
import { storedItem } from '#fixtures/stored';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures');
const eml = (name: string) => readFileSync(path.join(FIXTURES, 'mail', name));
let stack: LocalStack;

useLocalStack((started) => (stack = started));

const stored = <T = Record<string, unknown>>(table: keyof LocalStack['tableNames'], key: Record<string, string>) =>
  storedItem<T>(stack, table, key);

const ticketIdOf = async (raw: Uint8Array) => mailTicketId(await postalMimeParser.parse(raw));

/** A message written to the support inbox's SMTP listener, as a mail client would. */
const sendBySmtpHere = (raw: Uint8Array) => sendBySmtp(stack, raw);

/** A well-formed message of about `bytes`, most of it one attachment. */
function largeMessage(bytes: number): Buffer {
  const attachment = Buffer.alloc(Math.ceil((bytes * 3) / 4), 7)
    .toString('base64')
    .replace(/.{76}/g, '$&\r\n');
  return Buffer.from(
    [
      'From: ops@dongmen-market.example',
      'To: support@acquirer.example',
      'Subject: POS 97 photos',
      'Message-ID: <large-1@dongmen-market.example>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="big"',
      '',
      '--big',
      'Content-Type: text/plain; charset=UTF-8',
      '',
      '刷卡提示97，终端号 30000301，照片见附件。',
      '--big',
      'Content-Type: image/jpeg; name="photo.jpg"',
      'Content-Transfer-Encoding: base64',
      '',
      attachment,
      '--big--',
      '',
    ].join('\r\n'),
  );
}

// One scenario, in order: later tests answer, re-deliver or read back the fixtures earlier tests delivered.
describe('mail', { shuffle: false }, () => {
  describe('mail to the support inbox, through the ingest path', { shuffle: false }, () => {
    it.each([
      [
        '01-gbk-base64.eml',
        { outcome: 'AUTO_RESOLVED', terminalId: '30000301', findings: ['NOT_ACTIVATED', 'FEES_OVERDUE'] },
        'zh',
      ],
      [
        '02-gb18030-quoted-printable.eml',
        { outcome: 'AUTO_RESOLVED', terminalId: '30000302', findings: ['FEES_OVERDUE', 'FIRMWARE_OUTDATED'] },
        'zh',
      ],
      ['03-big5.eml', { outcome: 'ESCALATED', terminalId: '3000A303', diagnosis: 'TERMINAL_DEREGISTERED' }, 'zh'],
      [
        '04-windows-1252.eml',
        { outcome: 'AUTO_RESOLVED', terminalId: '30000201', diagnosis: 'FIRMWARE_OUTDATED' },
        'en',
      ],
      ['05-html-only.eml', { outcome: 'ESCALATED', terminalId: '30000502', diagnosis: 'APPLICATION_INCOMPLETE' }, 'zh'],
      [
        '06-encoded-word-subject.eml',
        { outcome: 'ESCALATED', terminalId: '30000401', diagnosis: 'MERCHANT_INACTIVE' },
        'zh',
      ],
    ])('triages %s from its decoded text', async (file, expected, language) => {
      const result = await deliverMail(stack, eml(file));

      expect(result).toMatchObject({ ...expected, duplicate: false });
      expect(result.ticketId).toMatch(/^MAIL-[0-9a-f]{24}$/);
      expect(result.emails).toHaveLength(1);
      expect(result.emails[0]?.language).toBe(language);
    });

    it('keeps the decoded subject, the bare sender address and the Date header on the ticket', async () => {
      const ticketId = await ticketIdOf(eml('06-encoded-word-subject.eml'));

      const record = await stored<TicketRecord>('tickets', { ticketId });

      expect(record?.ticket).toMatchObject({
        subject: 'POS机报97，急！',
        from: 'risk@frozen-shop.example',
        receivedAt: '2026-11-20T06:00:00.000Z',
        channel: 'email',
      });
    });

    it('reads curly quotes and dashes of windows-1252 as the writer typed them', async () => {
      const record = await stored<TicketRecord>('tickets', { ticketId: await ticketIdOf(eml('04-windows-1252.eml')) });

      expect(record?.ticket.body).toContain('“error 97 – terminal not registered”');
      expect(record?.ticket.body).toContain('Renée, Harbourside Café');
    });

    it('reads an HTML-only message as text, without the quoted thread under it', async () => {
      const record = await stored<TicketRecord>('tickets', { ticketId: await ticketIdOf(eml('05-html-only.eml')) });

      expect(record?.ticket.body).toBe('刷卡提示 97 ，终端号 30000502\n谢谢！');
    });

    it('leaves the quoted thread and the signature out, so a 97 only quoted does not trigger', async () => {
      const result = await deliverMail(stack, eml('07-quoted-thread.eml'));
      const record = await stored<TicketRecord>('tickets', { ticketId: String(result.ticketId) });

      expect(result).toMatchObject({ outcome: 'NOT_TRIGGERED', emails: [] });
      expect(record?.ticket.body).toBe('Just checking in about the paper rolls we ordered, thanks.');
    });

    it('lists attachments in the decision record without reading them', async () => {
      const result = await deliverMail(stack, eml('16-attachment.eml'));
      const record = await stored<TicketRecord>('tickets', { ticketId: String(result.ticketId) });

      expect(result.outcome).toBe('ESCALATED');
      expect(record?.mail?.attachments).toEqual([{ filename: 'screen.pdf', mimeType: 'application/pdf', bytes: 1280 }]);
      expect(record?.ticket.body).toBe('屏幕显示97，照片在附件。');
    });

    it('makes the same message delivered twice one ticket, with one email', async () => {
      const first = await deliverMail(stack, eml('01-gbk-base64.eml'));

      expect(first).toMatchObject({ duplicate: true, outcome: 'AUTO_RESOLVED', emails: [] });
    });

    it.each([
      ['12-auto-reply.eml', 'Auto-Submitted: auto-replied'],
      ['13-bounce.eml', 'delivery status notification'],
      ['15-own-address.eml', 'our own mail coming back'],
    ])('refuses %s and stores no ticket', async (file, reason) => {
      const ticketId = await ticketIdOf(eml(file));

      const result = await deliverMail(stack, eml(file));

      expect(result.outcome).toBe('REJECTED');
      expect(result.error).toContain(reason);
      expect(await stored('tickets', { ticketId })).toBeUndefined();
    });

    it('keeps a message it cannot read and lists it in the ops queue', async () => {
      const result = await deliverMail(stack, eml('14-broken-mime.eml'));
      const escalations = await fetch(`${stack.urls.api}/escalations`, {
        headers: { authorization: `Bearer ${stack.opsToken('ops')}` },
      }).then((r) => r.json() as Promise<{ escalations: Array<Record<string, unknown>> }>);
      const held = escalations.escalations.find(
        (e) => e.diagnosis === 'MAIL_NOT_READ' && String(e.reasons).includes('no sender'),
      );

      expect(result).toMatchObject({ outcome: 'REJECTED', error: expect.stringContaining('HELD') });
      expect(held?.heldMail).toMatchObject({ bytes: eml('14-broken-mime.eml').length, from: null });
      expect(existsSync(stack.inbox.pathOf(String((held?.heldMail as { location: string }).location)))).toBe(true);
    });

    it('keeps a 12 MB message unread, listed for a person', async () => {
      const raw = largeMessage(12 * 1024 * 1024);

      const result = await deliverMail(stack, raw);
      const escalations = await fetch(`${stack.urls.api}/escalations`, {
        headers: { authorization: `Bearer ${stack.opsToken('ops')}` },
      }).then((r) => r.json() as Promise<{ escalations: Array<{ heldMail?: { bytes: number } }> }>);

      expect(result).toMatchObject({ outcome: 'REJECTED', error: expect.stringContaining('over the 10485760 bytes') });
      expect(escalations.escalations.some((e) => e.heldMail?.bytes === raw.length)).toBe(true);
    });
  });

  describe('replies in a thread', { shuffle: false }, () => {
    it('records "谢谢，已经好了" as the earlier ticket confirmed fixed, with no workflow run and no email', async () => {
      const original = await deliverMail(stack, eml('08-thread-original.eml'));
      const runsBefore = stack.stepFunctions.stats.started;

      const reply = await deliverMail(stack, eml('09-thread-fixed-thanks.eml'));
      const earlier = await stored<TicketRecord>('tickets', { ticketId: String(original.ticketId) });

      expect(original.outcome).toBe('AUTO_RESOLVED');
      expect(reply).toMatchObject({
        outcome: 'NOT_TRIGGERED',
        confirms: original.ticketId,
        thread: original.ticketId,
        emails: [],
      });
      expect(earlier?.confirmedFixed).toEqual({ at: expect.any(String), byTicketId: reply.ticketId });
      expect(stack.stepFunctions.stats.started).toBe(runsBefore);
    });

    it('triages "还是不行" as a new ticket on the thread\'s terminal: REPEAT_CONTACT, with the thread in the packet', async () => {
      const original = await deliverMail(stack, eml('10-still-original.eml'));

      const reply = await deliverMail(stack, eml('11-still-fails.eml'));
      const packet = await stored<{ thread?: { ticketId: string; via: string } }>('escalations', {
        escalationId: String(reply.escalationId),
      });

      expect(reply).toMatchObject({
        outcome: 'ESCALATED',
        diagnosis: 'REPEAT_CONTACT',
        terminalId: '30000501',
        thread: original.ticketId,
      });
      expect(packet?.thread).toMatchObject({ ticketId: original.ticketId, via: 'subject', outcome: 'AUTO_RESOLVED' });
    });

    it('links a reply by In-Reply-To to the ticket whose email it answers', async () => {
      const original = await deliverMail(stack, eml('01-gbk-base64.eml'));
      const sent = await stored<TicketRecord>('tickets', { ticketId: String(original.ticketId) });
      const raw = Buffer.from(
        [
          'From: ops@dongmen-market.example',
          'To: support@acquirer.example',
          'Subject: Re: your email',
          `In-Reply-To: <${sent?.emailMessageId}@email.amazonses.com>`,
          'Message-ID: <by-reference@dongmen-market.example>',
          'Content-Type: text/plain; charset=UTF-8',
          '',
          'It works now, fixed, thanks!',
        ].join('\r\n'),
      );

      const reply = await deliverMail(stack, raw);

      expect(reply).toMatchObject({ outcome: 'NOT_TRIGGERED', confirms: original.ticketId });
    });
  });

  /** A plain UTF-8 message. */
  const message = (headers: Record<string, string>, body: string) =>
    Buffer.from(
      [
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
        'Content-Type: text/plain; charset=UTF-8',
        '',
        body,
      ].join('\r\n'),
    );

  describe('who may continue a thread, and what a reply triggers', { shuffle: false }, () => {
    it("does not link, and so never confirms, a reply from someone who is not the ticket's sender", async () => {
      const original = await deliverMail(stack, eml('02-gb18030-quoted-printable.eml'));
      const raw = message(
        {
          From: 'stranger@elsewhere.example',
          Subject: `Re: [${original.ticketId}] 处理方法`,
          'Message-ID': '<stranger-1@elsewhere.example>',
        },
        'works now, fixed, thanks',
      );

      const reply = await deliverMail(stack, raw);
      const earlier = await stored<TicketRecord>('tickets', { ticketId: String(original.ticketId) });

      expect(reply).toMatchObject({ outcome: 'NOT_TRIGGERED', thread: null, confirms: null });
      expect(earlier?.confirmedFixed).toBeUndefined();
    });

    it('does not link a reply whose sender the receiving service could not authenticate', async () => {
      const original = await deliverMail(stack, eml('03-big5.eml'));
      const raw = message(
        {
          From: 'ops@dongmen-market.example',
          Subject: `Re: [${original.ticketId}] 处理方法`,
          'Message-ID': '<spoofed-1@dongmen-market.example>',
        },
        '好了，谢谢',
      );

      const reply = await deliverMail(stack, raw, { verdicts: { spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL' } });

      expect(reply).toMatchObject({ outcome: 'NOT_TRIGGERED', thread: null, confirms: null });
    });

    it('takes "thanks, I will try tomorrow" under our subject as a reply, not as a new code-97 ticket', async () => {
      const original = await ticketIdOf(eml('04-windows-1252.eml'));
      const raw = message(
        {
          From: 'team@harbourside.example',
          Subject: `Re: [${original}] How to fix code 97 on your terminal`,
          'Message-ID': '<polite-1@harbourside.example>',
        },
        'Thanks, I will try it tomorrow morning.',
      );

      const reply = await deliverMail(stack, raw);

      expect(reply).toMatchObject({ outcome: 'NOT_TRIGGERED', thread: original, confirms: null, emails: [] });
    });

    it('keeps a reply written below the quote', async () => {
      // An hour after the auto-resolved original on the same terminal, so REPEAT_CONTACT holds whatever today is.
      const original = await deliverMail(stack, eml('04-windows-1252.eml'));
      const earlier = await stored<TicketRecord>('tickets', { ticketId: String(original.ticketId) });
      const date = new Date(Date.parse(String(earlier?.ticket.receivedAt)) + 3_600_000).toUTCString();
      const raw = message(
        {
          From: 'team@harbourside.example',
          Subject: 'Re: error',
          'Message-ID': '<bottom-1@harbourside.example>',
          Date: date,
        },
        'On Fri, Nov 20, 2026 at 9:14 AM Support <support@acquirer.example> wrote:\r\n> What does the screen show?\r\n\r\nIt shows error 97 terminal not registered, TID 30000201.',
      );

      const result = await deliverMail(stack, raw);
      const record = await stored<TicketRecord>('tickets', { ticketId: String(result.ticketId) });

      expect(record?.ticket.body).toBe('It shows error 97 terminal not registered, TID 30000201.');
      expect(result).toMatchObject({ diagnosis: 'REPEAT_CONTACT', terminalId: '30000201' });
    });

    it('holds a message the receiving scan judged spam for a person, and refuses one with a virus', async () => {
      const spam = message(
        { From: 'team@harbourside.example', Subject: 'error 97', 'Message-ID': '<spam-1@harbourside.example>' },
        'error 97 TID 30000201',
      );
      const virus = message(
        { From: 'team@harbourside.example', Subject: 'error 97', 'Message-ID': '<virus-1@harbourside.example>' },
        'error 97 TID 30000201',
      );

      const held = await deliverMail(stack, spam, { verdicts: { spam: 'FAIL' } });
      const refused = await deliverMail(stack, virus, { verdicts: { virus: 'FAIL' } });

      expect(held.error).toBe('HELD: the receiving scan judged it spam');
      expect(refused.error).toBe('REFUSED: the receiving scan found a virus');
      expect(await stored('tickets', { ticketId: await ticketIdOf(spam) })).toBeUndefined();
    });

    it('takes receivedAt from the Date header, but not from a sender clock a year behind or days ahead', async () => {
      const dated = (id: string, date: string) =>
        message(
          {
            From: 'team@harbourside.example',
            Subject: 'hello',
            'Message-ID': `<${id}@harbourside.example>`,
            Date: date,
          },
          'hello',
        );
      const before = Date.now();

      const fine = await deliverMail(stack, dated('date-ok', new Date(before - 3_600_000).toUTCString()));
      const ancient = await deliverMail(stack, dated('date-2000', 'Sat, 01 Jan 2000 00:00:00 +0800'));
      const future = await deliverMail(stack, dated('date-2099', 'Thu, 01 Jan 2099 00:00:00 +0800'));
      const at = async (r: { ticketId: string | null }) =>
        Date.parse(String((await stored<TicketRecord>('tickets', { ticketId: String(r.ticketId) }))?.receivedAt));

      expect(await at(fine)).toBe(Math.floor((before - 3_600_000) / 1000) * 1000);
      expect(await at(ancient)).toBeGreaterThanOrEqual(before - 1000);
      expect(await at(future)).toBeLessThanOrEqual(Date.now());
    });
  });

  describe('the SMTP listener', { shuffle: false }, () => {
    it.each(['02-gb18030-quoted-printable.eml', '03-big5.eml'])(
      'accepts %s and hands it to the same ingest path',
      async (file) => {
        const raw = eml(file);
        const ticketId = await ticketIdOf(raw);

        const sent = await sendBySmtpHere(raw);
        const record = await finalTicket(stack, ticketId, 30_000);

        expect(sent.response).toMatch(/^250/);
        expect(record).toMatchObject({ ticketId, status: 'DECIDED' });
      },
    );

    it('accepts an auto-reply as mail, and makes no ticket of it', async () => {
      const raw = eml('12-auto-reply.eml');

      const sent = await sendBySmtpHere(raw);

      expect(sent.response).toMatch(/^250/);
      expect(await stored('tickets', { ticketId: await ticketIdOf(raw) })).toBeUndefined();
    });

    it('accepts a 12 MB message and keeps it for a person', async () => {
      const raw = largeMessage(12 * 1024 * 1024 + 100);

      const sent = await sendBySmtpHere(raw);
      const escalations = await fetch(`${stack.urls.api}/escalations`, {
        headers: { authorization: `Bearer ${stack.opsToken('ops')}` },
      }).then((r) => r.json() as Promise<{ escalations: Array<{ heldMail?: { bytes: number } }> }>);

      expect(sent.response).toMatch(/^250/);
      expect(escalations.escalations.some((e) => e.heldMail?.bytes === raw.length)).toBe(true);
    });
  });
});
