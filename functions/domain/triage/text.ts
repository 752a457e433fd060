const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };

/**
 * Plain text for matching: HTML tags and entities removed, full-width forms folded to ASCII
 * (NFKC: ９７ → 97, ： → :), runs of spaces collapsed. Line breaks are kept.
 */
export function normalizeText(text: string): string {
  return text
    .replace(/<\s*br\s*\/?>|<\/\s*(?:div|p|li|tr|h\d)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(nbsp|amp|lt|gt|quot|apos|#39);/g, (_, name: string) => ENTITIES[name] ?? ' ')
    .normalize('NFKC')
    .replace(/[ \t\u00a0\u3000]+/g, ' ');
}

export const HAN = /\p{Script=Han}/u;
