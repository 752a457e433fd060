import { describe, expect, it } from 'vitest';
import { ADVERSARIAL_TEXTS } from '#fixtures/adversarial';
import { extractIdentifiers } from '#domain/triage/extract';
import { detectLanguage } from '#domain/triage/language';
import { detectTrigger } from '#domain/triage/trigger';
import { validateTicket } from '#domain/triage/validate';

const MENTION = '终端号 10030012 提示97终端未登记';
const ticket = (body: string) => ({
  ticketId: 'T-1',
  receivedAt: '2026-11-20T10:00:00+08:00',
  from: 'a@b.example',
  subject: 'POS',
  body,
});

/**
 * Each text is near the contract's limit and built to make a backtracking pattern take
 * seconds; these tests assert the ordinary outcome (the suite's timeout is what a regression
 * in linearity would hit; the bench reports the time).
 */
describe.each(Object.entries(ADVERSARIAL_TEXTS))('rules on %s', (_, filler) => {
  it('stay a valid ticket within the limit', () => {
    expect(validateTicket(ticket(filler + MENTION)).ok).toBe(true);
  });

  it('find the code mentioned at the very end', () => {
    expect(detectTrigger('', filler + MENTION).triggered).toBe(true);
  });

  it('find the TID given at the very end', () => {
    expect(extractIdentifiers(ticket(filler + MENTION)).terminalIds).toEqual(['10030012']);
  });

  it('read a language', () => {
    expect(['zh', 'en']).toContain(detectLanguage('', filler));
  });
});
