import { stripTags } from '#domain/triage/text';
import type { ParsedMail } from '#domain/intake/mail';

/**
 * What of a message is the writer's own text: the quoted thread, attributions, signatures and
 * phone footers left out, in plain text and in HTML (playbook §5).
 */

const REPLY_HEADER_ENDINGS = ['写道:', '写道：', '寫道:', '寫道：', 'wrote:', 'schrieb:', 'a écrit :', 'a écrit:'];
const REPLY_HEADER_START = /^\s*(?:在|於|On\s)/;
const ORIGINAL_MESSAGE =
  /^\s*-{2,}\s*(?:original message|forwarded message|原始邮件|原始郵件|转发邮件|轉寄郵件|转发的邮件)\s*-{2,}/i;
const isOutlookSeparator = (line: string) => {
  const trimmed = line.trim();
  return trimmed.length >= 10 && trimmed.length <= 200 && /^_+$/.test(trimmed);
};
const HEADER_FROM = /^\s*(?:from|发件人|寄件者|寄件人)\s*[:：]/i;
const HEADER_SENT = /^\s*(?:sent|date|发送时间|日期|寄件日期|时间)\s*[:：]/i;
const SIGNATURE = /^(?:-- ?|—— ?)$/;
const MOBILE_FOOTER =
  /^\s*(?:发自我的|來自我的|来自我的|sent from my|get outlook for|发自 ?(?:网易|QQ|iPhone|华为|小米)|從我的)/i;

const endsLikeReplyHeader = (line: string) => {
  const trimmed = line.trimEnd().toLowerCase();
  return REPLY_HEADER_ENDINGS.some((ending) => trimmed.endsWith(ending));
};

/** How much of a message's text is read for the writer's words: they come first, and a ticket holds 100,000 characters. */
export const MAX_READ = 200_000;

const isQuoted = (line: string) => /^\s*>/.test(line);

/**
 * The attribution line of a quoted earlier message ("在 2026年11月20日 …，客服 <…> 写道：",
 * "On Fri, … Support <…> wrote:"), on one line or wrapped onto the next: the number of lines
 * it takes, or 0.
 */
function attributionAt(lines: string[], i: number): number {
  const line = lines[i] ?? '';
  if (!REPLY_HEADER_START.test(line)) return 0;
  if (endsLikeReplyHeader(line)) return 1;
  return endsLikeReplyHeader(lines[i + 1] ?? '') ? 2 : 0;
}

/**
 * The writer's new text (playbook §5): quoted lines (`>`) and their attribution line left out,
 * so a reply written below the quote is kept; and everything from an earlier message quoted
 * without `>` (an attribution not followed by `>` lines, an original or forwarded message, an
 * Outlook header block or separator) or from the signature ("-- ", a phone's "发自我的iPhone") on.
 */
export function writersText(text: string): string {
  const lines = text.slice(0, MAX_READ).replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (isQuoted(line)) continue;
    const attribution = attributionAt(lines, i);
    if (attribution) {
      const quoteFollows = lines.slice(i + attribution).find((l) => l.trim() !== '');
      if (quoteFollows === undefined || !isQuoted(quoteFollows)) break;
      i += attribution - 1;
      continue;
    }
    if (
      ORIGINAL_MESSAGE.test(line) ||
      isOutlookSeparator(line) ||
      SIGNATURE.test(line.trimEnd()) ||
      MOBILE_FOOTER.test(line)
    )
      break;
    if (HEADER_FROM.test(line) && lines.slice(i + 1, i + 5).some((l) => HEADER_SENT.test(l))) break;
    kept.push(line);
  }
  return kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Where an HTML mail app starts quoting the earlier message (Gmail, Outlook, Thunderbird, Apple Mail). */
const HTML_QUOTE_MARKERS = [
  '<blockquote',
  'class="gmail_quote"',
  "class='gmail_quote'",
  'id="divrplyfwdmsg"',
  'class="moz-cite-prefix"',
  'id="appendonsend"',
];
const HTML_UNSEEN = ['head', 'style', 'script', 'title'];
const NAMED_ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Drops `<name …>…</name>` blocks, scanning once per name. */
function withoutBlocks(html: string, name: string): string {
  const lower = html.toLowerCase();
  let out = '';
  let from = 0;
  for (let open = lower.indexOf(`<${name}`, from); open !== -1; open = lower.indexOf(`<${name}`, from)) {
    const close = lower.indexOf(`</${name}`, open);
    const end = close === -1 ? -1 : lower.indexOf('>', close);
    out += html.slice(from, open);
    if (end === -1) return out;
    from = end + 1;
  }
  return out + html.slice(from);
}

/**
 * An HTML-only message as plain text: what the writer wrote above the quoted earlier message,
 * without head, styles and scripts, tags turned into spaces and line breaks, entities decoded.
 */
export function htmlToText(fullHtml: string): string {
  const html = fullHtml.slice(0, MAX_READ * 5);
  const lower = html.toLowerCase();
  const quoteAt = Math.min(
    ...HTML_QUOTE_MARKERS.map((m) => {
      const at = lower.indexOf(m);
      return at === -1 ? html.length : Math.max(0, lower.lastIndexOf('<', at));
    }),
  );
  const visible = HTML_UNSEEN.reduce(withoutBlocks, html.slice(0, quoteAt));
  return stripTags(visible)
    .replace(/&(?:#(\d{1,7})|#x([\da-f]{1,6})|([a-z]{2,6}));/gi, (whole, dec?: string, hex?: string, name?: string) => {
      const code = dec ? Number(dec) : hex ? parseInt(hex, 16) : null;
      if (code !== null) return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
      return NAMED_ENTITIES[(name ?? '').toLowerCase()] ?? whole;
    })
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The writer's new text of a parsed message: its text part, else its HTML part, without the quoted thread. */
export const newTextOf = (mail: Pick<ParsedMail, 'text' | 'html'>): string =>
  writersText(mail.text?.trim() ? mail.text : mail.html ? htmlToText(mail.html) : '');
