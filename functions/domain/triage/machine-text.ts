/**
 * Lines no person wrote as prose: a pasted terminal or host log, a stack trace, code, a URL,
 * a screen message in capitals. They carry Latin letters whatever language the writer speaks,
 * so the language of a ticket is read without them (playbook §4: the writer's own prose).
 */

const HAN = /\p{Script=Han}/u;
/** A line a log stamped: it opens with a date or a time of day (in brackets or not). */
const STAMPED = /^[[(]?(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}:\d{2}:\d{2})/;
const STAMP = /\b\d{1,2}:\d{2}:\d{2}\b|\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b/;
/** Log levels and tags: `[INFO]`, `ERROR:`, `<WARN>`, Android's `E/Tag:`. */
const LEVEL = /(?:^|[\s[<(])(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|FATAL|CRIT)[\]>):|]|(?:^|\s)[VDIWEF]\/\w/;
const KEY_VALUE = /\w=[^\s=]/;
const STACK_FRAME = /^\s*at\s+[\w$.<>]+\s*\(|\.(?:java|kt|js|ts|py|c|cc|cpp|go|rs|cs):\d+/;
const URL_OR_PATH = /\b[a-z][a-z\d+.-]*:\/\/\S+|(?:^|\s)(?:[A-Za-z]:)?(?:[\\/][\w.-]+){2,}/;
const HEX = /\b(?:0x)?[\dA-Fa-f]{8,}\b/;
/** Symbols prose seldom uses, several of them: code, JSON, XML, a hex dump. */
const CODE_SYMBOLS = /[{}[\]<>=|\\#;$`~^]/g;
/** A word as prose has it: letters only, perhaps a capital, perhaps a comma or full stop after. */
const PROSE_WORD = /^[A-Za-z]+(?:'[a-z]+)?[,.!?;:]?$/;

/** The share of a line's tokens that are words as prose writes them. */
function proseShare(text: string): number {
  const tokens = text.split(/\s+/).filter(Boolean);
  return tokens.length === 0 ? 0 : tokens.filter((t) => PROSE_WORD.test(t)).length / tokens.length;
}

/**
 * Whether a line (with no Han character in it) reads as machine output rather than a sentence.
 * Some signs are enough alone (a stamped line, a log level, a stack frame, code's symbols,
 * digits more than letters, capitals on a screen); others (a URL, a time, a hex number, a
 * key=value) also appear in sentences, and count only on a line that is mostly not words.
 */
export function isMachineLine(line: string): boolean {
  const text = line.trim();
  if (text === '' || HAN.test(text)) return false;
  if (STAMPED.test(text) || LEVEL.test(text) || STACK_FRAME.test(text)) return true;
  if ((text.match(CODE_SYMBOLS)?.length ?? 0) >= 3) return true;
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters * 2 < text.replace(/\s/g, '').length) return true;
  if (letters >= 6 && !/\p{Ll}/u.test(text) && /\p{Lu}{2}\s+\p{Lu}{2}/u.test(text)) return true;
  const weak = [URL_OR_PATH, STAMP, HEX, KEY_VALUE].some((sign) => sign.test(text));
  return weak && proseShare(text) < 0.6;
}

/** The text without its machine lines; the text itself when every line is one (nothing else is there to read). */
export function withoutMachineText(text: string): string {
  const lines = text.split('\n');
  const kept = lines.filter((line) => !isMachineLine(line));
  return kept.some((line) => line.trim() !== '') ? kept.join('\n') : text;
}
