import { escalationIdFor, failurePacket, PROCESSING_ERROR, type RecordsSeen } from '#domain/escalation';
import { composeAcknowledgement, type Email } from '#domain/replies/compose';
import { detectLanguage } from '#domain/triage/language';
import type { Decision } from '#domain/triage/types';
import { deliverReply, escalateUndelivered, repeatKeyOf, type DeliverDeps } from '#use-cases/deliver-reply';

export interface FailureInput {
  ticketId: string;
  runId: string;
  error: { Error: string; Cause: string };
  /** What the run knew when it stopped. */
  recordsRead: RecordsSeen;
  decision: Decision | null;
  draft: Email | null;
  /** The answer of a send that went through before a later step failed. */
  sentMessageId?: string;
}

export type FailureResult = 'ALREADY_FINAL' | 'ESCALATED' | 'REPLY_NOT_DELIVERED' | 'NO_SUCH_TICKET';

/**
 * A run that could not finish: nothing is dropped. A decided ticket whose reply did not go out
 * is escalated with that reply; an undecided one is escalated with the error and whatever was
 * known, and the sender gets the acknowledgement.
 */
export async function recordFailure(deps: DeliverDeps, input: FailureInput): Promise<FailureResult> {
  const record = await deps.tickets.get(input.ticketId);
  if (!record) return 'NO_SUCH_TICKET';
  const { ticket } = record;

  if (record.status === 'DECIDED') {
    if (record.emailStatus === 'SENT' || record.emailStatus === 'FAILED' || record.emailStatus === 'UNKNOWN') return 'ALREADY_FINAL';
    if (input.sentMessageId) {
      await deps.tickets.markReplySent(ticket.ticketId, {
        messageId: input.sentMessageId,
        at: deps.clock.now(),
        autoResolvedTerminalId: repeatKeyOf(record),
      });
      return 'ALREADY_FINAL';
    }
    const email = record.reply ?? input.draft;
    if (!email) return 'ALREADY_FINAL';
    const claimed = record.emailStatus === 'SENDING';
    await escalateUndelivered(deps, {
      record,
      email,
      reason: claimed ? 'UNKNOWN' : 'NOT_SENT',
      detail: `${input.error.Error}: ${input.error.Cause}`.slice(0, 500),
      recordsRead: input.recordsRead,
    });
    return 'REPLY_NOT_DELIVERED';
  }

  const escalationId = escalationIdFor(ticket.ticketId);
  const language = input.decision?.language ?? detectLanguage(ticket.subject, ticket.body);
  const acknowledgement = composeAcknowledgement(ticket, ticket.from, language, escalationId);
  const at = deps.clock.now();
  await deps.tickets.escalate({
    ticketId: ticket.ticketId,
    packet: failurePacket({
      ticket,
      error: input.error,
      decision: input.decision,
      draft: input.draft,
      acknowledgement,
      recordsRead: input.recordsRead,
      createdAt: at.toISOString(),
    }),
    diagnosis: PROCESSING_ERROR,
    emailStatus: null,
    reply: acknowledgement,
    final: false,
    at,
  });
  await deliverReply(deps, { ticketId: ticket.ticketId, runId: input.runId, email: acknowledgement });
  return 'ESCALATED';
}
