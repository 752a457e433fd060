import { normalizeText } from '#domain/triage/text';

/** The number 97 on its own: not part of a longer number, a decimal, an amount or a percentage. */
const N97 = String.raw`(?<![\d.,¥$￥#])97(?![\d%]|[.,]\d)`;

/** Words that make a nearby 97 a response code (playbook section 1), and close synonyms. */
const CODE_WORDS_BEFORE = [
  '错误码', '错误代码', '错误', '代码', '返回码', '返回', '应答码', '应答', '响应码', '故障码',
  '提示', '显示', '报错', '报', '出现', '码', '交易失败', '失败', '拒绝', '变成', '变为',
  String.raw`\berror(?:\s+code)?`, String.raw`\berr`, String.raw`\bcode`, String.raw`\bresponse(?:\s+code)?`,
  String.raw`\bresp(?:onse)?\s*code`, String.raw`\bRC`, String.raw`\breturn\s+code`, String.raw`\bdecline(?:d)?(?:\s+code)?`,
].join('|');
const CODE_WORDS_AFTER = ['错误', '报错', '代码', '错误码', String.raw`error\b`, String.raw`code\b`].join('|');

/** What may stand between a code word and the number: punctuation, quotes, 了, a colon. */
const GAP = String.raw`\s*(?:了|的是|是|为|is|was|of)?\s*[:=#\-–—"'“”「『(（]?\s*`;

/** After 97 in a code context these make it a quantity or an amount instead. */
const UNIT_AFTER = String.raw`(?!\s*(?:元|块|圆|角|台|个|次|笔|张|年|月|日|号(?!未|错|代码|码)|天|岁|人|位|名|家|件|单|条|分|秒|小时|公里|米|斤|公斤|克|页|份|箱|包|瓶|杯|碗|盒|袋|桌|辆|折|期|层|楼|室|栋|路|%|percent|yuan|rmb|cny|dollars?|usd|times|cards?\b|card payments|payments|transactions|items|pcs|units|orders|pages|people|customers))`;

const MESSAGE = String.raw`终端号?未登记|终端号?未注册|terminal\s+(?:id\s+)?(?:is\s+not|isn't|not|has\s+not\s+been|hasn't\s+been|was\s+not|wasn't)\s+registered|terminal\s+unregistered|unregistered\s+terminal`;

/**
 * English verbs make 97 a code only when nothing noun-like follows it ("shows 97 again" is a
 * code, "shows 97 sales" a count), so the words allowed after it are listed.
 */
const ENGLISH_VERBS = String.raw`\b(?:shows?|showing|showed|displays?|displaying|displayed|says|said|saying|returns?|returned|returning|prompts?|prompted|gives|gave|got|getting|throws?|threw|declined\s+with)`;
const AFTER_BARE_CODE = String.raw`(?=\s*$|[ \t]*(?:[\r\n]|[^\sA-Za-z0-9]|(?:again|on|when|whenever|every|each|for|and|after|since|today|now|all|at|in|with|while|twice|too|error|code|message|terminal|screen|please|but|so|then)\b))`;

/** A sentence about counts or money: there an English "shows 97" is a figure, not a code. */
const COUNT_CONTEXT = /settle|report|total|sales|sold|payments?|transactions?|orders?|receipts?|customers?|items?|count|amount|revenue|balance|invoice|bill|fee|price|\$|¥/i;

function sentenceAround(text: string, index: number): string {
  const start = Math.max(...['.', '!', '?', '\n', '。', '！', '？'].map((p) => text.lastIndexOf(p, index - 1))) + 1;
  const ends = ['.', '!', '?', '\n', '。', '！', '？'].map((p) => text.indexOf(p, index)).filter((i) => i >= 0);
  return text.slice(start, ends.length ? Math.min(...ends) : text.length);
}

const RULES: Array<{ name: string; pattern: RegExp; vetoedBy?: RegExp }> = [
  { name: 'code word before 97', pattern: new RegExp(`(?:${CODE_WORDS_BEFORE})${GAP}${N97}${UNIT_AFTER}`, 'iu') },
  { name: '97 before a code word', pattern: new RegExp(`${N97}\\s*(?:${CODE_WORDS_AFTER})`, 'iu') },
  { name: '97 with its message', pattern: new RegExp(`${N97}\\s*[:：,，\\-–—]?\\s*(?:${MESSAGE}|未登记)`, 'iu') },
  {
    name: 'English verb before 97',
    pattern: new RegExp(`${ENGLISH_VERBS}\\s+(?:an?\\s+|the\\s+)?["'“]?${N97}["'”]?${AFTER_BARE_CODE}`, 'iu'),
    vetoedBy: COUNT_CONTEXT,
  },
  { name: 'the message of code 97', pattern: new RegExp(MESSAGE, 'iu') },
];

export interface TriggerResult {
  triggered: boolean;
  /** The words that matched, with a little context, for the execution history. */
  evidence: string | null;
}

/** Playbook section 1: does the ticket mention POS response code 97? */
export function detectTrigger(subject: string, body: string): TriggerResult {
  const text = normalizeText(`${subject}\n${body}`);
  for (const rule of RULES) {
    const match = rule.pattern.exec(text);
    if (match && !(rule.vetoedBy && rule.vetoedBy.test(sentenceAround(text, match.index)))) {
      const start = Math.max(0, match.index - 12);
      const snippet = text.slice(start, match.index + match[0].length + 12).replace(/\s+/g, ' ').trim();
      return { triggered: true, evidence: `${rule.name}: "${snippet}"` };
    }
  }
  return { triggered: false, evidence: null };
}
