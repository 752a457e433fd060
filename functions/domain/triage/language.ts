import type { Language } from '#domain/triage/types';
import { withoutMachineText } from '#domain/triage/machine-text';
import { normalizeText, withoutQuotes } from '#domain/triage/text';

/** The terminal's own message says nothing about the writer's language (nor does quoted text). */
const CODE_MESSAGE = /终端号?(?:尚|还)?未(?:登记|注册)|商户未登记|未登记/g;
/** A line of only a few Han characters (once trimmed) is a signature or a shop name, not prose. */
const NAME_LINE = /^[\p{Script=Han}·\s]{1,12}$/u;
/** Latin tokens that appear in Chinese prose too: device words, labels, terminal brands. */
const NEUTRAL_WORDS = new Set([
  'pos',
  'sn',
  'tid',
  'mid',
  'rc',
  'id',
  'ok',
  'wifi',
  'app',
  'sim',
  'ic',
  'nfc',
  'qr',
  'usb',
  'gprs',
  'pax',
  'newland',
  'sunmi',
  'landi',
  'centerm',
  'verifone',
  'ingenico',
  'lakala',
  'castles',
  'xgd',
  'spectra',
]);
/** Whole Latin words only: model names such as ME31 or A920 are not words. */
const LATIN_WORD = /(?<![A-Za-z0-9])[A-Za-z]{2,}(?![A-Za-z0-9])/g;

/** Where the writer's own words end: a sign-off, a signature delimiter, or a forwarded/quoted mail. */
const SIGN_OFF =
  /^\s*(?:-{2,}\s*$|—+\s*$|(?:thanks|thank you|many thanks|regards|best regards|best|cheers|sincerely|sent from)\b)/i;
const FORWARDED = /^\s*(?:-{3}.*(?:forwarded|original)|>|(?:from|发件人)\s*[:：]|转发的邮件|原始邮件)/i;

/** The writer's own part: lines before a forwarded mail or a sign-off (never the first line). */
function ownWords(text: string): string {
  const lines = text.split('\n');
  const end = lines.findIndex((line, i) => i > 0 && (FORWARDED.test(line) || SIGN_OFF.test(line)));
  return end > 0 ? lines.slice(0, end).join('\n') : text;
}

const HAN_CHARS = /\p{Script=Han}/gu;

function counts(text: string): { han: number; words: number } {
  const han = text.length - text.replace(HAN_CHARS, '').length;
  let words = 0;
  for (const [word] of text.matchAll(LATIN_WORD)) if (!NEUTRAL_WORDS.has(word.toLowerCase())) words++;
  return { han, words };
}

/** The language of one part of the ticket, or null when it holds no words at all. */
function languageOf(part: string): Language | null {
  const raw = normalizeText(part);
  const prose = withoutQuotes(withoutMachineText(ownWords(raw)))
    .replace(CODE_MESSAGE, ' ')
    .split('\n')
    .filter((line) => !NAME_LINE.test(line.trim()))
    .join('\n');
  let { han, words } = counts(prose);
  if (han === 0 && words === 0) ({ han, words } = counts(raw));
  if (han === 0 && words === 0) return null;
  return han > words ? 'zh' : 'en';
}

/**
 * Chinese when the ticket's own prose is Chinese, else English (playbook §4, §5). The body
 * decides; an empty body leaves it to the subject. Forwarded mail, sign-offs, pasted machine
 * text (logs, code, URLs, capitals on a screen), quotes, the code-97 message and short name
 * lines are set aside; then Han characters are weighed against
 * Latin words (a Chinese sentence carries roughly 1.5–2 characters per word, so Han must
 * outnumber words).
 */
export function detectLanguage(subject: string, body: string): Language {
  return languageOf(body) ?? languageOf(subject) ?? 'zh';
}
