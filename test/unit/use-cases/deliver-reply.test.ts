import { describe, expect, it } from 'vitest';
import { acceptTicket } from '#use-cases/accept-ticket';
import { deliverReply } from '#use-cases/deliver-reply';
import { REPLY_LIMIT } from '#domain/replies/reply-limit';
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

  describe('what it will not send', () => {
    const thread = {
      ticketId: 'MAIL-earlier',
      via: 'references' as const,
      triggered: true,
      outcome: 'AUTO_RESOLVED',
      diagnosis: 'SIGN_IN_REQUIRED',
      terminalId: '30000101',
      receivedAt: '2026-11-20T01:00:00.000Z',
    };

    it('withholds an answer its thread was already sent, and queues it for a person', async () => {
      const w = memoryWorld();
      const { ticket, runId } = await decidedTicket(w, {}, aTicket({ ticketId: 'MAIL-again' }), { thread });

      const result = await deliverReply(w.deps, { ticketId: ticket.ticketId, runId, email: aReply(ticket) });

      expect(result).toEqual({ result: 'NOT_DELIVERED' });
      expect(w.sent).toHaveLength(0);
      expect(w.tickets.items.get(ticket.ticketId)).toMatchObject({ emailStatus: 'FAILED' });
      expect(w.escalations.items.get(`ESC-${ticket.ticketId}`)).toMatchObject({
        status: 'OPEN',
        undeliveredReply: { reason: 'WITHHELD', detail: expect.stringContaining('MAIL-earlier') },
      });
    });

    it('sends a different answer in the same thread', async () => {
      const w = memoryWorld();
      const { ticket, runId } = await decidedTicket(
        w,
        { diagnosis: 'NOT_ACTIVATED', findings: ['NOT_ACTIVATED'] },
        aTicket({ ticketId: 'MAIL-next' }),
        { thread },
      );

      expect(await deliverReply(w.deps, { ticketId: ticket.ticketId, runId, email: aReply(ticket) })).toMatchObject({
        result: 'SENT',
      });
    });

    it('answers a responder that writes every minute for an hour five times, and again an hour after its first', async () => {
      const w = memoryWorld();
      const results: string[] = [];
      for (let minute = 0; minute < 60; minute++) {
        const receivedAt = w.clock.now().toISOString();
        const { ticket, runId } = await decidedTicket(w, {}, aTicket({ ticketId: `MAIL-loop-${minute}`, receivedAt }));
        const result = await deliverReply(w.deps, { ticketId: ticket.ticketId, runId, email: aReply(ticket) });
        results.push(result.result);
        w.clock.advance(60_000);
      }
      const { ticket, runId } = await decidedTicket(
        w,
        {},
        aTicket({ ticketId: 'MAIL-loop-later', receivedAt: w.clock.now().toISOString() }),
      );
      const later = await deliverReply(w.deps, { ticketId: ticket.ticketId, runId, email: aReply(ticket) });

      expect(REPLY_LIMIT.replies).toBe(5);
      expect(results.filter((r) => r === 'SENT')).toHaveLength(5);
      expect(results.slice(0, 5)).toEqual(['SENT', 'SENT', 'SENT', 'SENT', 'SENT']);
      expect(w.escalations.items.get('ESC-MAIL-loop-59')).toMatchObject({
        undeliveredReply: {
          reason: 'WITHHELD',
          detail: '5 automatic replies already went to this address within 60 minutes',
        },
      });
      expect(later).toMatchObject({ result: 'SENT' });
      expect(w.sent).toHaveLength(6);
    });

    it('gives the claim back and fails the attempt when the reply count cannot be read', async () => {
      const { w, ticket, input } = await decided();
      w.replyLimits.failNext = true;

      await expect(deliverReply(w.deps, input)).rejects.toThrow('unavailable');
      expect(w.tickets.items.get(ticket.ticketId)?.emailStatus).toBeUndefined();
      expect(await deliverReply(w.deps, input)).toMatchObject({ result: 'SENT' });
    });
  });
});
