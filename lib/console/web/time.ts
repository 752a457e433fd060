import type { Lang } from './i18n.ts';

/** Every time in the console is China Standard Time, whatever the browser's zone. */
const PARTS = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const ZONE: Record<Lang, string> = { zh: '北京时间', en: 'CST' };

/** `2026-11-24 16:00 CST` (`… 北京时间`); a dash for no time. */
export function cst(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const part = Object.fromEntries(PARTS.formatToParts(date).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute} ${ZONE[lang]}`;
}
