import { describe, expect, it } from 'vitest';
import { referenceOf } from '#domain/replies/reference';
import { composeReply, composeSuggestedReply, type ReplyInput } from '#domain/replies/compose';
import type { Decision, Finding, Language, RecordsRead } from '#domain/triage/types';
import { invoice, merchant, terminal, ticket } from '#fixtures/domain';

const shop = merchant();
const overdue = [
  invoice({ invoiceId: 'INV-A', amountDueFen: 25600, amountPaidFen: 0 }),
  invoice({ invoiceId: 'INV-B', amountDueFen: 18800, amountPaidFen: 8800 }),
];

const records = (over: Partial<RecordsRead> = {}): RecordsRead => ({
  terminal: terminal({ firmwareVersion: '3.3.1' }),
  merchant: shop,
  model: { brand: 'PAX', model: 'A920', minFirmwareVersion: '3.4.0' },
  invoices: overdue,
  priorAutoResolved: [],
  ...over,
});

function input(
  findings: Finding[],
  over: Partial<Decision> = {},
  language: Language = 'zh',
  rec = records(),
): ReplyInput {
  const escalated = findings.some((f) =>
    [
      'MERCHANT_MISMATCH',
      'MERCHANT_INACTIVE',
      'TERMINAL_DEREGISTERED',
      'APPLICATION_INCOMPLETE',
      'FEE_DISPUTE',
      'REPEAT_CONTACT',
    ].includes(f),
  );
  const decision: Decision = {
    outcome: escalated ? 'ESCALATED' : 'AUTO_RESOLVED',
    diagnosis: findings[0] ?? 'SIGN_IN_REQUIRED',
    findings,
    overdueInvoices: findings.includes('FEES_OVERDUE') ? overdue : [],
    merchantId: shop.merchantId,
    terminalId: '40000001',
    language,
    replyTo: escalated ? 'sender@mail.example' : shop.contactEmail,
    reasons: [],
    ...over,
  };
  return {
    ticket: ticket({ ticketId: 'ZD-77' }),
    decision,
    records: rec,
    merchant: shop,
    escalationId: escalated ? 'ESC-ZD-77' : null,
  };
}

const ACCOUNT_DATA =
  /INV-|256\.00|356\.00|3\.3\.1|3\.4\.0|DEREGISTERED|SUSPENDED|注销|冻结|逾期|overdue|firmware|固件|40000001/i;

describe('composeReply: the fix', () => {
  it('names the terminal by brand, model and masked TID, never the full TID', () => {
    const email = composeReply(input(['SIGN_IN_REQUIRED']));

    expect(email).toMatchObject({ kind: 'FIX', to: shop.contactEmail, language: 'zh' });
    expect(email.text).toContain('PAX A920');
    expect(email.text).toContain('****0001');
    expect(email.text).not.toContain('40000001');
  });

  it('lists each overdue invoice with what is still owed and the total in yuan', () => {
    const { text } = composeReply(input(['FEES_OVERDUE']));

    expect(text).toContain('INV-A');
    expect(text).toContain('INV-B');
    expect(text).toContain('未缴 ¥100.00');
    expect(text).toContain('合计未缴：¥356.00');
  });

  it('gives the fix for every finding, in order', () => {
    const { text } = composeReply(input(['NOT_ACTIVATED', 'FEES_OVERDUE', 'FIRMWARE_OUTDATED']));

    const positions = ['尚未激活', '手续费逾期', '版本过低'].map((s) => text.indexOf(s));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).toContain('3.3.1');
    expect(text).toContain('3.4.0');
  });

  it('writes the English fix with English amounts', () => {
    const email = composeReply(input(['FEES_OVERDUE', 'FIRMWARE_OUTDATED'], {}, 'en'));

    expect(email.subject).toMatch(new RegExp(`^\\[${referenceOf('ZD-77')}\\] `));
    expect(email.subject).not.toMatch(/\p{Script=Han}/u);
    expect(email.text).toContain('Total outstanding: CNY 356.00');
    expect(email.text).toContain('PAXSTORE');
  });

  it.each([
    ['LANDI', 'A8', 'zh', '系统管理'],
    ['Sunmi', 'P2', 'en', 'payment app'],
    ['Newland', 'N910', 'en', 'App Market'],
    ['pax', 'S90', 'zh', '菜单'],
  ])('follows the %s %s menus', (brand, model, language, marker) => {
    const rec = records({
      terminal: terminal({ brand, model, firmwareVersion: '0.1' }),
      model: { brand, model, minFirmwareVersion: '1.0' },
    });

    const { text } = composeReply(input(['FIRMWARE_OUTDATED', 'SIGN_IN_REQUIRED'], {}, language as Language, rec));

    expect(text).toContain(marker);
  });

  it('still writes a complete fix for an unknown brand', () => {
    const rec = records({ terminal: terminal({ brand: 'Acme', model: 'Z1' }) });

    const { text } = composeReply(input(['SIGN_IN_REQUIRED'], {}, 'en', rec));

    expect(text).toContain('Acme Z1');
    expect(text).toMatch(/1\. Check that the terminal is online/);
  });
});

