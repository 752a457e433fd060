import { describe, expect, it } from 'vitest';
import {
  htmlToText,
  mailDate,
  mailTicketId,
  merchantSays,
  newTextOf,
  refusalOf,
  threadReferences,
  writersText,
  type ParsedMail,
} from '#domain/intake/mail';
import { mailTrigger, type ThreadLink } from '#domain/intake/thread';
import { validateTicket } from '#domain/triage/validate';

const OWN = ['support@acquirer.example'];

const mail = (fields: Partial<ParsedMail> = {}): ParsedMail => ({
  messageId: '<m1@shop.example>',
  inReplyTo: null,
  references: [],
  from: 'owner@shop.example',
  subject: 'POS 97',
  date: '2026-11-20T01:00:00.000Z',
  text: '刷卡提示97',
  html: null,
  headers: [],
  contentType: 'text/plain; charset=utf-8',
  attachments: [],
  ...fields,
});

const withHeader = (key: string, value: string) => mail({ headers: [{ key, value }] });

describe('which messages are not tickets', () => {
  it.each([
    [withHeader('auto-submitted', 'auto-replied'), 'Auto-Submitted'],
    [withHeader('auto-submitted', 'auto-generated'), 'Auto-Submitted'],
    [withHeader('precedence', 'bulk'), 'Precedence: bulk'],
    [withHeader('precedence', 'JUNK'), 'Precedence: junk'],
    [withHeader('precedence', 'list'), 'Precedence: list'],
    [withHeader('precedence', 'auto_reply'), 'Precedence: auto_reply'],
    [withHeader('x-autoreply', 'yes'), 'x-autoreply'],
    [withHeader('x-autorespond', 'Out of office'), 'x-autorespond'],
    [mail({ contentType: 'multipart/report; report-type=delivery-status; boundary=x' }), 'bounce'],
    [mail({ attachments: [{ filename: null, mimeType: 'message/delivery-status', bytes: 200 }] }), 'bounce'],
    [mail({ from: 'MAILER-DAEMON@mx.shop.example' }), 'delivery status'],
    [mail({ from: 'postmaster@shop.example' }), 'delivery status'],
    [withHeader('return-path', '<>'), 'empty Return-Path'],
    [mail({ from: 'Support@Acquirer.example' }), 'our own mail'],
  ])('refuses %#: %s', (message, reason) => {
    expect(refusalOf(message, OWN)).toContain(reason);
  });

  it.each([[mail()], [withHeader('auto-submitted', 'no')], [withHeader('precedence', 'normal')]])(
    'takes a message a person wrote (%#)',
    (message) => {
      expect(refusalOf(message, OWN)).toBeNull();
    },
  );
});

