import { normalizeText, withoutAddresses } from '#domain/triage/text';

/**
 * Playbook §1 and §5. The text is read once for the code's message, then each "97" in it is
 * judged by a few characters around it, so the time grows linearly with the ticket: no
 * pattern here runs over more than a bounded window.
 */

const WINDOW_BEFORE = 40;
const WINDOW_AFTER = 48;
const SENTENCE_REACH = 240;

const CODE_WORDS_BEFORE = [
  '错误码',
  '错误代码',
  '错误',
  '代码',
  '返回码',
  '返回',
  '应答码',
  '应答',
  '响应码',
  '故障码',
  '提示',
  '显示',
  '报错',
  '报',
  '出现',
  '码',
  '交易失败',
  '失败',
  '拒绝',
  '变成',
  '变为',
  String.raw`\berror(?:\s+code)?`,
  String.raw`\berr`,
  String.raw`\bcode`,
  String.raw`\bresponse(?:\s+code)?`,
  String.raw`\bresp\s*code`,
  String.raw`\bRC`,
  String.raw`\breturn\s+code`,
  String.raw`\bdeclined?(?:\s+code)?`,
].join('|');

/** Brackets, quotes and signs that may stand around the number (显示【97】, RC=97, error: "97"). */
const PUNCT = String.raw`[\s:=#\-–—"'“”「『(（【[]{0,6}`;
/** A particle between the word and the number (出现了97, 提示的是97, "the code shown was 97"). */
const PARTICLE = String.raw`(?:了|的是|是|为|成|\s(?:is|was|of|shown\s+was|displayed\s+was|reads?|now))`;
const CODE_WORD_BEFORE = new RegExp(`(?:${CODE_WORDS_BEFORE})${PUNCT}(?:${PARTICLE}${PUNCT})?$`, 'i');

/** Labels that make the number something else (商品代码97, 桌号97, "promo code 97"). */
const OTHER_LABEL = new RegExp(
  [
    String.raw`(?:商品|产品|货品|菜品|优惠|促销|折扣|邀请|验证|邮政|房间|区号|券)$`,
    String.raw`\b(?:promo(?:tion)?|discount|coupon|product|item|zip|postal|area|voucher|gift|invit(?:e|ation)|verification|referral|country|dial(?:ling)?|tracking|booking|table|room)\s*$`,
  ].join('|'),
  'i',
);

const CLOSER = String.raw`[】\]"”」』)）']?`;

/** After 97 in a code context these make it a quantity or an amount instead. */
const UNIT_AFTER = new RegExp(
  `^${CLOSER}\\s*(?:元|块|圆|角|台|个|次|笔|张|年|月|日|号(?!未|错|代码|码)|天|岁|人|位|名|家|件|单|条|分|秒|小时|公里|米|斤|公斤|克|页|份|箱|包|瓶|杯|碗|盒|袋|桌|辆|折|期|层|楼|室|栋|路|%|percent|yuan|rmb|cny|dollars?|usd|times|cards?\\b|card payments|payments|transactions|items|pcs|units|orders|pages|people|customers)`,
  'i',
);

const CODE_WORD_AFTER = new RegExp(`^${CLOSER}\\s*(?:号\\s*)?(?:错误|报错|代码|error\\b|code\\b)`, 'i');

const MESSAGE = [
  String.raw`终端\s?号?\s?(?:尚|还|仍)?\s?未\s?(?:登记|注册)`,
  String.raw`terminal\s+(?:id\s+)?(?:is\s+not|isn't|not|has\s+not\s+been|hasn't\s+been|was\s+not|wasn't|is\s+un|un)(?:\s+yet)?\s*registered`,
  String.raw`unregistered\s+terminal`,
].join('|');
const MESSAGE_ANYWHERE = new RegExp(`(?<![a-z])(?:${MESSAGE})`, 'i');
const MESSAGE_AFTER = new RegExp(`^${CLOSER}\\s*(?:[:：,，\\-–—]\\s*)?(?:${MESSAGE}|未登记|未注册)`, 'i');

/**
 * English verbs make 97 a code only when nothing noun-like follows it ("shows 97 again" is a
 * code, "shows 97 sales" a count), so the words allowed after it are listed.
 */
