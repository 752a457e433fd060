/** Three independent 32-bit FNV-1a lanes: a stable 96-bit digest (24 hex digits), pure and dependency-free. */
export function digest96(text: string): string {
  const lanes = [0x811c9dc5, 0x01000193 ^ 0x5bd1e995, 0x9e3779b9];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    for (let l = 0; l < lanes.length; l++)
      lanes[l] = Math.imul((lanes[l] as number) ^ (c + l * 0x9e37), 0x01000193 + l * 2) >>> 0;
  }
  return lanes.map((n) => n.toString(16).padStart(8, '0')).join('');
}
