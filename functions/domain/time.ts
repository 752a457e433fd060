/** Lengths of time the rules and the lifecycle count in, in milliseconds. */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Milliseconds as hours, rounded to `decimals` places. */
export const inHours = (ms: number, decimals: number) => {
  const scale = 10 ** decimals;
  return Math.round((ms / HOUR_MS) * scale) / scale;
};
