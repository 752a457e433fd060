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

const UNITS: Record<Lang, { d: string; h: string; min: string }> = {
  en: { d: ' d', h: ' h', min: ' min' },
  zh: { d: ' 天', h: ' 小时', min: ' 分钟' },
};

/** A span of time as a reviewer reads it at a glance: `35 min`, `3 h 5 min`, `2 d 4 h`. */
export function span(ms: number, lang: Lang): string {
  const u = UNITS[lang];
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes}${u.min}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours}${u.h} ${minutes % 60}${u.min}` : `${hours}${u.h}`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days}${u.d} ${hours % 24}${u.h}` : `${days}${u.d}`;
}
