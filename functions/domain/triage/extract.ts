import { isMid, isSerial, isTid } from '#domain/triage/identifiers';
import { normalizeText, withoutAddresses } from '#domain/triage/text';
import type { ExtractedIdentifiers, Ticket } from '#domain/triage/types';

/**
 * Playbook §2 and §5, the reading part. Labels are found in one pass; what follows each is
 * read from a bounded window, so the time grows linearly with the ticket.
 */

const WINDOW = 64;
const TID_LABEL = /终端编号|终端号码?|终端ID|终端|TID|terminal(?:\s*(?:id|no\.?|number|#))?/giu;
const SN_LABEL =
  /序列号|机身号|机身编号|机器编号|设备号|S\/N|(?<![a-z])SN(?![a-z])|serial(?:\s*(?:number|no\.?|#))?/giu;
const MID_LABEL = /商户编号|商户号码?|商户ID|(?<![a-z])MID(?![a-z])|merchant\s*(?:id|no\.?|number|#)/giu;
/** What may stand between a label and its value: 号, 是, a colon… */
const LINK = /^[\s号码是为:#=-]{0,6}/u;
/** A value, possibly written in groups (1003 0012, 898 4403 5800 0117). */
const VALUE = /^[0-9a-z]+(?:[ -][0-9a-z]+){0,5}/i;
/** A 15-digit number after these labels is something else (orders, references, phones). */
const OTHER_LABEL =
  /(?:订单号?|单号|流水号|参考号|批次号|凭证号|授权码|交易号|电话|手机|联系方式|tel|phone|mobile|order(?:\s*(?:no\.?|number|#|id))?|invoice|ref(?:erence)?(?:\s*no\.?)?|batch|trace|auth(?:orization)?\s*code)\s*(?:[:#]\s*)?$/i;
const DIGIT_RUN = /(?<![\d-])\d+(?:[ -]\d+){0,5}/g;
const TOKEN = /(?<![0-9a-z])[0-9a-z]{6,20}(?![0-9a-z])/gi;
/** Bare tokens looked up at most: each costs a key lookup and an index query. */
const MAX_BARE_TOKENS = 5;
/** Groups longer than this are a value of their own, not part of a grouped one. */
const MAX_GROUP = 5;

const CHINA_MOBILE = /^1[3-9]\d{9}$/;
const hasDigit = (s: string) => /\d/.test(s);

function isCalendarDate(token: string): boolean {
  const m = /^(?:19|20)\d{2}(\d{2})(\d{2})$/.exec(token);
  if (!m) return false;
  const month = Number(m[1]);
  const day = Number(m[2]);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

const unique = (values: string[]) => [...new Set(values)];

/**
 * The value right after a label: its first group, or the groups joined when that gives the
 * wanted shape (终端号 1003 0012 is 10030012).
 */
function valueAfter(text: string, labelEnd: number, shapes: Array<(joined: string) => boolean>): string | null {
  const window = text.slice(labelEnd, labelEnd + WINDOW);
  const link = LINK.exec(window)?.[0] ?? '';
  const value = VALUE.exec(window.slice(link.length))?.[0];
  if (!value) return null;
  const groups = value.split(/[ -]/);
  const [first = ''] = groups;
  if (!hasDigit(first) || shapes.some((shape) => shape(first.toUpperCase()))) return hasDigit(first) ? first : null;
  let joined = first;
  for (const group of groups.slice(1)) {
    if (joined.length > MAX_GROUP * 3 || group.length > MAX_GROUP || !hasDigit(group)) break;
    joined += group;
    if (shapes.some((shape) => shape(joined.toUpperCase()))) return joined;
  }
  return first;
}

function labelled(text: string, label: RegExp, shapes: Array<(joined: string) => boolean>): string[] {
  const values: string[] = [];
  for (const m of text.matchAll(label)) {
    const value = valueAfter(text, m.index + m[0].length, shapes);
    if (value) values.push(value);
  }
  return values;
}

const labelledElse = (text: string, index: number) => OTHER_LABEL.test(text.slice(Math.max(0, index - 24), index));

/** 15-digit numbers, also written in groups, unless a label says they are something else. */
function merchantNumbers(text: string): string[] {
  const mids: string[] = [];
  for (const m of text.matchAll(DIGIT_RUN)) {
    if (labelledElse(text, m.index)) continue;
    const groups = m[0].split(/[ -]/);
    const joined = groups.join('');
    if (groups.length > 1 && isMid(joined) && groups.every((g) => g.length <= MAX_GROUP)) mids.push(joined);
    else mids.push(...groups.filter(isMid));
  }
  return mids;
}

function bareTokens(text: string, taken: Set<string>): string[] {
  const tokens: string[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const token = m[0];
    if (taken.has(token) || taken.has(token.toUpperCase()) || !hasDigit(token) || isMid(token)) continue;
    if (CHINA_MOBILE.test(token) || isCalendarDate(token) || labelledElse(text, m.index)) continue;
    if (/^\d+$/.test(token) && token.length !== 8 && token.length < 9) continue;
    tokens.push(token);
    if (unique(tokens).length >= MAX_BARE_TOKENS) break;
  }
  return unique(tokens);
}

/** Playbook section 2, the reading part: every identifier the ticket offers, in order. */
export function extractIdentifiers(ticket: Ticket): ExtractedIdentifiers {
  const text = withoutAddresses(normalizeText(`${ticket.subject}\n${ticket.body}`));
  const underTidLabel = labelled(text, TID_LABEL, [isTid]).map((t) => (isTid(t.toUpperCase()) ? t.toUpperCase() : t));
  const terminalIds = unique([...(ticket.terminalId ? [ticket.terminalId] : []), ...underTidLabel.filter(isTid)]);
  const serialNumbers = unique(
    [...labelled(text, SN_LABEL, [isSerial]), ...underTidLabel.filter((t) => !isTid(t) && !isMid(t))].filter(
      (sn) => isSerial(sn) && !terminalIds.includes(sn.toUpperCase()),
    ),
  );
  const merchantIds = unique([
    ...(ticket.merchantId ? [ticket.merchantId] : []),
    ...labelled(text, MID_LABEL, [isMid]).filter(isMid),
    ...merchantNumbers(text),
  ]);
  const taken = new Set([...terminalIds, ...serialNumbers, ...merchantIds]);
  return {
    terminalIds,
    serialNumbers,
    merchantIds,
    bareTokens: bareTokens(text, taken),
    sender: ticket.from.trim().toLowerCase(),
  };
}
