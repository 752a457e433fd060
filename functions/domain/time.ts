/** Lengths of time the rules and the lifecycle count in, in milliseconds. */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Milliseconds as hours, rounded to `decimals` places. */
export const inHours = (ms: number, decimals: number) => {
  const scale = 10 ** decimals;
  return Math.round((ms / HOUR_MS) * scale) / scale;
};

/** China Standard Time, UTC+8, which the merchants' dates and times are written in. */
export const CHINA_OFFSET_MS = 8 * HOUR_MS;

/** An instant as China Standard Time reads it: `2026-11-20 09:14`. */
export function chinaTime(iso: string): string {
  return new Date(Date.parse(iso) + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