describe("the writer's new text", () => {
  it.each([
    ['> lines anywhere', '还是提示97\n> 您的终端号 10030012\n谢谢', '还是提示97\n谢谢'],
    [
      '在 … 写道： on one line',
      '好了\n在 2026年11月20日 09:01，客服 <support@acquirer.example> 写道：\n您的终端 97',
      '好了',
    ],
    [
      '在 … on one line, 写道： on the next',
      '好了\n在 2026年11月20日 09:01，客服 <support@acquirer.example>\n写道：\n97',
      '好了',
    ],
    [
      'On … wrote:',
      'Still failing.\nOn Fri, Nov 20, 2026 at 9:14 AM Support <support@acquirer.example> wrote:\nerror 97',
      'Still failing.',
    ],
    [
      'On … wrapped before wrote:',
      'Fine now.\nOn Fri, Nov 20, 2026 at 9:14 AM Support\n<support@acquirer.example> wrote:\nerror 97',
      'Fine now.',
    ],
    ['traditional 寫道', '可以了\n於 2026年11月20日 客服 寫道：\n97', '可以了'],
    ['an original message', '不行\n-----原始邮件-----\n主题: 97', '不行'],
    ['a forwarded message', 'see below\n---------- Forwarded message ---------\nFrom: x\nerror 97', 'see below'],
    [
      'an Outlook header block',
      '收到\n发件人: support@acquirer.example\n发送时间: 2026年11月20日 9:01\n主题: 97',
      '收到',
    ],
    [
      'an English Outlook block',
      'ok\nFrom: Support <support@acquirer.example>\nSent: Friday, November 20, 2026 9:01 AM\nSubject: 97',
      'ok',
    ],
    ['an Outlook separator line', 'ok\n________________________________\nFrom: support', 'ok'],
    ['a signature after "-- "', '刷卡报97\n-- \n老街茶馆 终端号 30000502', '刷卡报97'],
    ['a phone footer', '刷卡报97\n\n发自我的iPhone\n终端号 30000502', '刷卡报97'],
    ['Sent from my phone', 'error 97\nSent from my Huawei phone\nTID 30000502', 'error 97'],
  ])('leaves out %s', (_case, text, expected) => {
    expect(writersText(text)).toBe(expected);
  });

  it.each([
    [
      'a line ending in 写道： that is no attribution',
      '你好，\n终端屏幕上写道：\n交易失败 97',
      '你好，\n终端屏幕上写道：\n交易失败 97',
    ],
    [
      'a reply written below the quote',
      'On Fri, Nov 20 Support <s@acquirer.example> wrote:\n> old 97\n\nStill shows 97, TID 12345678',
      'Still shows 97, TID 12345678',
    ],
    [
      'a line starting "On" that quotes nothing',
      'On Monday the terminal showed 97.\nTID 30000101',
      'On Monday the terminal showed 97.\nTID 30000101',
    ],
  ])('keeps %s', (_case, text, expected) => {
    expect(writersText(text)).toBe(expected);
  });

  it('stops at an attribution followed by an unmarked quote (Foxmail, QQ)', () => {
    expect(writersText('好了\n在 2026-11-20 09:01，"客服"<support@acquirer.example> 写道：\n您的终端提示97')).toBe(
      '好了',
    );
  });

  it('reads a line of millions of underscores without failing, and no further than a ticket could hold', () => {
    const text = writersText(`97\n${'_'.repeat(6_000_000)}`);

    expect(text.startsWith('97\n___')).toBe(true);
    expect(text.length).toBeLessThanOrEqual(200_000);
  });

  it('keeps a "From:" line that opens no header block', () => {
    expect(writersText('From: the shop on Nanjing Road\n刷卡报97')).toBe('From: the shop on Nanjing Road\n刷卡报97');
  });

  it('reads the HTML part when there is no text part', () => {
    expect(newTextOf({ text: null, html: '<p>刷卡提示<b>97</b></p>' })).toBe('刷卡提示 97');
    expect(newTextOf({ text: '  ', html: '<p>终端号 30000101</p>' })).toBe('终端号 30000101');
  });

  it('prefers the text part to the HTML part', () => {
    expect(newTextOf({ text: 'plain 97', html: '<p>html</p>' })).toBe('plain 97');
  });
});

describe('an HTML-only message as text', () => {
  it('leaves out head, styles, scripts and the quoted thread, and decodes entities', () => {
    const html =
      '<html><head><title>t</title><style>p{}</style></head><body><script>alert(97)</script>' +
      '<p>A&amp;B &lt;TID&gt;&nbsp;30000101 &#x4E2D;&#25991; &copy;</p><div>two</div>' +
      '<div class="gmail_quote">old 97</div></body></html>';

    expect(htmlToText(html)).toBe('A&B <TID> 30000101 中文 &copy;\ntwo');
  });

  it.each(['<blockquote>', '<div id="divRplyFwdMsg">', '<div class="moz-cite-prefix">'])('stops at %s', (marker) => {
    expect(htmlToText(`<p>new</p>${marker}old 97`)).toBe('new');
  });

  it('reads an unclosed block as running to the end', () => {
    expect(htmlToText('<p>kept</p><style>p { color: red }')).toBe('kept');
  });

  it('reads a 100,000-character HTML body in one pass', () => {
    const html = `<p>${'<b>x</b>'.repeat(12_500)}</p>`;

    expect(htmlToText(html)).toHaveLength(12_500 * 2 - 1);
  });
});

