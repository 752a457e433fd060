import PostalMime from 'postal-mime';
import type { ParsedMail } from '#domain/intake/mail';
import type { MailParser } from '#use-cases/ports';

/** How deep a message may nest its parts: merchants' mail apps stay far below it. */
const MAX_NESTING = 50;

const byteLength = (content: ArrayBuffer | Uint8Array | string) =>
  typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;

/**
 * windows-1252's characters at 0x80–0x9F (“ ” – € …). Node's TextDecoder decodes the
 * `windows-1252` label as ISO-8859-1, which leaves them as C1 control characters; no mail
 * text means those, so they are read back as windows-1252. (0x81, 0x8D, 0x8F, 0x90, 0x9D are
 * unassigned and stay.)
 */
const CP1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
const fromC1 = (text: string) => text.replace(/[\u0080-\u009f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80] ?? c);
const decoded = (text: string | undefined) => (text === undefined ? null : fromC1(text));

/**
 * postal-mime behind the MailParser port: charsets (GBK, GB18030, Big5, windows-1252…) through
 * the runtime's TextDecoder, base64 and quoted-printable, encoded-word headers, and an HTML-only
 * body turned into text.
 */
export const postalMimeParser: MailParser = {
  async parse(raw) {
    const email = await PostalMime.parse(raw, { maxNestingDepth: MAX_NESTING, maxHeadersSize: 256 * 1024 });
    const references = (email.references ?? '').split(/\s+/).filter(Boolean);
    const headers = email.headers.map((h) => ({ key: h.key, value: h.value }));
    const parsed: ParsedMail = {
      messageId: email.messageId ?? null,
      inReplyTo: email.inReplyTo ?? null,
      references,
      from: email.from?.address?.trim() || null,
      subject: fromC1(email.subject ?? ''),
      date: email.date ?? null,
      text: decoded(email.text),
      html: decoded(email.html),
      headers,
      contentType: headers.find((h) => h.key === 'content-type')?.value ?? 'text/plain',
      attachments: email.attachments.map((a) => ({
        filename: a.filename,
        mimeType: a.mimeType,
        bytes: byteLength(a.content),
      })),
    };
    return parsed;
  },
};
