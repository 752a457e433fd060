import { describe, expect, it } from 'vitest';
import { acceptTicket } from '#use-cases/accept-ticket';
import { DeliveryError } from '#use-cases/ports';
import { reconcile } from '#use-cases/reconcile';

import { aTicket, memoryWorld, decidedTicket } from '#fixtures/memory/world';

describe('reconcile', () => {
  it('looks at nothing before a ticket’s deadline', async () => {
    const w = memoryWorld();
    await acceptTicket(w.deps, aTicket());

    expect(await reconcile(w.deps)).toMatchObject({ examined: 0 });
  });

  it('re-drives a ticket whose run died, under a new run, and escalates it after the last run', async () => {
    const w = memoryWorld();
    const ticket = aTicket();
    await acceptTicket(w.deps, ticket);

    for (let run = 2; run <= w.deps.timing.maxRuns; run++) {
      w.clock.advance(w.deps.timing.decideWithinMs + 1);
      expect(await reconcile(w.deps)).toMatchObject({ examined: 1, redriven: 1 });
      expect(w.tickets.items.get(ticket.ticketId)).toMatchObject({ runs: run, runId: w.started.at(-1)?.runId });
    }
    w.clock.advance(w.deps.timing.decideWithinMs + 1);

    expect(await reconcile(w.deps)).toMatchObject({ escalated: 1 });
    expect(w.escalations.items.get(`ESC-${ticket.ticketId}`)).toMatchObject({
      diagnosis: 'PROCESSING_ERROR',
      processingError: { Error: 'RunNeverFinished' },
    });
    expect(w.started).toHaveLength(w.deps.timing.maxRuns);
  });

  it('sends the recorded reply of a decided ticket whose run died before sending', async () => {
    const w = memoryWorld();
    const { ticket } = await decidedTicket(w);
    w.clock.advance(w.deps.timing.decideWithinMs + 1);

    expect(await reconcile(w.deps)).toMatchObject({ examined: 1, replied: 1 });
    expect(w.sent).toEqual([expect.objectContaining({ ticketId: ticket.ticketId })]);
    expect(await reconcile(w.deps)).toMatchObject({ examined: 0 });
  });

  it('tries a reply the mail service surely refused for now again one send deadline later', async () => {
    const w = memoryWorld();
    const { ticket } = await decidedTicket(w);
    w.clock.advance(w.deps.timing.decideWithinMs + 1);
    w.mailScript.push(new DeliveryError('NOT_SENT', 'throttled'));

    expect(await reconcile(w.deps)).toMatchObject({ examined: 1, errors: 1 });
    expect(w.tickets.items.get(ticket.ticketId)?.watchAtEpochMs).toBe(
      w.clock.now().getTime() + w.deps.timing.sendWithinMs,
    );
    expect(await reconcile(w.deps)).toMatchObject({ examined: 0 });
  });

  it('counts a ticket it could not read as an error and goes on with the rest', async () => {
    const w = memoryWorld();
    await acceptTicket(w.deps, aTicket());
    w.clock.advance(w.deps.timing.decideWithinMs + 1);
    w.tickets.redrive = async () => {
      throw new Error('DynamoDB is down');
    };

    expect(await reconcile(w.deps)).toMatchObject({ examined: 1, errors: 1 });
  });
});
