import { undeliveredPacket, type RecordsSeen, type UndeliveredReason } from '#domain/escalation';
import { TriagePermanentError } from '#domain/errors';
import type { Email } from '#domain/replies/compose';
import { overLimitReason, REPLY_LIMIT, repeatsThread } from '#domain/replies/reply-limit';
import {
  DeliveryError,
  type Clock,
  type Mailer,
  type ReplyLimits,
  type TicketRecord,
  type TicketRepository,
} from '#use-cases/ports';
import { after, type LifecycleTiming } from '#use-cases/timing';

export interface DeliverDeps {
  tickets: TicketRepository;
  mailer: Mailer;
  replyLimits: ReplyLimits;
  clock: Clock;
  newId: () => string;
  timing: LifecycleTiming;
}

export type DeliverResult =
  | { result: 'SENT'; messageId: string; recorded: boolean }
  /** Another run holds the reply's claim; `staleAt`, when known, is when that claim counts as dead. */
  | { result: 'IN_FLIGHT'; staleAt?: string }
  | { result: 'ALREADY_SENT' | 'NOT_DELIVERED' };

/**
 * Bookkeeping after a send is retried here (never the send itself), briefly: Record delivery
 * retries it further, so the step stays well inside its Lambda timeout.
 */
const BOOKKEEPING_ATTEMPTS = 2;

/** The terminal an auto-resolve counts against for REPEAT_CONTACT once its reply is out. */
export const repeatKeyOf = (record: TicketRecord) =>
  record.outcome === 'AUTO_RESOLVED' ? (record.terminalId ?? null) : null;

