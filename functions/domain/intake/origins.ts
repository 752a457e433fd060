/**
 * Where a ticket came from, and which ticketIds each entry point may use. The routes that make
 * their own ticketIds own the shapes they make; each signed webhook sender owns its prefix, and
 * the sender without one owns every ticketId no one else does. So no delivery can take, or read
 * the outcome of, a ticketId another entry point made or will make.
 */
export type Origin =
  /** POST /tickets, verified with the signing secret of the sender with this prefix ('' for the default sender). */
  | { route: 'webhook'; prefix: string; senders: readonly string[] }
  | { route: 'zendesk' }
  | { route: 'mail' }
  | { route: 'rerun' };

export type OriginName = string;

/** POST /tickets signed by the one secret of a stack with a single webhook sender. */
export const DEFAULT_SENDER: Origin = { route: 'webhook', prefix: '', senders: [] };

export const originName = (origin: Origin): OriginName =>
  origin.route === 'webhook' ? (origin.prefix ? `webhook:${origin.prefix}` : 'webhook') : origin.route;

const startsWith = (id: string, prefix: string) => id.toLowerCase().startsWith(prefix.toLowerCase());

/** The shapes of the ticketIds the system makes, and who makes them. */
const MADE: Array<{ shape: RegExp; by: Exclude<Origin['route'], 'webhook'>; what: string }> = [
  { shape: /\.R\d+$/, by: 'rerun', what: 'a re-run from the queue (<ticketId>.R<n>)' },
  { shape: /^ZD-\d+-\d+$/i, by: 'zendesk', what: 'the Zendesk route (ZD-<ticket>-<comment>)' },
  { shape: /^MAIL-[0-9a-f]{24}$/i, by: 'mail', what: 'the support inbox (MAIL-<digest>)' },
  // Held mail has no ticket, but its queue item is ESC-HELD-<digest>: a ticket of that ID would share it.
  { shape: /^HELD-[0-9a-f]{24}$/i, by: 'mail', what: 'the support inbox’s held mail (HELD-<digest>)' },
];

/** A webhook sender's prefix: letters and digits ending in `-`, `_`, `.` or `:`. */
const PREFIX = /^[A-Za-z0-9]{1,16}[-_.:]$/;
const SYSTEM_PREFIX = /^(?:ZD|MAIL|HELD)[-_.:]$/i;

export function prefixError(prefix: string): string | null {
  if (prefix === '') return null;
  if (!PREFIX.test(prefix)) return `sender prefix "${prefix}" must be 1 to 16 letters or digits and one of - _ . :`;
  return SYSTEM_PREFIX.test(prefix) ? `sender prefix "${prefix}" is one the system makes ticketIds with` : null;
}

/**
 * The origin of a ticket stored before origins were kept: the route that makes its shape, else
 * the one webhook sender there was then (senders with prefixes came with origins).
 */
export function originByShape(ticketId: string): OriginName {
  return MADE.find((m) => m.shape.test(ticketId))?.by ?? 'webhook';
}

/**
 * Why `origin` may not use this ticketId, or null when it may. A webhook origin knows every
 * sender's prefix, so that the default sender stays out of theirs.
 */
export function ticketIdRefusal(ticketId: string, origin: Origin): string | null {
  if (origin.route !== 'webhook') return null;
  const made = MADE.find((m) => m.shape.test(ticketId));
  if (made) return `ticketId ${ticketId} has the shape of one made by ${made.what}; a webhook sender cannot use it`;
  if (origin.prefix) {
    return startsWith(ticketId, origin.prefix)
      ? null
      : `ticketId must start with ${origin.prefix}, the prefix of the secret that signed this delivery`;
  }
  const other = origin.senders.find((p) => p && startsWith(ticketId, p));
  return other ? `ticketId ${ticketId} is in the namespace of the sender with prefix ${other}` : null;
}
