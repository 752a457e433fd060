import { describe, expect, it } from 'vitest';
import { detectTrigger } from '#domain/triage/trigger';

describe('detectTrigger', () => {
  it.each([
    ['提示97终端未登记', '97 followed by 终端未登记'],
    ['刷卡一直提示97', '提示 before 97'],
    ['屏幕显示：97', '显示 with a full-width colon'],
    ['POS机报97咋回事', '报 before 97'],
    ['又报了97', '报了 before 97'],
    ['刷卡出现97', '出现 before 97'],
    ['错误码：97', '错误码 with a colon'],
    ['错误码97', '错误码 directly'],
    ['返回码97', '返回码'],
    ['应答码 97', '应答码'],
    ['出现代码 97', '代码'],
    ['POS机显示９７', 'full-width digits'],
    ['error 97', 'English error'],
    ['Error 97 - terminal is not registered', 'error with the message'],
    ['response code 97', 'response code'],
    ['RC 97 on every transaction', 'RC'],
    ['RC=97', 'RC with ='],
    ['showed code 97 twice today', 'code'],
    ['97 error on the screen', 'error after 97'],
    ['97错误', '错误 after 97'],
    ['97 终端未登记', '97 with the message after a space'],
    ['97未登记', '97 with a bare 未登记'],
    ['97: terminal not registered', '97 with the English message'],
    ['终端未登记', 'the message alone'],
    ['机器提示终端号未登记', '终端号未登记'],
    ['says "terminal not registered"', 'the English message'],
    ['the terminal is not registered', 'the English message with is'],
    ['Terminal Not Registered', 'the message in title case'],
    ['<div>今天<b>显示97</b>，请协助</div>', 'HTML remnants'],
    ['显示&nbsp;97', 'an HTML entity between'],
    ['显示的是97', '显示的是 before 97'],
    ['刷卡交易失败（97）', 'a failed transaction with the code in brackets'],
    ['Card declined: 97', 'declined with a colon'],
    ['the error code is 97', 'code is 97'],
    ['之前是03，现在变成97了', 'a code that changed to 97'],
    ['报97号错误', '97 as an error number'],
    ['The terminal shows 97', 'an English verb at the end'],
    ['it shows 97 again since 9am', 'an English verb with an adverb after'],
    ['POS says "97" on every card', 'a quoted code after says'],
    ["the terminal isn't registered", "the message with isn't"],
    ['it says the terminal has not been registered', 'the message with has not been'],
  ])('triggers on %s (%s)', (text) => {
    const result = detectTrigger('', text);

    expect(result.triggered).toBe(true);
    expect(result.evidence).toBeTruthy();
  });

  it.each([
    ['库存还有97台', 'a quantity'],
    ['收了¥97', 'an amount with ¥'],
    ['有一笔97元的手续费', 'an amount in 元'],
    ['我们1997年就开店了', 'a year'],
    ['97% of payments are fine', 'a percentage'],
    ['logs show code 970', 'a longer number after a code word'],
    ['订单号 23970011', 'inside an order number'],
    ['编号2397', 'the end of a longer number'],
    ['顾客电话 139 9712 3456', 'inside a phone number'],
    ['we took 97 card payments yesterday', 'a count'],
    ['Harbour Coffee | 97 Wharf Road', 'an address'],
    ['刷卡提示03 商户未登记', 'code 03'],
    ['提示51 余额不足', 'code 51'],
    ['response code 96 at lunch', 'code 96'],
    ['会员卡显示未登记', 'a bare 未登记'],
    ['显示97元', 'a code word before an amount'],
    ['提示 9.7 秒', 'a decimal'],
    ['打印机盖合不上', 'no number at all'],
    ['The report shows 97 sales', 'an English verb before a counted noun'],
    ['the settlement report shows 97 but we took 99', 'an English verb in a sentence about counts'],
    ['97号桌的顾客', 'a table number'],
    ['昨天失败了97笔', 'a count of failures'],
    ['we declined 97 transactions', 'a count of declines'],
    ['价格变成97元', 'a price that changed'],
    ['本月日报97页', 'a page count after 报'],
    ['二维码97张', 'a count after 码'],
    ['', 'an empty ticket'],
  ])('does not trigger on %s (%s)', (text) => {
    expect(detectTrigger('', text)).toEqual({ triggered: false, evidence: null });
  });

  it.each([
    ['刷卡報97', 'traditional 報'],
    ['錯誤碼97', 'traditional 錯誤碼'],
    ['螢幕顯示97', 'traditional 顯示'],
    ['機器提示終端未登記', 'the traditional message'],
    ['終端號未登記', 'the traditional message with 號'],
    ['提示终端尚未登记', '终端尚未登记'],
    ['显示终端未注册', '终端未注册'],
    ['the terminal is not yet registered', 'not yet registered'],
    ['it says unregistered terminal', 'unregistered terminal'],
    ['屏幕显示【97】', 'square brackets'],
    ['一直提示"97"', 'quotes'],
    ['报：97', 'a colon after 报'],
    ['error: "97"', 'a colon and quotes'],
    ['code [97] again', 'brackets after code'],
    ['出现了97', 'a particle'],
    ['提示的是97', '的是'],
    ['the code shown was 97', 'shown was'],
  ])('triggers on %s (playbook §5: %s)', (text) => {
    expect(detectTrigger('', text).triggered).toBe(true);
  });

  it.each([
    ['出现了97笔退款', 'a unit after the particle'],
    ['see https://pos.example/help?code=97', 'a URL'],
    ['write to rc97@shop.example', 'an email address'],
    ['商品代码97的库存', 'a product code'],
    ['桌号97结账', 'a table number'],
    ['use promo code 97 for a discount', 'a promo code'],
    ['提示九十七', 'Chinese numerals'],
    ['tishi jiu shi qi', 'pinyin'],
    ['error 097 on the screen', 'a padded 097'],
  ])('does not trigger on %s (playbook §5: %s)', (text) => {
    expect(detectTrigger('', text).triggered).toBe(false);
  });

  it('reads the subject as well as the body', () => {
    expect(detectTrigger('POS错误码97', '请尽快处理').triggered).toBe(true);
  });

  it('quotes the matching words as evidence', () => {
    const { evidence } = detectTrigger('', '今天早上开始刷卡一直提示97终端未登记，终端号 10030012');

    expect(evidence).toContain('提示97');
  });
});
