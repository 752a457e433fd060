import { failurePacket, PROCESSING_ERROR, type RecordsSeen } from '#domain/escalation';
import { composeAcknowledgement, type Email } from '#domain/replies/compose';
import { detectLanguage } from '#domain/triage/language';
import type { Decision } from '#domain/triage/types';
import { claimReply, deliverReply, escalateUndelivered, repeatKeyOf, type DeliverDeps } from '#use-cases/deliver-reply';
import type { TicketRecord } from '#use-cases/ports';
import { RECONCILER_RUN } from '#use-cases/timing';

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

export type FailureResult = 'ALREADY_FINAL' | 'ESCALATED' | 'REPLY_NOT_DELIVERED' | 'IN_FLIGHT' | 'NO_SUCH_TICKET';

const detailOf = (error: FailureInput['error']) => `${error.Error}: ${error.Cause}`.slice(0, 500);

/** A decided ticket whose run failed around its reply: settle it, leave it to whoever sends, or queue the reply. */
async function replyNotDelivered(deps: DeliverDeps, record: TicketRecord, input: FailureInput): Promise<FailureResult> {
  if (record.emailStatus === 'SENT' || record.emailStatus === 'FAILED' || record.emailStatus === 'UNKNOWN')
    return 'ALREADY_FINAL';
  if (input.sentMessageId) {
    await deps.tickets.markReplySent(record.ticketId, {
      messageId: input.sentMessageId,
      at: deps.clock.now(),
      autoResolvedTerminalId: repeatKeyOf(record),
    });
    return 'ALREADY_FINAL';
  }
  // Take the claim (or see who holds it) before queuing the reply: a live sender is left alone.
  const token = deps.newId();
  const claim = await claimReply(deps, record.ticketId, input.runId, token);
  const queue = async (claimToken: string, reason: 'NOT_SENT' | 'UNKNOWN') =>
    (await escalateUndelivered(deps, {
      record,
      claimToken,
      reason,
      detail: detailOf(input.error),
      recordsRead: input.recordsRead,
      ...(input.draft ? { fallbackEmail: input.draft } : {}),
    }))
      ? 'REPLY_NOT_DELIVERED'
      : 'IN_FLIGHT';
  switch (claim.kind) {
    case 'CLAIMED':
      return queue(token, 'NOT_SENT');
    case 'FATE_UNKNOWN':
      return queue(claim.token, 'UNKNOWN');
    case 'IN_FLIGHT':
      return 'IN_FLIGHT';
    default:
      return 'ALREADY_FINAL';
  }
}

/**
 * A run that could not finish: nothing is dropped. A decided ticket whose reply did not go out
 * is escalated with that reply; an undecided one is escalated with the error and whatever was
 * known, and the sender gets the acknowledgement. A ticket another run decided in the
 * meantime is treated as decided.
 */
export async function recordFailure(deps: DeliverDeps, input: FailureInput): Promise<FailureResult> {
  const record = await deps.tickets.get(input.ticketId);
  if (!record) return 'NO_SUCH_TICKET';
  // A run the ticket was re-driven away from leaves it to the current run (or the reconciler).
  const superseded =
    record.runId !== undefined && record.runId !== input.runId && !input.runId.startsWith(RECONCILER_RUN);
  if (superseded && record.status === 'PROCESSING') return 'IN_FLIGHT';
  if (record.status === 'DECIDED') return superseded ? 'IN_FLIGHT' : replyNotDelivered(deps, record, input);

  const { ticket } = record;
  const language = input.decision?.language ?? detectLanguage(ticket.subject, ticket.body);
  const acknowledgement = composeAcknowledgement(ticket, ticket.from, language, ticket.terminalId ?? null);
  const at = deps.clock.now();
  const escalated = await deps.tickets.escalate({
    ticketId: ticket.ticketId,
    packet: failurePacket({
      ticket,
      thread: record.thread,
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
    expect: { status: 'PROCESSING' },
  });
  if (!escalated) {
    const decided = await deps.tickets.get(input.ticketId);
    return decided ? replyNotDelivered(deps, decided, input) : 'NO_SUCH_TICKET';
  }
  await deliverReply(deps, { ticketId: ticket.ticketId, runId: input.runId, email: acknowledgement });
  return 'ESCALATED';
}
