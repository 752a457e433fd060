import type { ExtractedIdentifiers, Ticket } from '#domain/triage/types';
import { normalizeText } from '#domain/triage/text';

const TID_LABEL = String.raw`终端编号|终端号码?|终端ID|终端|TID|terminal\s*(?:id|no\.?|number|#)?`;
const SN_LABEL = String.raw`序列号|机身号|机身编号|机器编号|设备号|S/N|(?<![A-Za-z])SN(?![A-Za-z])|serial(?:\s*(?:number|no\.?|#))?`;
const LINK = String.raw`\s*(?:号|码)?\s*(?:是|为|:|：|#|=|-)?\s*(?:是|为)?\s*`;

/** Whatever follows a TID label: a TID when it has the TID's shape, else (a mislabelled) SN. */
const LABELLED_TID = new RegExp(`(?:${TID_LABEL})${LINK}([0-9A-Za-z]*\\d[0-9A-Za-z]*)(?![0-9A-Za-z])`, 'giu');
const LABELLED_SN = new RegExp(`(?:${SN_LABEL})${LINK}([0-9A-Za-z]*\\d[0-9A-Za-z]*)(?![0-9A-Za-z])`, 'giu');
const MID = /(?<!\d)\d{15}(?!\d)/g;
const TOKEN = /(?<![0-9A-Za-z])[0-9A-Za-z]{6,20}(?![0-9A-Za-z])/g;
/** Tokens right after these labels are something else (orders, phones, references). */
const OTHER_LABEL = /(?:订单号?|单号|流水号|参考号|批次号|凭证号|授权码|电话|手机|联系方式|tel|phone|mobile|order(?:\s*(?:no\.?|number|#|id))?|invoice|ref(?:erence)?|batch|auth(?:orization)?\s*code)\s*[:：#]?\s*$/i;
const STRIP = /\S+@\S+|https?:\/\/\S+/g;
/** Bare tokens looked up at most: each costs a key lookup and an index query. */
const MAX_BARE_TOKENS = 5;

const SN_SHAPE = /^(?=.*\d)[0-9A-Za-z]{6,20}$/;
const TID_SHAPE = /^(?=.*\d)[0-9A-Z]{8}$/;
const CHINA_MOBILE = /^1[3-9]\d{9}$/;

function isCalendarDate(token: string): boolean {
  const m = /^(19|20)(\d{2})(\d{2})(\d{2})$/.exec(token);
  if (!m) return false;
  const month = Number(m[3]);
  const day = Number(m[4]);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

const unique = (values: string[]) => [...new Set(values)];
const captures = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => m[1] ?? '').filter(Boolean);

function bareTokens(text: string, taken: Set<string>): string[] {
  const tokens: string[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const token = m[0];
    const before = text.slice(Math.max(0, m.index - 24), m.index);
    if (taken.has(token) || !SN_SHAPE.test(token) || /^\d{15}$/.test(token)) continue;
    if (CHINA_MOBILE.test(token) || isCalendarDate(token) || OTHER_LABEL.test(before)) continue;
    if (/^\d+$/.test(token) && token.length !== 8 && token.length < 9) continue;
    tokens.push(token);
  }
  return unique(tokens).slice(0, MAX_BARE_TOKENS);
}

/** Playbook section 2, the reading part: every identifier the ticket offers, in order. */
export function extractIdentifiers(ticket: Ticket): ExtractedIdentifiers {
  const text = normalizeText(`${ticket.subject}\n${ticket.body}`).replace(STRIP, ' ');
  const underTidLabel = captures(text, LABELLED_TID).map((t) => (TID_SHAPE.test(t.toUpperCase()) ? t.toUpperCase() : t));
  const terminalIds = unique([...(ticket.terminalId ? [ticket.terminalId] : []), ...underTidLabel.filter((t) => TID_SHAPE.test(t))]);
  const serialNumbers = unique(
    [...captures(text, LABELLED_SN), ...underTidLabel.filter((t) => !TID_SHAPE.test(t) && !/^\d{15}$/.test(t))].filter(
      (sn) => SN_SHAPE.test(sn) && !terminalIds.includes(sn),
    ),
  );
  const merchantIds = unique([...(ticket.merchantId ? [ticket.merchantId] : []), ...(text.match(MID) ?? [])]);
  const taken = new Set([...terminalIds, ...serialNumbers, ...merchantIds]);
  return {
    terminalIds,
    serialNumbers,
    merchantIds,
    bareTokens: bareTokens(text, taken),
    sender: ticket.from.trim().toLowerCase(),
  };
}
