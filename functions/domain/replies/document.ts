import type { Language } from '#domain/triage/types';

/**
 * An email's content as blocks, rendered twice: as the plain-text part and as an HTML part a
 * phone shows at its own width. One source, so the two parts never say different things.
 */
export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'h'; text: string }
  /** Steps to follow in order. */
  | { kind: 'steps'; items: readonly string[] }
  | { kind: 'list'; items: readonly string[] }
  /** The reference to quote, set apart. */
  | { kind: 'reference'; label: string; reference: string };

export const p = (text: string): Block => ({ kind: 'p', text });
export const h = (text: string): Block => ({ kind: 'h', text });
export const steps = (items: readonly string[]): Block => ({ kind: 'steps', items });
export const list = (items: readonly string[]): Block => ({ kind: 'list', items });

function blockText(block: Block): string {
  switch (block.kind) {
    case 'p':
    case 'h':
      return block.text;
    case 'steps':
      return block.items.map((s, i) => `${i + 1}. ${s}`).join('\n');
    case 'list':
      return block.items.map((s) => `- ${s}`).join('\n');
    case 'reference':
      return `${block.label}${block.reference}`;
  }
}

/** The plain-text part: a blank line between blocks, a heading right above what it heads. */
export function toText(blocks: readonly Block[]): string {
  return blocks
    .map((block, i) => `${i === 0 ? '' : blocks[i - 1]?.kind === 'h' ? '\n' : '\n\n'}${blockText(block)}`)
    .join('');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** Styles inline, as mail apps drop style sheets; sizes in px, as some ignore rem. */
const STYLE = {
  body: 'margin:0;padding:0;background:#f4f5f7;',
  page:
    'box-sizing:border-box;width:100%;max-width:600px;margin:0 auto;padding:20px 16px;background:#ffffff;color:#1f2328;' +
    "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI','PingFang SC','Hiragino Sans GB','Microsoft YaHei',sans-serif;" +
    'font-size:16px;line-height:1.6;overflow-wrap:anywhere;word-break:break-word;',
  p: 'margin:0 0 14px;',
  h: 'margin:22px 0 8px;font-size:17px;line-height:1.4;',
  ol: 'margin:0 0 14px;padding-left:24px;',
  ul: 'margin:0 0 14px;padding-left:20px;',
  li: 'margin:0 0 6px;',
  reference: 'margin:18px 0 14px;padding:10px 12px;background:#f0f4ff;border-radius:6px;font-size:15px;',
  code: 'font-family:ui-monospace,Menlo,Consolas,monospace;font-size:17px;letter-spacing:1px;font-weight:600;',
};

function blockHtml(block: Block): string {
  const items = (tag: 'ol' | 'ul', lines: readonly string[]) =>
    `<${tag} style="${STYLE[tag]}">${lines.map((s) => `<li style="${STYLE.li}">${escapeHtml(s)}</li>`).join('')}</${tag}>`;
  switch (block.kind) {
    case 'p':
      return `<p style="${STYLE.p}">${escapeHtml(block.text)}</p>`;
    case 'h':
      return `<h2 style="${STYLE.h}">${escapeHtml(block.text)}</h2>`;
    case 'steps':
      return items('ol', block.items);
    case 'list':
      return items('ul', block.items);
    case 'reference':
      return `<p style="${STYLE.reference}">${escapeHtml(block.label)}<span style="${STYLE.code}">${escapeHtml(block.reference)}</span></p>`;
  }
}

/** The HTML part: one column no wider than 600 px, narrowing with the screen, nothing that scrolls sideways. */
export function toHtml(blocks: readonly Block[], language: Language, title: string): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${language === 'zh' ? 'zh-CN' : 'en'}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title></head>`,
    `<body style="${STYLE.body}"><div style="${STYLE.page}">`,
    ...blocks.map(blockHtml),
    '</div></body></html>',
  ].join('\n');
}
