import { MAX_READ } from '#domain/intake/mail-quoting';
import { normalizeText } from '#domain/triage/text';

/** What a merchant's reply in a thread says of the fix: it works now, it still fails, or neither. */

const STILL_FAILING = [
  '还是不行',
  '还不行',
  '不行',
  '还是不能',
  '不能用',
  '用不了',
  '还是显示',
  '还是提示',
  '还是报',
  '又显示',
  '又提示',
  '又出现',
  '仍然',
  '依然',
  '仍旧',
  '还是一样',
  '没用',
  '没有用',
  '没好',
  '还是不好',
  '不好用',
  '没解决',
  '没有解决',
  'still',
  'not working',
  "isn't working",
  "doesn't work",
  'does not work',
  "didn't work",
  'did not work',
  'not fixed',
  'same error',
  'same problem',
  'unresolved',
  'not resolved',
  'not yet',
  '又不',
];
const FIXED = [
  '好了',
  '可以用了',
  '能用了',
  '可以刷卡了',
  '能刷卡了',
  '正常了',
  '恢复了',
  '解决了',
  '搞定',
  '没问题了',
  '已经可以',
  'works now',
  'working now',
  'it works',
  'is working',
  'works again',
  'fixed',
  'resolved',
  'solved',
  'all good',
];

export type MerchantSays = 'FIXED' | 'STILL_FAILING' | null;

/**
 * What a reply in a thread says of the fix: it works now, it still fails, or neither. "Still
 * fails" wins over any word of success in the same text (还是不好, "not fixed"): a merchant
 * wrongly heard as fixed would be left alone, one wrongly heard as failing only gets triaged again.
 */
/** Chinese negations right before a word of success: 不正常了, 没恢复, 未解决. */
const ZH_NEGATIONS = ['不', '没', '未', '非', '无'];
/** English negations a few words before it: "is not resolved", "hasn't been fixed", "nothing is working". */
const EN_NEGATIONS = ['not ', "n't ", 'never ', 'no longer ', 'nothing ', 'nobody '];

/** Whether the word of success at `at` is negated by what stands just before it. */
function negated(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 16), at);
  if (ZH_NEGATIONS.some((n) => before.slice(-2).includes(n))) return true;
  if (before.endsWith('un')) return true;
  const words = before.split(/\s+/).slice(-4).join(' ');
  return EN_NEGATIONS.some((n) => `${words} `.includes(n));
}

export function merchantSays(writersNewText: string): MerchantSays {
  // 不好意思 is "excuse me", not a failure.
  const text = normalizeText(writersNewText.slice(0, MAX_READ)).toLowerCase().replaceAll('不好意思', '');
  if (STILL_FAILING.some((w) => text.includes(w))) return 'STILL_FAILING';
  let success = false;
  for (const word of FIXED) {
    for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + word.length)) {
      if (negated(text, at)) return 'STILL_FAILING';
      success = true;
    }
  }
  return success ? 'FIXED' : null;
}
