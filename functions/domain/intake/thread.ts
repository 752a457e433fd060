import type { TriggerResult } from '#domain/triage/trigger';

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

/**
 * A reply in the thread of a code-97 ticket is about code 97 even when its new text does not
 * say so again ("还是不行", or the terminal ID our NEEDS_INFO email asked for): its own words
 * trigger as usual, and otherwise the thread does.
 */
export function triggerInThread(own: TriggerResult, thread: ThreadLink | null | undefined): TriggerResult {
  if (own.triggered || !thread?.triggered) return own;
  return { triggered: true, evidence: `a reply in the thread of ticket ${thread.ticketId}, which mentions code 97` };
}