describe('composeReply: needs info and acknowledgement', () => {
  it('asks for the TID and SN and says where to find them, with no account data', () => {
    const email = composeReply({
      ...input([], { outcome: 'NEEDS_INFO', diagnosis: 'NEEDS_INFO', terminalId: null }),
      records: null,
    });

    expect(email.kind).toBe('NEEDS_INFO');
    expect(email.text).toMatch(/终端号/);
    expect(email.text).toMatch(/序列号/);
    expect(email.text).toMatch(/签购单/);
    expect(email.text).not.toMatch(ACCOUNT_DATA);
  });

  it.each(['zh', 'en'] as const)(
    'acknowledges an escalation in %s with one reference a person can read out, and no account data',
    (language) => {
      const email = composeReply(input(['TERMINAL_DEREGISTERED', 'FEES_OVERDUE', 'FIRMWARE_OUTDATED'], {}, language));

      expect(email).toMatchObject({ kind: 'ACKNOWLEDGEMENT', to: 'sender@mail.example', language });
      expect(email.subject).toContain(`[${referenceOf('ZD-77')}]`);
      expect(email.text).toContain(referenceOf('ZD-77'));
      expect(email.text).not.toContain('ZD-77');
      expect(email.text).not.toContain('ESC-');
      expect(email.text).not.toMatch(ACCOUNT_DATA);
    },
  );
});

describe('composeSuggestedReply', () => {
  it('drafts a reply for the reviewer in the ticket language', () => {
    const draft = composeSuggestedReply(input(['MERCHANT_INACTIVE']));

    expect(draft?.language).toBe('zh');
    expect(draft?.text).toContain('暂停或关闭');
  });

  it('drafts nothing for an auto-resolved ticket', () => {
    expect(composeSuggestedReply(input(['SIGN_IN_REQUIRED']))).toBeNull();
  });

  it('covers every finding in order: a REPEAT_CONTACT with fees overdue itemises the fees too', () => {
    const draft = composeSuggestedReply(input(['REPEAT_CONTACT', 'FEES_OVERDUE'], { replyTo: shop.contactEmail }));

    expect(draft?.text.indexOf('技术人员')).toBeGreaterThan(0);
    expect(draft?.text.indexOf('合计未缴：¥356.00')).toBeGreaterThan(draft?.text.indexOf('技术人员') ?? Infinity);
    expect(draft?.text).toContain('INV-A');
    expect(draft?.text).toContain('一、');
    expect(draft?.text).toContain('二、');
  });

  it('answers the registered contact who wrote, with the account data, under its own subject', () => {
    const draft = composeSuggestedReply(
      input(['FEE_DISPUTE', 'FIRMWARE_OUTDATED'], { replyTo: shop.contactEmail.toUpperCase() }, 'en'),
    );

    expect(draft).toMatchObject({
      to: shop.contactEmail.toUpperCase(),
      subject: `[${referenceOf('ZD-77')}] What we found about code 97 on your terminal`,
      language: 'en',
    });
    expect(draft?.text).toContain('3.3.1');
  });

  it('answers any other writer without account data, even when a registered contact is on record', () => {
    const draft = composeSuggestedReply(input(['MERCHANT_MISMATCH', 'FEES_OVERDUE']));

    expect(draft?.to).toBe('sender@mail.example');
    expect(draft?.text).toContain('其他商户');
    expect(draft?.text).not.toMatch(ACCOUNT_DATA);
  });

  it('leaves account data out when no registered contact is on record', () => {
    const draft = composeSuggestedReply(
      input(['REPEAT_CONTACT', 'FEES_OVERDUE'], {}, 'zh', records({ merchant: null })),
    );

    expect(draft?.to).toBe('sender@mail.example');
    expect(draft?.text).toContain('技术人员');
    expect(draft?.text).not.toMatch(ACCOUNT_DATA);
  });
});

const needsInfo = (language: Language, choices?: ReplyInput['choices']): ReplyInput => ({
  ...input(
    [],
    { outcome: 'NEEDS_INFO', diagnosis: 'NEEDS_INFO', terminalId: null, replyTo: shop.contactEmail },
    language,
  ),
  records: null,
  choices,
});
const KINDS = {
  FIX: (language: Language) => input(['SIGN_IN_REQUIRED'], {}, language),
  'FIX of three findings': (language: Language) =>
    input(['NOT_ACTIVATED', 'FEES_OVERDUE', 'FIRMWARE_OUTDATED'], {}, language),
  NEEDS_INFO: (language: Language) => needsInfo(language),
  'NEEDS_INFO with the terminals to choose from': (language: Language) =>
    needsInfo(language, {
      terminals: [
        terminal({ terminalId: '40000002' }),
        terminal({ terminalId: '4000A003', brand: 'Newland', model: 'N910' }),
      ],
      more: false,
    }),
  ACKNOWLEDGEMENT: (language: Language) => input(['TERMINAL_DEREGISTERED'], {}, language),
};

