import type { Language } from '#domain/triage/types';
import { HAN, normalizeText } from '#domain/triage/text';

/** Text that is quoted or is the terminal's own message says nothing about the writer's language. */
const QUOTED = /"[^"\n]*"|“[^”\n]*”|「[^」\n]*」|『[^』\n]*』|‘[^’\n]*’/g;
const CODE_MESSAGE = /终端号?未登记|终端号?未注册|商户未登记|未登记/g;
/** A line of only a few Han characters is a signature or a shop name, not prose. */
const NAME_LINE = /^\s*[\p{Script=Han}·\s]{1,12}\s*$/u;
/** Latin tokens that appear in Chinese prose too: device words, labels, terminal brands. */
const NEUTRAL_WORDS = new Set([
  'pos', 'sn', 'tid', 'mid', 'rc', 'id', 'ok', 'wifi', 'app', 'sim', 'ic', 'nfc', 'qr', 'usb', 'gprs',
  'pax', 'newland', 'sunmi', 'landi', 'centerm', 'verifone', 'ingenico', 'lakala', 'castles', 'xgd', 'spectra',
]);
/** Whole Latin words only: model names such as ME31 or A920 are not words. */
const LATIN_WORD = /(?<![A-Za-z0-9])[A-Za-z]{2,}(?![A-Za-z0-9])/g;

/** Where the writer's own words end: a sign-off, a signature delimiter, or a forwarded/quoted mail. */
const SIGN_OFF = /^\s*(?:--+\s*$|—+\s*$|(?:thanks|thank you|many thanks|regards|best regards|best|cheers|sincerely|sent from)\b)/i;
const FORWARDED = /^\s*(?:-{3,}.*(?:forwarded|original)|>|(?:from|发件人)\s*[:：]|转发的邮件|原始邮件)/i;

/** The writer's own part: lines before a forwarded mail or a sign-off (never the first line). */
function ownWords(text: string): string {
  const lines = text.split('\n');
  const end = lines.findIndex((line, i) => i > 0 && (FORWARDED.test(line) || SIGN_OFF.test(line)));
  return end > 0 ? lines.slice(0, end).join('\n') : text;
}

function counts(text: string): { han: number; words: number } {
  const han = [...text].filter((c) => HAN.test(c)).length;
  const words = (text.match(LATIN_WORD) ?? []).filter((w) => !NEUTRAL_WORDS.has(w.toLowerCase())).length;
  return { han, words };
}

/**
 * Chinese when the ticket's own prose is Chinese, else English. Forwarded mail, sign-offs,
 * quotes, the code-97 message and short name lines are set aside; then Han characters are weighed against Latin words
 * (a Chinese sentence carries roughly 1.5–2 characters per word, so Han must outnumber words).
 */
export function detectLanguage(subject: string, body: string): Language {
  const raw = normalizeText(`${subject}\n${body}`);
  const prose = ownWords(raw)
    .replace(QUOTED, ' ')
    .replace(CODE_MESSAGE, ' ')
    .split('\n')
    .filter((line) => !NAME_LINE.test(line))
    .join('\n');
  let { han, words } = counts(prose);
  if (han === 0 && words === 0) ({ han, words } = counts(raw));
  if (han === 0 && words === 0) return 'zh';
  return han > words ? 'zh' : 'en';
}