async function recordSent(deps: DeliverDeps, record: TicketRecord, messageId: string): Promise<boolean> {
  for (let attempt = 0; attempt < BOOKKEEPING_ATTEMPTS; attempt++) {
    try {
      await deps.tickets.markReplySent(record.ticketId, {
        messageId,
        at: deps.clock.now(),
        autoResolvedTerminalId: repeatKeyOf(record),
      });
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return false;
}

/**
 * Puts a decided ticket whose reply did not reach the merchant in the human queue, with the
 * reply recorded for it attached, provided the claim on the reply is still the one seen (so a
 * reply another run has sent in the meantime is never queued again). A ticket the rules
 * already escalated keeps its diagnosis; its escalation gains the undelivered email.
 */
export async function escalateUndelivered(
  deps: Pick<DeliverDeps, 'tickets' | 'clock'>,
  input: {
    record: TicketRecord;
    claimToken: string;
    reason: UndeliveredReason;
    detail: string;
    fallbackEmail?: Email;
    recordsRead?: RecordsSeen;
  },
): Promise<boolean> {
  const { record, reason, detail } = input;
  const email = record.reply ?? input.fallbackEmail;
  if (!email) throw new TriagePermanentError(`ticket ${record.ticketId} has no reply to hand to ops`);
  const packet = undeliveredPacket({
    ticket: record.ticket,
    thread: record.thread,
    decision: {
      findings: record.findings ?? [],
      reasons: record.reasons ?? [],
      merchantId: record.merchantId ?? null,
      terminalId: record.terminalId ?? null,
    },
    email,
    reason,
    detail,
    recordsRead: input.recordsRead ?? {},
    createdAt: deps.clock.now().toISOString(),
  });
  return deps.tickets.escalate({
    ticketId: record.ticketId,
    packet,
    diagnosis: record.outcome === 'ESCALATED' ? (record.diagnosis ?? packet.diagnosis) : packet.diagnosis,
    // A withheld reply is final as a refused one is: nothing was sent, and nothing will be by itself.
    emailStatus: reason === 'UNKNOWN' ? 'UNKNOWN' : 'FAILED',
    final: true,
    at: deps.clock.now(),
    expect: { claimToken: input.claimToken },
  });
}

/**
 * Why a claimed reply must not go out: it repeats its thread's answer, or its address had the
 * limit's replies within the window of this ticket's `receivedAt` (the time every window of
 * the rules is measured in, so a replay of old tickets counts as they arrived). The limit is
 * counted only when the reply would go; a count that cannot be read releases the claim and
 * fails the attempt, to be retried.
 */
async function withheldBecause(
  deps: DeliverDeps,
  record: TicketRecord,
  outgoing: Email,
  token: string,
): Promise<string | null> {
  const repeated = repeatsThread(record);
  if (repeated) return repeated;
  try {
    return (await deps.replyLimits.take(outgoing.to, deps.clock.now(), REPLY_LIMIT))
      ? null
      : overLimitReason(REPLY_LIMIT);
  } catch (error) {
    await deps.tickets.releaseReply(record.ticketId, token);
    throw error;
  }
}

/** Claims a ticket's reply for this run and attempt; a claim older than the send deadline is stale. */
export function claimReply(
  deps: Pick<DeliverDeps, 'tickets' | 'clock' | 'timing'>,
  ticketId: string,
  runId: string,
  token: string,
) {
  const now = deps.clock.now();
  return deps.tickets.claimReply(ticketId, {
    runId,
    token,
    at: now,
    staleBefore: new Date(now.getTime() - deps.timing.sendWithinMs),
  });
}

/**
 * Sends a decided ticket's one reply: the one recorded with the decision (`email`, the draft
 * the caller holds, stands in only when none was recorded). The claim on the ticket keeps any
 * retry, re-drive or reconciler pass from sending it twice; a send whose fate is unknown is
 * never repeated but handed to ops, and so is one the mail service refused.
 */
export async function deliverReply(
  deps: DeliverDeps,
  input: { ticketId: string; runId: string; email: Email; recordsRead?: RecordsSeen },
): Promise<DeliverResult> {
  const { ticketId, email } = input;
  const token = deps.newId();
  const claim = await claimReply(deps, ticketId, input.runId, token);
  /** The record is the one the claim saw; the escalation applies only while that claim stands. */
  const undelivered = async (
    record: TicketRecord,
    claimToken: string,
    reason: UndeliveredReason,
    detail: string,
  ): Promise<DeliverResult> => {
    const escalated = await escalateUndelivered(deps, {
      record,
      claimToken,
      reason,
      detail,
      fallbackEmail: email,
      ...(input.recordsRead ? { recordsRead: input.recordsRead } : {}),
    });
    return { result: escalated ? 'NOT_DELIVERED' : 'IN_FLIGHT' };
  };

  switch (claim.kind) {
    case 'ALREADY_SENT':
      return { result: claim.kind };
    case 'IN_FLIGHT':
      return { result: claim.kind, staleAt: after(claim.claimedAt, deps.timing.sendWithinMs).toISOString() };
    case 'ALREADY_ESCALATED':
      return { result: 'NOT_DELIVERED' };
    case 'NOT_DECIDED':
      throw new TriagePermanentError(`ticket ${ticketId} has no recorded decision to reply to`);
    case 'FATE_UNKNOWN':
      return undelivered(
        claim.record,
        claim.token,
        'UNKNOWN',
        'an earlier attempt claimed the send and never reported back',
      );
    case 'CLAIMED':
      break;
  }

  const { record } = claim;
  const outgoing = record.reply ?? email;
  const withheld = await withheldBecause(deps, record, outgoing, token);
  if (withheld) return undelivered(record, token, 'WITHHELD', withheld);
  let messageId: string;
  try {
    ({ messageId } = await deps.mailer.send(outgoing, { ticketId }));
  } catch (error) {
    const certainty = error instanceof DeliveryError ? error.certainty : 'UNKNOWN';
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (certainty !== 'NOT_SENT') return undelivered(record, token, certainty, detail);
    await deps.tickets.releaseReply(ticketId, token);
    throw error;
  }
  return { result: 'SENT', messageId, recorded: await recordSent(deps, record, messageId) };
}
