import { referenceOf } from '#domain/replies/reference';
import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '#domain/time';
import { acceptTicket } from '#use-cases/accept-ticket';
import { getDecisionRecord, searchDecisionRecords } from '#use-cases/decision-records';
import { claimEscalation, resolveEscalation } from '#use-cases/escalation-queue';
import { flagOverdue } from '#use-cases/flag-overdue';
import { opsStats } from '#use-cases/ops-stats';
import { recordDecision } from '#use-cases/record-decision';
import { recordedAlerts } from '#fixtures/memory/services';
import { aDecision, aReply, aTicket, memoryWorld } from '#fixtures/memory/world';

async function decidedTicket(w: ReturnType<typeof memoryWorld>, outcome: 'AUTO_RESOLVED' | 'ESCALATED') {
  const ticket = aTicket({ receivedAt: w.clock.now().toISOString() });
  await acceptTicket(w.deps, ticket);
  const decision = aDecision(
    outcome === 'ESCALATED' ? { outcome, diagnosis: 'FEE_DISPUTE', findings: ['FEE_DISPUTE'] } : {},
  );
  await recordDecision(w.deps, { ticket, decision, reply: aReply(ticket), suggestedReply: null, recordsRead: {} });
  return ticket;
}

describe('flagOverdue', () => {
  it('alerts once for items unclaimed past the SLA, and again only a whole SLA later', async () => {
    const w = memoryWorld();
    const alerts = recordedAlerts();
    const deps = { ...w.deps, alerts, slaMs: 4 * HOUR_MS };
    const ticket = await decidedTicket(w, 'ESCALATED');

    w.clock.advance(5 * HOUR_MS);
    expect(await flagOverdue(deps)).toEqual({ alerted: [`ESC-${ticket.ticketId}`] });
    expect(await flagOverdue(deps)).toEqual({ alerted: [] });
    w.clock.advance(4 * HOUR_MS);
    expect(await flagOverdue(deps)).toEqual({ alerted: [`ESC-${ticket.ticketId}`] });
    expect(alerts.published[0]?.subject).toBe('1 escalation unclaimed for more than 4 h');
  });

  it('alerts nothing for an item claimed in time', async () => {
    const w = memoryWorld();
    const alerts = recordedAlerts();
    const ticket = await decidedTicket(w, 'ESCALATED');
    await claimEscalation(w.deps, { escalationId: `ESC-${ticket.ticketId}`, by: 'alice' });
    w.clock.advance(5 * HOUR_MS);

    expect(await flagOverdue({ ...w.deps, alerts, slaMs: 4 * HOUR_MS })).toEqual({ alerted: [] });
    expect(alerts.published).toHaveLength(0);
  });
});

describe('opsStats', () => {
  it('counts outcomes per day, the auto-resolve rate, time to resolve and the queue', async () => {
    const w = memoryWorld();
    await decidedTicket(w, 'AUTO_RESOLVED');
    const escalated = await decidedTicket(w, 'ESCALATED');
    const escalationId = `ESC-${escalated.ticketId}`;
    await claimEscalation(w.deps, { escalationId, by: 'alice' });
    w.clock.advance(2 * HOUR_MS);
    await resolveEscalation(w.deps, { escalationId, by: 'alice', body: { resolution: 'REJECTED', note: 'spam' } });

    const stats = await opsStats(w.deps, { days: '1' });

    expect(stats).toMatchObject({
      ok: true,
      value: {
        triggered: 2,
        autoResolved: 1,
        autoResolveRate: 0.5,
        resolvedEscalations: 1,
        medianHoursToResolve: 2,
        queue: { open: 0, claimed: 0, overdue: 0 },
      },
    });
  });

  it('refuses a window outside 1 to 31 days', async () => {
    expect(await opsStats(memoryWorld().deps, { days: '32' })).toMatchObject({ ok: false, status: 400, field: 'days' });
  });
});

describe('decision records', () => {
  it('shows a ticket’s decision and the email it got, without the lifecycle’s bookkeeping', async () => {
    const w = memoryWorld();
    const ticket = await decidedTicket(w, 'AUTO_RESOLVED');

    const record = await getDecisionRecord(w.deps, ticket.ticketId);

    expect(record).toMatchObject({
      ok: true,
      value: { outcome: 'AUTO_RESOLVED', emails: [{ status: 'NOT_SENT_YET' }] },
    });
    expect(record.ok && 'emailClaim' in record.value).toBe(false);
  });

  it('finds a terminal’s decisions newest first and refuses a search by two keys', async () => {
    const w = memoryWorld();
    await decidedTicket(w, 'AUTO_RESOLVED');
    w.clock.advance(1_000);
    const newer = await decidedTicket(w, 'ESCALATED');

    const found = await searchDecisionRecords(w.deps, { terminalId: '30000101' });

    expect(found.ok && found.value.tickets.map((t) => t.ticketId)[0]).toBe(newer.ticketId);
    expect(await searchDecisionRecords(w.deps, { terminalId: 'X', merchantId: 'Y' })).toMatchObject({ status: 400 });
  });

  it('finds the ticket of the reference a merchant reads out, however it was typed', async () => {
    const w = memoryWorld();
    const { ticketId } = await decidedTicket(w, 'AUTO_RESOLVED');
    const typed = referenceOf(ticketId).toLowerCase().replace('-', ' ');

    const found = await searchDecisionRecords(w.deps, { reference: typed });

    expect(found).toMatchObject({ ok: true, value: { tickets: [{ ticketId, reference: referenceOf(ticketId) }] } });
    expect(await searchDecisionRecords(w.deps, { reference: 'ABCDE' })).toMatchObject({
      status: 400,
      field: 'reference',
    });
    expect(await searchDecisionRecords(w.deps, { reference: typed, from: 'a@b.example' })).toMatchObject({
      status: 400,
    });
  });
});
