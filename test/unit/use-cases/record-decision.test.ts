import { describe, expect, it } from 'vitest';
import { acceptTicket } from '#use-cases/accept-ticket';
import { recordDecision } from '#use-cases/record-decision';
import { aDecision, aReply, aTicket, memoryWorld } from '#fixtures/memory/world';

describe('recordDecision', () => {
  it('records an auto-resolve with its drafted reply and puts nothing in the queue', async () => {
    const w = memoryWorld();
    const ticket = aTicket();
    await acceptTicket(w.deps, ticket);

    const result = await recordDecision(w.deps, {
      ticket,
      decision: aDecision(),
      reply: aReply(ticket),
      suggestedReply: null,
      recordsRead: {},
    });

    expect(result).toBe('RECORDED');
    expect(w.tickets.items.get(ticket.ticketId)).toMatchObject({
      status: 'DECIDED',
      outcome: 'AUTO_RESOLVED',
      reply: aReply(ticket),
    });
    expect(w.escalations.items.size).toBe(0);
  });

  it('records an escalation together with its queue item, OPEN, with the acknowledgement named', async () => {
    const w = memoryWorld();
    const ticket = aTicket();
    await acceptTicket(w.deps, ticket);
    const decision = aDecision({ outcome: 'ESCALATED', diagnosis: 'FEE_DISPUTE', findings: ['FEE_DISPUTE'] });

    await recordDecision(w.deps, { ticket, decision, reply: aReply(ticket), suggestedReply: null, recordsRead: {} });

    expect(w.escalations.items.get(`ESC-${ticket.ticketId}`)).toMatchObject({
      status: 'OPEN',
      diagnosis: 'FEE_DISPUTE',
      acknowledgement: { to: ticket.from },
    });
  });

  it('leaves a ticket an earlier attempt decided as it is', async () => {
    const w = memoryWorld();
    const ticket = aTicket();
    await acceptTicket(w.deps, ticket);
    const input = { ticket, decision: aDecision(), reply: aReply(ticket), suggestedReply: null, recordsRead: {} };
    await recordDecision(w.deps, input);

    const again = await recordDecision(w.deps, { ...input, decision: aDecision({ diagnosis: 'FEES_OVERDUE' }) });

    expect(again).toBe('ALREADY_RECORDED');
    expect(w.tickets.items.get(ticket.ticketId)?.diagnosis).toBe('SIGN_IN_REQUIRED');
  });
});
