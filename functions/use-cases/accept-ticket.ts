import { DEFAULT_SENDER, originByShape, originName, ticketIdRefusal, type Origin } from '#domain/intake/origins';
import type { ThreadLink } from '#domain/intake/thread';
import { referenceOf } from '#domain/replies/reference';
import { chinaDate } from '#domain/triage/findings';
import { detectTrigger, type TriggerResult } from '#domain/triage/trigger';
import type { Ticket } from '#domain/triage/types';
import { validateTicket } from '#domain/triage/validate';
import {
  StartError,
  type Clock,
  type DeliveryKeys,
  type MailNote,
  type TicketRecord,
  type TicketRepository,
  type WorkflowStarter,
} from '#use-cases/ports';
import { after, type LifecycleTiming } from '#use-cases/timing';

export interface AcceptDeps {
  tickets: TicketRepository;
  workflow: WorkflowStarter;
  clock: Clock;
  newId: () => string;
  timing: LifecycleTiming;
}

export type AcceptResult =
  | { kind: 'INVALID'; error: string; field: string | null }
  | { kind: 'DUPLICATE'; existing: TicketRecord }
  /** Stored already, by another entry point or sender: neither its outcome nor the ticketId is this sender's. */
  | { kind: 'TAKEN'; ticketId: string }
  | { kind: 'NOT_TRIGGERED'; ticketId: string }
  /** Stored: the run started, or (when the start failed or its answer was lost) the reconciler starts it. */
  | { kind: 'ACCEPTED'; ticketId: string; executionArn: string | null }
  /** The ticket could not be stored: deliver it again (a delivery that did get stored answers as a duplicate). */
  | { kind: 'UNAVAILABLE'; ticketId: string; error: string };

/** What an entry point knows of a ticket besides the ticket itself (the mail intake). */
export interface AcceptContext {
  /** The entry point and sender; the default webhook sender unless given. */
  origin?: Origin;
  /** The earlier ticket the message answers: escalations and the decision record show it. */
  thread?: ThreadLink | null;
  mail?: MailNote;
  /** Section 1 as the entry point's own rules read it (mail: playbook §5); else read from subject and body. */
  trigger?: TriggerResult;
  /** The message only confirms that the thread's fix worked: stored, never triaged. */
  confirmsFix?: boolean;
  /** A reviewer re-ran triage of this ticket after fixing records. */
  rerunOf?: { ticketId: string; by: string };
}

/**
 * The one way a ticket enters the system, whatever the entry point: validate it against the
 * contract, decide the trigger, store it once per ticketId, and start its workflow run.
 * Whatever it answers is true: an ACCEPTED ticket is stored and watched, so it reaches a final
 * state even when its run never starts (the reconciler starts it); UNAVAILABLE means the
 * ticket could not be stored, and the same delivery again is safe.
 */