describe('the ticket a message becomes', () => {
  it('names it from the Message-ID, within the contract, the same for the same message', () => {
    const id = mailTicketId(mail());

    expect(id).toMatch(/^MAIL-[0-9a-f]{24}$/);
    expect(mailTicketId(mail({ messageId: 'm1@shop.example' }))).toBe(id);
    expect(mailTicketId(mail({ messageId: '<m2@shop.example>' }))).not.toBe(id);
    expect(
      validateTicket({
        ticketId: id,
        receivedAt: '2026-11-20T01:00:00.000Z',
        from: 'a@b.example',
        subject: '',
        body: '',
      }).ok,
    ).toBe(true);
  });

  it('names a message without a Message-ID by what it says', () => {
    const a = mailTicketId(mail({ messageId: null }));

    expect(mailTicketId(mail({ messageId: null }))).toBe(a);
    expect(mailTicketId(mail({ messageId: null, text: 'other' }))).not.toBe(a);
  });

  it('takes the Date header when it holds a date, and nothing otherwise', () => {
    expect(mailDate('2026-11-20T01:00:00.000Z')).toBe('2026-11-20T01:00:00.000Z');
    expect(mailDate('Fri, 20 Nov 2026 09:00:00 +0800')).toBe('2026-11-20T01:00:00.000Z');
    expect(mailDate('yesterday')).toBeNull();
    expect(mailDate(null)).toBeNull();
  });
});

describe('threads', () => {
  it('finds [ticketId] tags in the subject and the Message-IDs replied to', () => {
    const refs = threadReferences({
      subject: 'Re: [ZD-104233] 处理方法 [MAIL-abc]',
      inReplyTo: '<0100abc@email.amazonses.com>',
      references: ['<first@shop.example>', '<0100abc@email.amazonses.com>'],
    });

    expect(refs).toEqual({
      ticketIds: ['ZD-104233', 'MAIL-abc'],
      messageIds: ['0100abc@email.amazonses.com', 'first@shop.example'],
    });
  });

  it.each([
    ['谢谢，已经好了', 'FIXED'],
    ['可以用了，谢谢', 'FIXED'],
    ['不好意思，现在能刷卡了', 'FIXED'],
    ['現在正常了', 'FIXED'],
    ['working now, thanks!', 'FIXED'],
    ['Fixed, thanks', 'FIXED'],
    ['It works again.', 'FIXED'],
    ['还是不行', 'STILL_FAILING'],
    ['签到了，还是显示97', 'STILL_FAILING'],
    ['好了一会儿又提示97', 'STILL_FAILING'],
    ['still shows error 97', 'STILL_FAILING'],
    ['not fixed', 'STILL_FAILING'],
    ["it doesn't work", 'STILL_FAILING'],
    ['谢谢', null],
    ['what is a TID?', null],
    ['现在又不正常了', 'STILL_FAILING'],
    ['现在不可以用了', 'STILL_FAILING'],
    ['The problem is not resolved yet', 'STILL_FAILING'],
    ['Nothing is working since your email', 'STILL_FAILING'],
    ['It is unresolved', 'STILL_FAILING'],
    ["It hasn't been fixed", 'STILL_FAILING'],
    ['No problem, it works now', 'FIXED'],
    ['现在没问题了', 'FIXED'],
  ])('hears "%s" as %s', (text, says) => {
    expect(merchantSays(text)).toBe(says);
  });

  const thread: ThreadLink = {
    ticketId: 'MAIL-1',
    via: 'subject',
    triggered: true,
    outcome: 'NEEDS_INFO',
    diagnosis: 'NEEDS_INFO',
    terminalId: null,
    receivedAt: '2026-11-20T01:00:00.000Z',
  };

  const reply = (body: string, link: ThreadLink | null, subject = 'Re: [MAIL-1] POS 终端提示 97 的处理方法') =>
    mailTrigger({ subject, body, thread: link, says: merchantSays(body) });

  it('triggers a reply that says the fix did not work, though it does not repeat the code', () => {
    expect(reply('还是不行', { ...thread, outcome: 'AUTO_RESOLVED' })).toEqual({
      triggered: true,
      evidence: expect.stringContaining('MAIL-1'),
    });
  });

  it('triggers a reply to our request for the TID', () => {
    expect(reply('终端号 30000101', thread).triggered).toBe(true);
  });

  it('does not trigger a polite reply to a fix: our subject quoted back is not the writer mentioning 97', () => {
    expect(reply('谢谢，我明天试试', { ...thread, outcome: 'AUTO_RESOLVED' }).triggered).toBe(false);
  });

  it("reads the writer's own subject and words as for any ticket", () => {
    expect(reply('谢谢', { ...thread, outcome: 'AUTO_RESOLVED' }, 'POS又报97了').triggered).toBe(true);
    expect(reply('刷卡提示97', null).triggered).toBe(true);
    expect(reply('还是不行', { ...thread, triggered: false }).triggered).toBe(false);
    expect(reply('thanks', null, 'Re: error 97').triggered).toBe(true);
  });
});
