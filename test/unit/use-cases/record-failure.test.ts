import { describe, expect, it } from 'vitest';
import { acceptTicket } from '#use-cases/accept-ticket';

import { type FailureInput, recordFailure } from '#use-cases/record-failure';
import { aDecision, aReply, aTicket, memoryWorld, decidedTicket } from '#fixtures/memory/world';

const error = { Error: 'Lambda.ServiceException', Cause: 'the step kept failing' };

/** A run's failure as the Catch hands it over: nothing read, no decision, unless `over` says so. */
const failure = (ticketId: string, runId: string, over: Partial<FailureInput> = {}): FailureInput => ({
  ticketId,
  runId,
  error,
  recordsRead: {},
  decision: null,
  draft: null,
  ...over,
});

describe('recordFailure', () => {
  it('escalates an undecided ticket with the error and acknowledges the sender once', async () => {
    const w = memoryWorld();
    const ticket = aTicket();
    await acceptTicket(w.deps, ticket);
    const runId = String(w.started[0]?.runId);

    const result = await recordFailure(w.deps, failure(ticket.ticketId, runId, { decision: null, draft: null }));

    expect(result).toBe('ESCALATED');
    expect(w.escalations.items.get(`ESC-${ticket.ticketId}`)).toMatchObject({
      diagnosis: 'PROCESSING_ERROR',
      processingError: error,
    });
    expect(w.sent).toEqual([expect.objectContaining({ to: ticket.from, kind: 'ACKNOWLEDGEMENT' })]);
    expect(w.tickets.items.get(ticket.ticketId)).toMatchObject({ outcome: 'ESCALATED', emailStatus: 'SENT' });
  });

  it('queues the reply of a decided ticket whose run failed before sending it', async () => {
    const w = memoryWorld();
    const { ticket, runId } = await decidedTicket(w);

    const result = await recordFailure(
      w.deps,
      failure(ticket.ticketId, runId, { decision: aDecision(), draft: aReply(ticket) }),
    );

    expect(result).toBe('REPLY_NOT_DELIVERED');
    expect(w.sent).toHaveLength(0);
    expect(w.escalations.items.get(`ESC-${ticket.ticketId}`)).toMatchObject({
      undeliveredReply: { reason: 'NOT_SENT' },
    });
  });

  it('settles a ticket whose send went through before a later step failed, sending nothing', async () => {
    const w = memoryWorld();
    const { ticket, runId } = await decidedTicket(w);

    const result = await recordFailure(
      w.deps,
      failure(ticket.ticketId, runId, { decision: null, draft: null, sentMessageId: 'm-9' }),
    );

    expect(result).toBe('ALREADY_FINAL');
    expect(w.tickets.items.get(ticket.ticketId)).toMatchObject({ emailStatus: 'SENT', emailMessageId: 'm-9' });
    expect(w.escalations.items.size).toBe(0);
  });

  it('leaves a ticket re-driven to another run to that run', async () => {
    const w = memoryWorld();
    const ticket = aTicket();
    await acceptTicket(w.deps, ticket);

    const result = await recordFailure(w.deps, {
      ticketId: ticket.ticketId,
      runId: 'an-old-run',
      error,
      recordsRead: {},
      decision: null,
      draft: null,
    });

    expect(result).toBe('IN_FLIGHT');
    expect(w.escalations.items.size).toBe(0);
  });

  it('answers NO_SUCH_TICKET for a ticket that was never stored', async () => {
    const w = memoryWorld();
    expect(
      await recordFailure(w.deps, {
        ticketId: 'NOPE',
        runId: 'r',
        error,
        recordsRead: {},
        decision: null,
        draft: null,
      }),
    ).toBe('NO_SUCH_TICKET');
  });
});
