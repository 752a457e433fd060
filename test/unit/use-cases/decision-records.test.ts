import { describe, expect, it } from 'vitest';
import type { ThreadLink } from '#domain/intake/thread';
import { acceptTicket } from '#use-cases/accept-ticket';
import { ticketThread } from '#use-cases/decision-records';
import * as queue from '#use-cases/escalation-queue';
import { recordDecision } from '#use-cases/record-decision';
import { aDecision, aReply, aTicket, memoryWorld } from '#fixtures/memory/world';

const linkTo = (ticketId: string, receivedAt: string): ThreadLink => ({
  ticketId,
  via: 'subject',
  triggered: true,
  outcome: 'ESCALATED',
  diagnosis: 'FEE_DISPUTE',
  terminalId: null,
  receivedAt,
});

/** A merchant's ticket, escalated, a reviewer's reply to it, and the merchant's answer to that. */
async function conversation() {
  const w = memoryWorld();
  const from = 'owner@teahouse.example';
  const first = aTicket({ from, receivedAt: '2026-11-20T09:00:00+08:00', body: '终端报97，账单有误' });
  await acceptTicket(w.deps, first);
  const decision = aDecision({ outcome: 'ESCALATED', diagnosis: 'FEE_DISPUTE', findings: ['FEE_DISPUTE'] });
  await recordDecision(w.deps, {
    ticket: first,
    decision,
    reply: aReply(first),
    suggestedReply: null,
    recordsRead: {},
  });
  const escalationId = `ESC-${first.ticketId}`;
  await queue.claimEscalation(w.deps, { escalationId, by: 'alice' });
  await queue.replyFromQueue(w.deps, { escalationId, by: 'alice', body: { text: '账单已更正' } });
  const answer = aTicket({ from, receivedAt: '2026-11-21T09:00:00+08:00', body: '还是报97' });
  await acceptTicket(w.deps, answer, { thread: linkTo(first.ticketId, first.receivedAt) });
  const unrelated = aTicket({ from, receivedAt: '2026-11-22T09:00:00+08:00', body: '另一台终端报97' });
  await acceptTicket(w.deps, unrelated);
  return { w, first, answer, unrelated };
}

describe("a ticket's conversation", () => {
  it('runs from the ticket through our emails to the answer, oldest first, leaving other tickets out', async () => {
    const { w, first, answer, unrelated } = await conversation();

    const thread = await ticketThread(w.deps, first.ticketId);

    expect(thread.ok && thread.value.tickets).toEqual([first.ticketId, answer.ticketId]);
    const entries = thread.ok ? thread.value.entries : [];
    expect(entries.map((e) => [e.from, e.ticketId])).toEqual([
      ['merchant', first.ticketId],
      ['workflow', first.ticketId],
      ['ops', first.ticketId],
      ['merchant', answer.ticketId],
    ]);
    expect(entries.find((e) => e.from === 'ops')).toMatchObject({ by: 'alice', text: '账单已更正' });
    expect(entries.some((e) => e.ticketId === unrelated.ticketId)).toBe(false);
  });

  it('is the same conversation read from the answer', async () => {
    const { w, first, answer } = await conversation();

    const thread = await ticketThread(w.deps, answer.ticketId);

    expect(thread.ok && [...thread.value.tickets].sort()).toEqual([first.ticketId, answer.ticketId].sort());
  });

  it('answers 404 for no such ticket', async () => {
    expect(await ticketThread(memoryWorld().deps, 'T-NONE')).toMatchObject({ ok: false, status: 404 });
  });
});
