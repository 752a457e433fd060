import type { MerchantSays } from '#domain/intake/mail';
import { detectTrigger, type TriggerResult } from '#domain/triage/trigger';

/** The earlier ticket a message answers, as the escalation packet and the decision record show it. */
export interface ThreadLink {
  ticketId: string;
  /** How the message named it: a `[ticketId]` in its subject, or In-Reply-To / References. */
  via: 'subject' | 'references';
  triggered: boolean;
  outcome: string | null;
  diagnosis: string | null;
  terminalId: string | null;
  receivedAt: string;
}

/** A reply's subject ("Re: [ZD-1] …", "回复：…") repeats the subject of the message it answers. */
const REPLY_PREFIX = /^\s*(?:re|aw|fw|fwd|回复|回覆|答复|转发|轉寄)\s*[:：]/i;

/** The subject as the writer's own words: a linked reply's subject is ours, quoted back. */
export const ownSubject = (subject: string, thread: ThreadLink | null) =>
  thread && REPLY_PREFIX.test(subject) ? '' : subject;

/**
 * Section 1 for mail. A reply in a thread is judged by its own words (its subject is ours,
 * quoted back, and says 97 whenever our reply did). When they do not mention the code, the
 * thread decides: a reply to a code-97 ticket that says it still fails, or that answers our
 * request for the TID (NEEDS_INFO), is about code 97; a "thanks, I'll try tomorrow" is not.
 */
export function mailTrigger(input: {
  subject: string;
  body: string;
  thread: ThreadLink | null;
  says: MerchantSays;
}): TriggerResult {
  const { thread } = input;
  const own = detectTrigger(ownSubject(input.subject, thread), input.body);
  if (own.triggered || !thread?.triggered) return own;
  if (input.says === 'STILL_FAILING')
    return { triggered: true, evidence: `a reply saying ticket ${thread.ticketId}'s fix did not work` };
  if (thread.outcome === 'NEEDS_INFO')
    return { triggered: true, evidence: `a reply to ticket ${thread.ticketId}'s request for the terminal ID` };
  return own;
}