export async function acceptTicket(
  deps: AcceptDeps,
  input: unknown,
  context: AcceptContext = {},
): Promise<AcceptResult> {
  const origin = context.origin ?? DEFAULT_SENDER;
  const screened = screen(input, origin);
  if (!screened.ok) return screened.refused;
  const { ticket } = screened;
  const thread = context.thread ?? undefined;
  const trigger = context.confirmsFix
    ? { triggered: false, evidence: null }
    : (context.trigger ?? detectTrigger(ticket.subject, ticket.body));
  const now = deps.clock.now();
  const runId = deps.newId();
  const record: TicketRecord = {
    ticketId: ticket.ticketId,
    ticket,
    reference: referenceOf(ticket.ticketId),
    receivedAt: ticket.receivedAt,
    receivedAtEpochMs: Date.parse(ticket.receivedAt),
    day: chinaDate(ticket.receivedAt),
    status: trigger.triggered ? 'PROCESSING' : 'DECIDED',
    triggered: trigger.triggered,
    triggerEvidence: trigger.evidence,
    createdAt: now.toISOString(),
    deliveryId: deps.newId(),
    origin: originName(origin),
    ...(thread ? { thread } : {}),
    ...(context.mail ? { mail: context.mail } : {}),
    ...(context.confirmsFix && thread ? { confirmsFixOf: thread.ticketId } : {}),
    ...(context.rerunOf ? { rerunOf: context.rerunOf } : {}),
    ...(trigger.triggered
      ? { runId, runs: 1, watchAtEpochMs: after(now, deps.timing.decideWithinMs).getTime() }
      : { outcome: 'NOT_TRIGGERED', findings: [], decidedAt: now.toISOString() }),
  };

  let stored: Awaited<ReturnType<TicketRepository['create']>>;
  try {
    stored = await deps.tickets.create(record);
  } catch (error) {
    // The write may have landed with every answer lost: then it is ours, and accepted.
    const landed = await deps.tickets.get(ticket.ticketId).catch(() => null);
    if (landed?.deliveryId !== record.deliveryId) {
      return {
        kind: 'UNAVAILABLE',
        ticketId: ticket.ticketId,
        error: described(error),
      };
    }
    stored = { created: true };
  }
  if (!stored.created) {
    return sameOrigin(stored.existing, origin)
      ? { kind: 'DUPLICATE', existing: stored.existing }
      : { kind: 'TAKEN', ticketId: ticket.ticketId };
  }
  if (!trigger.triggered) return { kind: 'NOT_TRIGGERED', ticketId: ticket.ticketId };

  try {
    const { executionArn } = await deps.workflow.start({
      ticket,
      runId,
      trigger: { evidence: trigger.evidence },
      ...(thread ? { thread } : {}),
    });
    return { kind: 'ACCEPTED', ticketId: ticket.ticketId, executionArn };
  } catch (error) {
    if (!(error instanceof StartError)) throw error;
    // Stored and watched: the reconciler starts the run once its deadline has passed.
    return { kind: 'ACCEPTED', ticketId: ticket.ticketId, executionArn: null };
  }
}

/** The ticket, if it is valid by the contract and its ticketId is the origin's to use: nothing is read or written before. */
function screen(
  input: unknown,
  origin: Origin,
): { ok: true; ticket: Ticket } | { ok: false; refused: Extract<AcceptResult, { kind: 'INVALID' }> } {
  const validated = validateTicket(input);
  if (!validated.ok) return { ok: false, refused: { kind: 'INVALID', error: validated.error, field: validated.field } };
  const refusal = ticketIdRefusal(validated.ticket.ticketId, origin);
  if (refusal) return { ok: false, refused: { kind: 'INVALID', error: refusal, field: 'ticketId' } };
  return { ok: true, ticket: validated.ticket };
}

/** An error as the log and the answer name it: its kind, its code (ECONNREFUSED, ENOSPC) and message. */
const described = (error: unknown) => {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return `${error.name}${typeof code === 'string' ? ` (${code})` : ''}: ${error.message}`;
};

const sameOrigin = (record: TicketRecord, origin: Origin) =>
  (record.origin ?? originByShape(record.ticketId)) === originName(origin);

/**
 * A helpdesk delivery carrying its own delivery key: a key seen before is answered as the
 * duplicate of its first ticket; otherwise the ticket is accepted as any other, and the key
 * remembered. Remembering is best effort: a redelivery of the same ticket is still one ticket
 * by its ticketId.
 */
export async function acceptDelivery(
  deps: AcceptDeps & { deliveryKeys: DeliveryKeys },
  input: unknown,
  deliveryKey: string | null,
  origin: Origin = DEFAULT_SENDER,
): Promise<AcceptResult> {
  if (deliveryKey) {
    const screened = screen(input, origin);
    if (!screened.ok) return screened.refused;
    let existing: TicketRecord | null;
    try {
      const seen = await deps.deliveryKeys.ticketFor(deliveryKey);
      existing = seen === null ? null : await deps.tickets.get(seen);
    } catch (error) {
      // Nothing is stored yet: deliver it again (503).
      return { kind: 'UNAVAILABLE', ticketId: screened.ticket.ticketId, error: described(error) };
    }
    // A key another sender used names nothing of this sender's.
    if (existing && sameOrigin(existing, origin)) return { kind: 'DUPLICATE', existing };
  }
  const result = await acceptTicket(deps, input, { origin });
  if (deliveryKey && (result.kind === 'DUPLICATE' || result.kind === 'ACCEPTED' || result.kind === 'NOT_TRIGGERED')) {
    const ticketId = result.kind === 'DUPLICATE' ? result.existing.ticketId : result.ticketId;
    await deps.deliveryKeys.remember(deliveryKey, ticketId, deps.clock.now()).catch(() => undefined);
  }
  return result;
}
