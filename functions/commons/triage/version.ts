/** Dotted numeric comparison: 3.10.0 > 3.9.2; missing parts count as 0. Negative, 0 or positive. */
export function compareVersions(a: string, b: string): number {
  const pa = a.trim().split('.').map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.trim().split('.').map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
