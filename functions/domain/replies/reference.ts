import { digest96 } from '#domain/digest';

/**
 * The reference a merchant sees for a ticket: ten characters in two groups (`7KQ2M-X9PTR`),
 * short enough to read aloud over the phone and type from a receipt. Crockford's base32: no
 * I, L, O or U, so nothing is mistaken for 1 or 0, and it reads back whatever the case. It is
 * derived from the ticketId, so it is stable and needs no counter; 50 bits make two tickets
 * sharing one unlikely (about 1 in 2,000 over a million tickets), and a reply is only linked
 * to a ticket its sender may answer, so even then nobody reaches another's ticket.
 */

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 10;

export function referenceOf(ticketId: string): string {
  let bits = BigInt(`0x${digest96(`reference:${ticketId}`)}`);
  let chars = '';
  for (let i = 0; i < LENGTH; i++) {
    chars = (ALPHABET[Number(bits & 31n)] as string) + chars;
    bits >>= 5n;
  }
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** Characters a person may type for another: o for 0, i and l for 1. */
const TYPED_FOR: Record<string, string> = { O: '0', I: '1', L: '1' };

/** A reference as a person wrote it (any case, o for 0, a space or no hyphen), or null when it is not one. */
export function readReference(written: string): string | null {
  const chars = [...written.toUpperCase().replace(/[\s-]/g, '')].map((c) => TYPED_FOR[c] ?? c).join('');
  if (chars.length !== LENGTH || [...chars].some((c) => !ALPHABET.includes(c))) return null;
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** References written anywhere in a subject as we write them (`[7KQ2M-X9PTR]`, or bare, any case), each once. */
export function referencesIn(subject: string): string[] {
  const found = [...subject.matchAll(/(?<![0-9A-Za-z])[0-9A-Za-z]{5}-[0-9A-Za-z]{5}(?![0-9A-Za-z-])/g)]
    .map((m) => readReference(m[0]))
    .filter((r): r is string => r !== null);
  return [...new Set(found)];
}
