import { normalizeText, stripTags } from '#domain/triage/text';

/**
 * The support inbox's rules: which messages are tickets, what of a message is the writer's own
 * text, and how a message names its ticket. The MIME parsing itself is an adapter's; this module
 * reads what it produced.
 */

/** A parsed message, as the parser adapter hands it over. */
export interface ParsedMail {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  /** The sender's address, without the display name. */
  from: string | null;
  subject: string;
  /** The Date header as the parser read it (ISO 8601 when it could). */
  date: string | null;
  /** The text part, when there is one. */
  text: string | null;
  /** The HTML part, when there is one. */
  html: string | null;
  /** Every header, names in lower case, in message order. */
  headers: Array<{ key: string; value: string }>;
  /** The top-level media type, e.g. `multipart/report; report-type=delivery-status`. */
  contentType: string;
  attachments: Array<{ filename: string | null; mimeType: string; bytes: number }>;
}

/** Larger messages are not parsed: they are kept for a person. */
export const MAX_MAIL_BYTES = 10 * 1024 * 1024;

const header = (mail: ParsedMail, name: string) => mail.headers.find((h) => h.key === name)?.value.trim();

const AUTOMATIC_PRECEDENCE = new Set(['bulk', 'junk', 'list', 'auto_reply']);
const BOUNCE_SENDERS = /^(?:mailer-daemon|postmaster)@/i;

/**
 * Why a message must not become a ticket: an automatic reply, a bounce, or our own mail coming
 * back (a loop). Null for a message a person wrote.
 */
export function refusalOf(mail: ParsedMail, ownAddresses: readonly string[]): string | null {
  const autoSubmitted = header(mail, 'auto-submitted');
  if (autoSubmitted && autoSubmitted.toLowerCase() !== 'no')
    return `an automatic message (Auto-Submitted: ${autoSubmitted})`;
  const precedence = header(mail, 'precedence')?.toLowerCase();
  if (precedence && AUTOMATIC_PRECEDENCE.has(precedence)) return `an automatic message (Precedence: ${precedence})`;
  for (const name of ['x-autoreply', 'x-autorespond']) {
    if (header(mail, name) !== undefined) return `an automatic reply (${name})`;
  }
  const type = mail.contentType.toLowerCase();
  if (
    type.startsWith('multipart/report') ||
    mail.attachments.some((a) => a.mimeType.toLowerCase() === 'message/delivery-status')
  ) {
    return 'a delivery status notification (bounce)';
  }
  if (mail.from && BOUNCE_SENDERS.test(mail.from)) return `a delivery status notification (from ${mail.from})`;
  if (header(mail, 'return-path') === '<>') return 'a delivery status notification (empty Return-Path)';
  const own = new Set(ownAddresses.map((a) => a.toLowerCase()));
  if (mail.from && own.has(mail.from.toLowerCase())) return `our own mail coming back (from ${mail.from})`;
  return null;
}

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
const MAX_READ = 200_000;

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

/** Three independent 32-bit FNV-1a lanes: a stable 96-bit digest, pure and dependency-free. */
function digest96(text: string): string {
  const lanes = [0x811c9dc5, 0x01000193 ^ 0x5bd1e995, 0x9e3779b9];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    for (let l = 0; l < lanes.length; l++)
      lanes[l] = Math.imul((lanes[l] as number) ^ (c + l * 0x9e37), 0x01000193 + l * 2) >>> 0;
  }
  return lanes.map((n) => n.toString(16).padStart(8, '0')).join('');
}

/**
 * The ticketId of a message: stable (the same message delivered twice is one ticket) and within
 * the contract's pattern. From the Message-ID; a message without one is named by what it says.
 */
export function mailTicketId(
  mail: Pick<ParsedMail, 'messageId' | 'from' | 'date' | 'subject' | 'text' | 'html'>,
): string {
  const id = mail.messageId?.trim().replace(/^<|>$/g, '');
  const basis = id
    ? `id:${id}`
    : `content:${mail.from ?? ''}\n${mail.date ?? ''}\n${mail.subject}\n${mail.text ?? mail.html ?? ''}`;
  return `MAIL-${digest96(basis)}`;
}

/** The key of a raw message kept for a person, stable for one stored object. */
export const heldMailId = (location: string) => `HELD-${digest96(location)}`;

const TICKET_TAG = /\[([A-Za-z0-9._:-]{1,64})\]/g;

/** What a message says it answers: `[ticketId]` tags in its subject, and the Message-IDs it replies to. */
export function threadReferences(mail: Pick<ParsedMail, 'subject' | 'inReplyTo' | 'references'>): {
  ticketIds: string[];
  messageIds: string[];
} {
  const ticketIds = [...new Set([...mail.subject.matchAll(TICKET_TAG)].map((m) => m[1] as string))];
  const ids = [mail.inReplyTo, ...mail.references]
    .filter((v): v is string => Boolean(v))
    .map((v) => v.trim().replace(/^<|>$/g, ''));
  return { ticketIds, messageIds: [...new Set(ids)] };
}

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

/** A message's date as an ISO 8601 instant, when the Date header held one. */
export function mailDate(date: string | null): string | null {
  if (!date) return null;
  const at = Date.parse(date);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}
