import { describe, expect, it } from 'vitest';
import { extractIdentifiers } from '#domain/triage/extract';
import type { Ticket } from '#domain/triage/types';

const ticket = (body: string, extra: Partial<Ticket> = {}): Ticket => ({
  ticketId: 'T-1',
  receivedAt: '2026-11-20T10:00:00+08:00',
  from: ' Owner@Shop.Example ',
  subject: '',
  body,
  ...extra,
});

describe('extractIdentifiers', () => {
  it.each([
    ['终端号 10030012', '10030012'],
    ['终端号10030021的打印机', '10030021'],
    ['终端号：10030112', '10030112'],
    ['终端编号 10030061，', '10030061'],
    ['our Newland terminal (TID 10030071)', '10030071'],
    ['terminal ID 10030072.', '10030072'],
    ['Terminal No. 1003A0F3', '1003A0F3'],
    ['TID:1003A0F3', '1003A0F3'],
    ['tid 1003a0f3 (typed in lower case)', '1003A0F3'],
  ])('reads a labelled TID in %s', (body, tid) => {
    expect(extractIdentifiers(ticket(body)).terminalIds).toEqual([tid]);
  });

  it.each([
    ['SN: P2SM00310455，这台', 'P2SM00310455'],
    ['机身号C960B2209901。', 'C960B2209901'],
    ['序列号 P2SM00311200', 'P2SM00311200'],
    ['SN 0821A41234. We', '0821A41234'],
    ['serial number 275004611', '275004611'],
    ['S/N: N7A0031245', 'N7A0031245'],
    ['SN号：N7A0031245', 'N7A0031245'],
    ['终端号 N7A0031245（贴纸上的）', 'N7A0031245'],
  ])('reads a labelled SN in %s', (body, sn) => {
    expect(extractIdentifiers(ticket(body)).serialNumbers).toEqual([sn]);
  });

  it('puts the structured terminalId and merchantId first', () => {
    const ids = extractIdentifiers(
      ticket('终端号 10030012，商户号 898310058120001', { terminalId: '10030099', merchantId: '898310058120009' }),
    );

    expect(ids.terminalIds).toEqual(['10030099', '10030012']);
    expect(ids.merchantIds).toEqual(['898310058120009', '898310058120001']);
  });

  it('reads an unlabelled 15-digit number as a MID', () => {
    expect(extractIdentifiers(ticket('Merchant 898310057990006 here')).merchantIds).toEqual(['898310057990006']);
  });

  it.each([
    ['终端号 1003 0012 一直报97', { terminalIds: ['10030012'] }],
    ['TID 1003-0012', { terminalIds: ['10030012'] }],
    ['商户号 898 4403 5800 0117', { merchantIds: ['898440358000117'] }],
    ['our MID is 8984 4035 8000 117', { merchantIds: ['898440358000117'] }],
    ['tid 4404a9b7 and TID 4404A9B8', { terminalIds: ['4404A9B7', '4404A9B8'] }],
  ])('reads %s as playbook §5 says', (body, expected) => {
    expect(extractIdentifiers(ticket(body))).toMatchObject(expected);
  });

  it.each([
    ['订单号 898310058120001 退款', 'an order number'],
    ['流水号：202611200000001', 'a serial of transactions'],
    ['参考号 123456789012345', 'a reference number'],
    ['order no. 898310058120001', 'an English order number'],
    ['ref 898310058120001', 'a reference'],
  ])('does not read %s as a MID (%s)', (body) => {
    expect(extractIdentifiers(ticket(body)).merchantIds).toEqual([]);
  });

  it('keeps an unlabelled token that could be a TID or an SN', () => {
    expect(extractIdentifiers(ticket('机器上贴的号码是 10030012，麻烦看一下')).bareTokens).toEqual(['10030012']);
  });

  it.each([
    ['订单号 23970011 的退款', 'an order number'],
    ['电话 13912345678', 'a mobile number'],
    ['从20261120开始', 'a date'],
    ['see owner10030012@shop.example', 'part of an email address'],
    ['today at 123456', 'six bare digits'],
  ])('ignores %s (%s)', (body) => {
    expect(extractIdentifiers(ticket(body)).bareTokens).toEqual([]);
  });

  it('does not take an English word after "terminal" for a TID', () => {
    const ids = extractIdentifiers(ticket('terminal settings show terminal not registered'));

    expect(ids.terminalIds).toEqual([]);
  });

  it('does not repeat a labelled identifier among the bare tokens', () => {
    const ids = extractIdentifiers(ticket('终端号 10030012，SN P2SM00310455'));

    expect(ids.bareTokens).toEqual([]);
  });

  it('reads identifiers written with full-width characters', () => {
    expect(extractIdentifiers(ticket('终端号：１００３００１２')).terminalIds).toEqual(['10030012']);
  });

  it('lower-cases and trims the sender', () => {
    expect(extractIdentifiers(ticket('')).sender).toBe('owner@shop.example');
  });

  it('looks at no more than five bare tokens', () => {
    const body = Array.from({ length: 9 }, (_, i) => `A1B2C3D${i}`).join(' ');

    expect(extractIdentifiers(ticket(body)).bareTokens).toHaveLength(5);
  });
});