describe('every reply as text and HTML', () => {
  describe.each(Object.entries(KINDS))('%s', (_kind, make) => {
    it.each(['zh', 'en'] as const)('has an HTML part in %s saying what the text part says', (language) => {
      const email = composeReply(make(language));
      const html = email.html ?? '';

      expect(html).toMatch(/^<!DOCTYPE html>/);
      expect(html).toContain(`lang="${language === 'zh' ? 'zh-CN' : 'en'}"`);
      expect(html).toContain('name="viewport"');
      expect(html).toContain(referenceOf('ZD-77'));
      const htmlText = html
        .replace(/<title>.*?<\/title>/s, '')
        .replace(/<[^<>]*>/g, '\n')
        .replaceAll('&quot;', '"')
        .replaceAll('&#39;', "'")
        .replaceAll('&gt;', '>')
        .replaceAll('&lt;', '<')
        .replaceAll('&amp;', '&');
      // The text part's list markers are the HTML's <ol> and <ul>; spacing aside, the words are the same.
      const words = (text: string) => text.replace(/^(?:\d+\.|-) /gm, '').replace(/\s+/g, '');
      expect(words(htmlText)).toBe(words(email.text));
    });
  });

  it('escapes what came from the ticket or the records', () => {
    const email = composeReply(
      input(['SIGN_IN_REQUIRED'], {}, 'en', records({ merchant: merchant({ name: '<script>alert(1)</script>' }) })),
    );

    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;');
  });
});

describe('what each reply asks and how it closes', () => {
  it('closes a fix with "still 97 after these steps", and nothing else with it', () => {
    const fix = composeReply(input(['SIGN_IN_REQUIRED'])).text;
    const ack = composeReply(input(['TERMINAL_DEREGISTERED'])).text;
    const request = composeReply(needsInfo('zh')).text;
    const draft = composeSuggestedReply(input(['TERMINAL_DEREGISTERED']))?.text ?? '';

    expect(fix).toContain('按以上步骤处理后仍提示 97');
    for (const text of [ack, request, draft]) expect(text).not.toContain('以上步骤');
    expect(composeReply(input(['TERMINAL_DEREGISTERED'], {}, 'en')).text).not.toContain('these steps');
  });

  it('carries one reference, the same in the subject and the text', () => {
    const reference = referenceOf('ZD-77');
    for (const make of Object.values(KINDS)) {
      const email = composeReply(make('zh'));
      expect(email.subject.startsWith(`[${reference}] `)).toBe(true);
      expect(email.text.split(reference)).toHaveLength(2);
      expect(email.text).not.toMatch(/ESC-|ZD-77/);
    }
  });

  it("lists the registered contact's terminals by masked TID, brand and model to choose from", () => {
    const { text } = composeReply(KINDS['NEEDS_INFO with the terminals to choose from']('zh'));

    expect(text).toContain('- PAX A920 终端（终端号 ****0002）');
    expect(text).toContain('- Newland N910 终端（终端号 ****A003）');
    expect(text).not.toMatch(/40000002|4000A003/);
  });

  it('names the terminal an acknowledgement is about, by its masked TID alone for anyone but the registered contact', () => {
    expect(composeReply(input(['TERMINAL_DEREGISTERED'])).text).toContain('涉及终端：终端号 ****0001');
    expect(composeReply(input(['TERMINAL_DEREGISTERED'], { replyTo: shop.contactEmail }, 'en')).text).toContain(
      'Terminal: PAX A920 terminal (TID ****0001)',
    );
  });

  it('letters English sections so their numbered steps do not read as a nested list', () => {
    const { text } = composeReply(input(['NOT_ACTIVATED', 'FIRMWARE_OUTDATED'], {}, 'en'));

    expect(text).toMatch(/^A\. The terminal is not activated yet$/m);
    expect(text).toMatch(/^B\. The terminal software is out of date$/m);
    expect(text).not.toMatch(/^\d\) /m);
    expect(text).toMatch(/^1\. /m);
  });

  it('says where the activation code comes from and how to pay an invoice', () => {
    const zh = composeReply(input(['NOT_ACTIVATED', 'FEES_OVERDUE'])).text;
    const en = composeReply(input(['NOT_ACTIVATED', 'FEES_OVERDUE'], {}, 'en')).text;

    expect(zh).toContain('激活码在装机时以短信发送');
    expect(zh).toContain('商户服务平台');
    expect(en).toContain('sent by SMS');
    expect(en).toContain('merchant portal, open Billing');
  });
});
