import { describe, expect, it } from 'vitest';
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

    expect(email.subject).toMatch(/^\[ZD-77\] /);
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
    'acknowledges an escalation in %s with both references and no account data',
    (language) => {
      const email = composeReply(input(['TERMINAL_DEREGISTERED', 'FEES_OVERDUE', 'FIRMWARE_OUTDATED'], {}, language));

      expect(email).toMatchObject({ kind: 'ACKNOWLEDGEMENT', to: 'sender@mail.example', language });
      expect(email.subject).toContain('[ZD-77]');
      expect(email.text).toContain('ZD-77');
      expect(email.text).toContain('ESC-ZD-77');
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
      subject: '[ZD-77] What we found about code 97 on your terminal',
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
