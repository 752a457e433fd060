import { describe, expect, it } from 'vitest';
import { detectLanguage } from '#domain/triage/language';

describe('detectLanguage', () => {
  it.each([
    ['POS机刷卡显示97', '今天早上开始刷卡一直提示97终端未登记，终端号 10030012。', 'zh', 'Chinese prose'],
    [
      'POS又有问题',
      'POS机又出现 error 97，机器上贴的号码是 10030012，麻烦再帮忙看一下。',
      'zh',
      'Chinese prose with an English code word',
    ],
    ['报97', '新装的机子，开机就报97。\n老王面馆', 'zh', 'Chinese prose signed with a shop name'],
    ['RC 97 on our POS', 'Our PAX S90 returns RC 97 for every transaction. SN 0821A41234.', 'en', 'English prose'],
    [
      'Terminal issue',
      'Our terminal shows 终端未登记 since this morning. Can you help?\n\nThanks,\n静安茶馆',
      'en',
      'English quoting the Chinese message and signed in Chinese',
    ],
    [
      'Error',
      'The screen says “终端号未登记，请联系收单机构” when we swipe a card.',
      'en',
      'English quoting a Chinese screen',
    ],
    [
      'POS机显示９７',
      '您好，我们店的POS机显示９７，SN 0821A41234，麻烦帮忙看看。',
      'zh',
      'full-width digits in Chinese',
    ],
    [
      'Fwd: card machine',
      'Forwarding from our barista: the counter machine showed code 97 twice today.',
      'en',
      'a forwarded English mail',
    ],
    ['终端未登记', '终端未登记', 'zh', 'only the Chinese message'],
    ['97', '97', 'zh', 'nothing but a number'],
    [
      'Error 97',
      'Error 97 on TID 10030012, please help.\nThanks,\n上海市静安区南京西路静安茶馆 王老板',
      'en',
      'short English with a long Chinese signature',
    ],
    [
      'Fwd: POS',
      'See below, the shop sent this today.\n---------- Forwarded message ---------\n今天POS一直提示97终端未登记，终端号10030012，请尽快处理，谢谢！',
      'en',
      'English forwarding a Chinese mail',
    ],
    [
      '转发',
      '请处理下面这封邮件。\n---------- Forwarded message ---------\nOur terminal shows error 97 on every card since this morning, please help.',
      'zh',
      'Chinese forwarding an English mail',
    ],
    ['Newland ME31 terminal 报97', '那台 Newland ME31 一刷卡就报97', 'zh', 'Chinese naming a brand and model'],
    ['<b>显示97</b>', '<div>您好：</div><div>加油站的POS今天显示97，请协助。</div>', 'zh', 'Chinese HTML'],
  ])('reads %s / %s as %s (%s)', (subject, body, expected) => {
    expect(detectLanguage(subject, body)).toBe(expected);
  });

  it('lets the body decide when subject and body disagree (playbook §5)', () => {
    expect(detectLanguage('POS机报97', 'Our terminal shows 97 on every card since this morning.')).toBe('en');
    expect(detectLanguage('Terminal error 97', '今天早上开始刷卡一直提示97，麻烦看一下。')).toBe('zh');
  });

  it('leaves it to the subject when the body is empty', () => {
    expect(detectLanguage('Terminal shows error 97 since this morning', '')).toBe('en');
    expect(detectLanguage('POS机刷卡一直提示97', '')).toBe('zh');
  });
});
