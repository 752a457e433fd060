import { detectTrigger } from '#domain/triage/trigger';
import { validateTicket } from '#domain/triage/validate';
import { StartError, type Clock, type TicketRecord, type TicketRepository, type WorkflowStarter } from '#use-cases/ports';
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
  | { kind: 'NOT_TRIGGERED'; ticketId: string }
  /** The workflow runs, or (when StartExecution's answer was lost) the reconciler will see that it does. */
  | { kind: 'ACCEPTED'; ticketId: string; executionArn: string | null }
  /** Nothing was kept: the same delivery again is a first delivery. */
  | { kind: 'UNAVAILABLE'; ticketId: string; error: string };

/**
 * The one way a ticket enters the system, whatever the entry point: validate it against the
 * contract, decide the trigger, store it once per ticketId, and start its workflow run.
 * Whatever it answers is true: ACCEPTED tickets reach a final state (the reconciler
 * re-drives a run that never reports back), and UNAVAILABLE leaves nothing behind.
 */
export async function acceptTicket(deps: AcceptDeps, input: unknown): Promise<AcceptResult> {
  const validated = validateTicket(input);
  if (!validated.ok) return { kind: 'INVALID', error: validated.error, field: validated.field };
  const { ticket } = validated;
  const trigger = detectTrigger(ticket.subject, ticket.body);
  const now = deps.clock.now();
  const runId = deps.newId();
  const deliveryId = deps.newId();
  const record: TicketRecord = {
    ticketId: ticket.ticketId,
    ticket,
    receivedAt: ticket.receivedAt,
    receivedAtEpochMs: Date.parse(ticket.receivedAt),
    status: trigger.triggered ? 'PROCESSING' : 'DECIDED',
    triggered: trigger.triggered,
    triggerEvidence: trigger.evidence,
    createdAt: now.toISOString(),
    deliveryId,
    ...(trigger.triggered
      ? { runId, runs: 1, watchAtEpochMs: after(now, deps.timing.decideWithinMs).getTime() }
      : { outcome: 'NOT_TRIGGERED', findings: [], decidedAt: now.toISOString() }),
  };

  const stored = await deps.tickets.create(record);
  if (!stored.created) return { kind: 'DUPLICATE', existing: stored.existing };
  if (!trigger.triggered) return { kind: 'NOT_TRIGGERED', ticketId: ticket.ticketId };

  try {
    const { executionArn } = await deps.workflow.start({ ticket, runId, trigger: { evidence: trigger.evidence } });
    return { kind: 'ACCEPTED', ticketId: ticket.ticketId, executionArn };
  } catch (error) {
    if (error instanceof StartError && error.certainty === 'NOT_STARTED') {
      try {
        await deps.tickets.discardUnstarted(ticket.ticketId, deliveryId);
        return { kind: 'UNAVAILABLE', ticketId: ticket.ticketId, error: error.message };
      } catch {
        // Kept after all: the reconciler starts it once its watch time passes.
      }
    }
    return { kind: 'ACCEPTED', ticketId: ticket.ticketId, executionArn: null };
  }
}
