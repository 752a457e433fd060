import { describe, expect, it } from 'vitest';
import { acceptTicket } from '#use-cases/accept-ticket';
import { deliverReply } from '#use-cases/deliver-reply';
import { DeliveryError } from '#use-cases/ports';

import { aReply, aTicket, memoryWorld, decidedTicket } from '#fixtures/memory/world';

/** A ticket accepted and decided, its reply not sent yet: where Send reply starts. */
async function decided(w = memoryWorld()) {
  const { ticket, runId } = await decidedTicket(w);
  return { w, ticket, runId, input: { ticketId: ticket.ticketId, runId, email: aReply(ticket) } };
}

describe('deliverReply', () => {
  it('sends the recorded reply once, and the ticket is final and counts for REPEAT_CONTACT', async () => {
    const { w, ticket, input } = await decided();

    expect(await deliverReply(w.deps, input)).toMatchObject({ result: 'SENT', messageId: 'm-1', recorded: true });
    expect(await deliverReply(w.deps, input)).toEqual({ result: 'ALREADY_SENT' });
    expect(w.sent).toHaveLength(1);
    const stored = w.tickets.items.get(ticket.ticketId);
    expect(stored).toMatchObject({ emailStatus: 'SENT', autoResolvedTerminalId: '30000101' });
    expect(stored?.watchAtEpochMs).toBeUndefined();
  });

  it('sends once when the bookkeeping after the send fails once', async () => {
    const { w, input } = await decided();
    w.tickets.failNext.markReplySent = 1;

    expect(await deliverReply(w.deps, input)).toMatchObject({ result: 'SENT', recorded: true });
    expect(await deliverReply(w.deps, input)).toEqual({ result: 'ALREADY_SENT' });
    expect(w.sent).toHaveLength(1);
  });

  it('gives the claim back and throws when the mail service surely did not take the email', async () => {
    const { w, ticket, input } = await decided();
    w.mailScript.push(new DeliveryError('NOT_SENT', 'throttled'));

    await expect(deliverReply(w.deps, input)).rejects.toThrow('throttled');
    expect(w.tickets.items.get(ticket.ticketId)?.emailStatus).toBeUndefined();
    expect(await deliverReply(w.deps, input)).toMatchObject({ result: 'SENT' });
  });

  it('hands a send whose fate is unknown to ops and never sends it again', async () => {
    const { w, ticket, input } = await decided();
    w.mailScript.push(new DeliveryError('UNKNOWN', 'timed out'));

    expect(await deliverReply(w.deps, input)).toEqual({ result: 'NOT_DELIVERED' });
    expect(await deliverReply(w.deps, input)).toEqual({ result: 'NOT_DELIVERED' });
    expect(w.sent).toHaveLength(0);
    expect(w.escalations.items.get(`ESC-${ticket.ticketId}`)).toMatchObject({
      undeliveredReply: { reason: 'UNKNOWN' },
    });
  });

  it('leaves the send to a live run holding the claim, saying when that claim goes stale', async () => {
    const { w, input } = await decided();
    await w.tickets.claimReply(input.ticketId, {
      runId: 'another-run',
      token: 'theirs',
      at: w.clock.now(),
      staleBefore: new Date(0),
    });

    const result = await deliverReply(w.deps, input);

    expect(result).toEqual({
      result: 'IN_FLIGHT',
      staleAt: new Date(w.clock.now().getTime() + w.deps.timing.sendWithinMs).toISOString(),
    });
    expect(w.sent).toHaveLength(0);
  });

  it('refuses a ticket with no recorded decision as a permanent error', async () => {
    const w = memoryWorld();
    const ticket = aTicket();
    await acceptTicket(w.deps, ticket);

    await expect(
      deliverReply(w.deps, { ticketId: ticket.ticketId, runId: 'r', email: aReply(ticket) }),
    ).rejects.toThrow(/no recorded decision/);
  });
});