const ENGLISH_VERB_BEFORE =
  /\b(?:shows?|showing|showed|displays?|displaying|displayed|says|said|saying|returns?|returned|returning|prompts?|prompted|gives|gave|got|getting|throws?|threw|declined\s+with)\s+(?:an?\s+|the\s+)?["'“]?$/i;
const AFTER_BARE_CODE =
  /^["'”]?(?:\s*$|[ \t]*(?:[\r\n]|[^\sa-z\d]|(?:again|on|when|whenever|every|each|for|and|after|since|today|now|all|at|in|with|while|twice|too|error|code|message|terminal|screen|please|but|so|then)\b))/i;
/** A sentence about counts or money: there an English "shows 97" is a figure, not a code. */
const COUNT_CONTEXT =
  /settle|report|total|sales|sold|payments?|transactions?|orders?|receipts?|customers?|items?|count|amount|revenue|balance|invoice|bill|fee|price|\$|¥/i;

const SENTENCE_END = /[.!?\n。！？]/;

/** The sentence around an index, looked for at most SENTENCE_REACH characters either side. */
function sentenceAround(text: string, index: number): string {
  const before = text.slice(Math.max(0, index - SENTENCE_REACH), index);
  const after = text.slice(index, index + SENTENCE_REACH);
  let start = before.length;
  while (start > 0 && !SENTENCE_END.test(before[start - 1] as string)) start--;
  const end = after.search(SENTENCE_END);
  return before.slice(start) + (end === -1 ? after : after.slice(0, end));
}

/** The number 97 on its own: not part of a longer number, a decimal, an amount or a percentage. */
function standsAlone(text: string, i: number): boolean {
  const prev = text[i - 1] ?? '';
  const next = text[i + 2] ?? '';
  if (/[\d¥$￥#]/.test(prev)) return false;
  if (/[.,]/.test(prev) && /\d/.test(text[i - 2] ?? '')) return false;
  if (/[\d%]/.test(next)) return false;
  return !(/[.,]/.test(next) && /\d/.test(text[i + 3] ?? ''));
}

type Rule = (before: string, after: string, text: string, i: number) => boolean;

const RULES: Array<[string, Rule]> = [
  [
    'code word before 97',
    (before, after) => {
      const word = CODE_WORD_BEFORE.exec(before);
      return word !== null && !OTHER_LABEL.test(before.slice(0, word.index)) && !UNIT_AFTER.test(after);
    },
  ],
  ['97 before a code word', (_, after) => CODE_WORD_AFTER.test(after)],
  ['97 with its message', (_, after) => MESSAGE_AFTER.test(after)],
  [
    'English verb before 97',
    (before, after, text, i) =>
      ENGLISH_VERB_BEFORE.test(before) && AFTER_BARE_CODE.test(after) && !COUNT_CONTEXT.test(sentenceAround(text, i)),
  ],
];

export interface TriggerResult {
  triggered: boolean;
  /** The words that matched, with a little context, for the decision record. */
  evidence: string | null;
}

const snippet = (text: string, start: number, end: number) =>
  text
    .slice(Math.max(0, start - 12), end + 12)
    .replace(/\s+/g, ' ')
    .trim();

/** Playbook section 1: does the ticket mention POS response code 97? */
export function detectTrigger(subject: string, body: string): TriggerResult {
  const text = withoutAddresses(normalizeText(`${subject}\n${body}`));
  for (const { index: i } of text.matchAll(/97/g)) {
    if (!standsAlone(text, i)) continue;
    const before = text.slice(Math.max(0, i - WINDOW_BEFORE), i);
    const after = text.slice(i + 2, i + 2 + WINDOW_AFTER);
    for (const [name, holds] of RULES) {
      if (holds(before, after, text, i))
        return { triggered: true, evidence: `${name}: "${snippet(text, i - 8, i + 2)}"` };
    }
  }
  const message = MESSAGE_ANYWHERE.exec(text);
  if (message)
    return {
      triggered: true,
      evidence: `the message of code 97: "${snippet(text, message.index, message.index + message[0].length)}"`,
    };
  return { triggered: false, evidence: null };
}
