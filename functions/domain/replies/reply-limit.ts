import { HOUR_MS } from '#domain/time';

/**
 * When an automatic reply is not sent: the rules that stop two responders answering each other
 * for ever, whatever headers they send (RFC 3834 §2, "a responder … SHOULD NOT respond to
 * the same sender more often than …").
 */

export interface ReplyLimit {
  replies: number;
  windowMs: number;
}

/** A few automatic replies an hour to one address; more goes to a person. */
export const REPLY_LIMIT: ReplyLimit = { replies: 5, windowMs: HOUR_MS };

/** What a reply's ticket is, for the thread rule: its decision and the earlier ticket it answers. */
export interface AnsweredTicket {
  outcome?: string | undefined;
  diagnosis?: string | undefined;
  terminalId?: string | null | undefined;
  thread?:
    | { ticketId: string; outcome: string | null; diagnosis: string | null; terminalId: string | null }
    | undefined;
}

/**
 * Why this reply repeats what its thread was already told, or null. In one thread an address
 * hears each answer once: a second identical answer helps no person, and it is exactly what a
 * responder without headers would keep drawing out of us.
 */
export function repeatsThread(ticket: AnsweredTicket): string | null {
  const { thread } = ticket;
  if (!thread?.outcome || thread.outcome !== ticket.outcome) return null;
  if ((thread.diagnosis ?? null) !== (ticket.diagnosis ?? null)) return null;
  if ((thread.terminalId ?? null) !== (ticket.terminalId ?? null)) return null;
  const what = [thread.outcome, thread.diagnosis].filter(Boolean).join(' ');
  return `ticket ${thread.ticketId}, which this message answers, was already sent the same answer (${what})`;
}

/**
 * Of the times replies went to one address, those within the window of `at`, either side:
 * the limit counts by when the messages answered were received (as every window of the
 * playbook does), and messages need not arrive in that order.
 */
export const withinWindow = (sentAtMs: readonly number[], at: Date, limit: ReplyLimit) =>
  sentAtMs.filter((t) => Math.abs(t - at.getTime()) < limit.windowMs);

/** What to keep of an address's reply times once one more is counted at `at`: nothing a later count could still see. */
export const keptAfter = (sentAtMs: readonly number[], at: Date, limit: ReplyLimit) =>
  [...sentAtMs.filter((t) => t > at.getTime() - limit.windowMs), at.getTime()].sort((a, b) => a - b);

export const overLimitReason = (limit: ReplyLimit) =>
  `${limit.replies} automatic replies already went to this address within ${Math.round(limit.windowMs / 60_000)} minutes`;
