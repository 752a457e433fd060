import { decisionPacket, type RecordsSeen, type SuggestedReply } from '#domain/escalation';
import type { ThreadLink } from '#domain/intake/thread';
import { RULES_VERSION } from '#domain/triage/rules-version';
import type { Email } from '#domain/replies/compose';
import type { Decision, Ticket } from '#domain/triage/types';
import type { Clock, TicketRepository } from '#use-cases/ports';

export interface RecordDecisionDeps {
  tickets: TicketRepository;
  clock: Clock;
}

/**
 * Records the rules' decision with its drafted reply and, for an escalation, the reviewer's
 * packet, in one write: the queue never holds an escalation whose ticket is undecided.
 */
export async function recordDecision(
  deps: RecordDecisionDeps,
  input: {
    ticket: Ticket;
    thread?: ThreadLink | undefined;
    decision: Decision;
    reply: Email;
    suggestedReply: SuggestedReply | null;
    recordsRead: RecordsSeen;
  },
): Promise<'RECORDED' | 'ALREADY_RECORDED'> {
  const { ticket, decision, reply } = input;
  const at = deps.clock.now();
  const packet =
    decision.outcome === 'ESCALATED'
      ? decisionPacket({
          ticket,
          thread: input.thread,
          decision,
          recordsRead: input.recordsRead,
          suggestedReply: input.suggestedReply,
          acknowledgement: reply,
          createdAt: at.toISOString(),
        })
      : null;
  return deps.tickets.recordDecision({
    ticketId: ticket.ticketId,
    decision,
    reply,
    packet,
    recordsRead: input.recordsRead,
    rulesVersion: RULES_VERSION,
    at,
  });
}
