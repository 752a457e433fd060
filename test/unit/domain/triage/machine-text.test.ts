import { describe, expect, it } from 'vitest';
import { detectLanguage } from '#domain/triage/language';
import { isMachineLine } from '#domain/triage/machine-text';

/** A host-side log a merchant's IT person might paste: the kinds of lines such logs hold, generated. */
function pastedLog(lines: number): string {
  const kinds = [
    (i: number) =>
      `2026-11-20 09:${String(i % 60).padStart(2, '0')}:03.120 [INFO] TxnService - send 0200 to host 10.1.2.3`,
    (i: number) => `11-20 09:14:${String(i % 60).padStart(2, '0')} E/PosPayment: resp code=97 terminal not registered`,
    () => 'ISO8583 field 39=97 MTI=0210 STAN=000123 RRN=104233000123',
    () => '    at com.pos.host.Client.send(Client.java:212)',
    () => '{"responseCode":"97","message":"TERMINAL NOT REGISTERED","tid":"10030012"}',
    () => 'TERMINAL NOT REGISTERED - CALL ACQUIRER',
    () => 'https://host.acquirer.example/api/v2/terminals/10030012/status?trace=7f3a9c21',
    () => '00 97 00 00 01 23 10 42 33',
  ];
  return Array.from({ length: lines }, (_, i) => (kinds[i % kinds.length] as (i: number) => string)(i)).join('\n');
}

describe('machine text', () => {
  it.each([
    ['2026-11-20 09:14:03.120 [INFO] TxnService - send 0200 to host'],
    ['[09:14:03] ERROR: host answered 97'],
    ['E/PosPayment: resp code=97 terminal not registered'],
    ['    at com.pos.host.Client.send(Client.java:212)'],
    ['{"responseCode":"97","tid":"10030012"}'],
    ['TERMINAL NOT REGISTERED - CALL ACQUIRER'],
    ['ISO8583 field 39=97 MTI=0210 STAN=000123'],
    ['https://host.acquirer.example/api/v2/terminals/10030012/status'],
    ['00 97 00 00 01 23 10 42 33'],
  ])('reads %s as machine text', (line) => {
    expect(isMachineLine(line)).toBe(true);
  });

  it.each([
    ['Our PAX S90 returns RC 97 for every transaction. SN 0821A41234.'],
    ['Since 09:15:03 today the terminal says 97 whenever we swipe a card.'],
    ['The screenshot is at https://photos.example/abc, please have a look.'],
    ['Error 97 on TID 10030012, please help.'],
    ['Hi, my POS keeps saying 97.'],
    ['今天刷卡一直提示97 [INFO]'],
  ])('reads %s as a sentence', (line) => {
    expect(isMachineLine(line)).toBe(false);
  });

  it('answers a Chinese ticket with a pasted 100-line log in Chinese', () => {
    const body = `今天早上开始刷卡一直提示97，下面是收银系统的日志：\n${pastedLog(100)}`;

    expect(detectLanguage('POS机刷卡提示97', body)).toBe('zh');
  });

  it.each([3, 10, 100])('answers a Chinese sentence followed by %i log lines in Chinese', (lines) => {
    expect(detectLanguage('', `刷卡提示97，帮忙看看\n${pastedLog(lines)}`)).toBe('zh');
  });

  it('answers an English ticket with the same log in English', () => {
    expect(
      detectLanguage('POS error', `Our terminal fails with 97 since this morning, log below.\n${pastedLog(40)}`),
    ).toBe('en');
  });

  it('reads a ticket that is nothing but a log by what the log says', () => {
    expect(detectLanguage('', pastedLog(8))).toBe('en');
  });
});
