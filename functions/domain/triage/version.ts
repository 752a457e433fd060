/** A firmware version as the records may hold it: 3.4.2, V3.4, 3.4.2-beta. */
export const VERSION_FORMAT = {
  pattern: /^[Vv]?\d+(?:\.\d+)*(?:-[0-9A-Za-z.]+)?$/,
  expect: 'a dotted version such as 3.4.2 (a leading V and a suffix such as -beta are allowed)',
} as const;

interface ParsedVersion {
  numbers: number[];
  /** What follows the numbers (beta, rc1); '' for a release. */
  suffix: string;
}

function parse(version: string): ParsedVersion {
  const text = version.trim().replace(/^v/i, '');
  const numeric = /^\d+(?:\.\d+)*/.exec(text)?.[0] ?? '';
  return {
    numbers: numeric ? numeric.split('.').map(Number) : [0],
    suffix: text.slice(numeric.length).replace(/^[-_.+\s]+/, ''),
  };
}

/**
 * Playbook §3 and §5: number by number (3.10.0 > 3.9.2), missing parts count as 0 (3.4 = 3.4.0),
 * a leading V is ignored, and a suffix ranks below the same numbers without one
 * (3.4.2-beta < 3.4.2). Negative, 0 or positive.
 */
export function compareVersions(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  for (let i = 0; i < Math.max(pa.numbers.length, pb.numbers.length); i++) {
    const diff = (pa.numbers[i] ?? 0) - (pb.numbers[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  if (pa.suffix === pb.suffix) return 0;
  if (!pa.suffix) return 1;
  if (!pb.suffix) return -1;
  return Math.sign(pa.suffix.localeCompare(pb.suffix, 'en', { numeric: true }));
}
