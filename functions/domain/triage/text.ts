import { EMAIL_IN_TEXT } from '#domain/triage/identifiers';
/**
 * Text preparation shared by the rules. Ticket text is hostile input of up to 100,000
 * characters, so everything here runs in one pass (or a bounded number of passes) over it:
 * no pattern may backtrack over an unbounded stretch.
 */

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };
/** Longest run between `<` and `>` still read as a tag; a longer one is text. */
const MAX_TAG = 2_000;
const LINE_BREAK_TAG = /^<\s*(?:br\b|\/\s*(?:div|p|li|tr|h\d)\b)/i;

/** HTML tags become a space (or a line break for block ends), in one left-to-right pass. */
export function stripTags(text: string): string {
  let out = '';
  let from = 0;
  let close = -2;
  for (let open = text.indexOf('<'); open !== -1; open = text.indexOf('<', from)) {
    if (close < open && close !== -1) close = text.indexOf('>', open);
    if (close === -1) break;
    const tag = text.slice(open, close + 1);
    if (close - open > MAX_TAG || !/^<[/!a-z]/i.test(tag)) {
      out += text.slice(from, open + 1);
      from = open + 1;
      continue;
    }
    out += text.slice(from, open) + (LINE_BREAK_TAG.test(tag) ? '\n' : ' ');
    from = close + 1;
  }
  return out + text.slice(from);
}

/**
 * Traditional characters of the words the rules read, folded to simplified (playbook §5):
 * 終端未登記 is 终端未登记.
 */
const TRADITIONAL: Record<string, string> = {
  終: '终',
  號: '号',
  記: '记',
  報: '报',
  錯: '错',
  誤: '误',
  碼: '码',
  顯: '显',
  應: '应',
  響: '响',
  現: '现',
  註: '注',
  冊: '册',
  機: '机',
  單: '单',
  帳: '账',
  賬: '账',
  費: '费',
  戶: '户',
  編: '编',
  後: '后',
  經: '经',
  為: '为',
  說: '说',
  問: '问',
  題: '题',
  請: '请',
  謝: '谢',
  網: '网',
  還: '还',
  臺: '台',
  檯: '台',
  筆: '笔',
  張: '张',
  個: '个',
  條: '条',
  訂: '订',
  參: '参',
  價: '价',
  錢: '钱',
  裡: '里',
  麼: '么',
  時: '时',
  間: '间',
  開: '开',
  關: '关',
  聯: '联',
  傳: '传',
  輸: '输',
  檢: '检',
  驗: '验',
  證: '证',
  優: '优',
  銷: '销',
  區: '区',
  樓: '楼',
  層: '层',
  樣: '样',
  嗎: '吗',
  啟: '启',
  動: '动',
  態: '态',
  處: '处',
  統: '统',
  聽: '听',
  緒: '绪',
  尋: '寻',
  據: '据',
  擬: '拟',
  斷: '断',
  續: '续',
};
const TRADITIONAL_CHARS = new RegExp(`[${Object.keys(TRADITIONAL).join('')}]`, 'g');

/**
 * Plain text for matching: HTML tags and entities removed, full-width forms folded to ASCII
 * (NFKC: ９７ → 97, ： → :), traditional characters of the rules' words simplified, runs of
 * spaces collapsed. Line breaks are kept.
 */
export function normalizeText(text: string): string {
  return stripTags(text)
    .replace(/&(nbsp|amp|lt|gt|quot|apos|#39);/g, (_, name: string) => ENTITIES[name] ?? ' ')
    .normalize('NFKC')
    .replace(TRADITIONAL_CHARS, (c) => TRADITIONAL[c] ?? c)
    .replace(/[ \t\u00a0\u3000]+/g, ' ');
}

const URL = /\b(?:https?:\/\/|www\.)[\w\-.~:/?#[\]@!$&'()*+,;=%]*/gi;

/** Email addresses and URLs blanked out: a 97 or a number inside them is neither a code nor an identifier. */
export const withoutAddresses = (text: string) => text.replace(URL, ' ').replace(EMAIL_IN_TEXT, ' ');

/** Quoted stretches within a line ("…", “…”, 「…」, 『…』, ‘…’) replaced by a space, in one pass. */
export function withoutQuotes(text: string): string {
  const CLOSERS: Record<string, string> = { '"': '"', '“': '”', '「': '」', '『': '』', '‘': '’' };
  let out = '';
  let open: { at: number; closer: string } | null = null;
  let kept = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (open) {
      if (c === open.closer) {
        out += `${text.slice(kept, open.at)} `;
        kept = i + 1;
        open = null;
      } else if (c === '\n') {
        open = null;
      }
    } else if (c in CLOSERS) {
      open = { at: i, closer: CLOSERS[c] as string };
    }
  }
  return out + text.slice(kept);
}
