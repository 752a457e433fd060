import { describe, expect, it } from 'vitest';
import { acceptTicket } from '#use-cases/accept-ticket';
import * as queue from '#use-cases/escalation-queue';
import { MAX_NOTE, MAX_NOTES } from '#domain/queue';
import { DeliveryError } from '#use-cases/ports';
import { recordDecision } from '#use-cases/record-decision';
import { aDecision, aReply, aTicket, memoryWorld } from '#fixtures/memory/world';

/** An escalated ticket and its OPEN queue item. */
async function escalated(w = memoryWorld()) {
  const ticket = aTicket();
  await acceptTicket(w.deps, ticket);
  const decision = aDecision({ outcome: 'ESCALATED', diagnosis: 'FEE_DISPUTE', findings: ['FEE_DISPUTE'] });
  await recordDecision(w.deps, { ticket, decision, reply: aReply(ticket), suggestedReply: null, recordsRead: {} });
  return { w, ticket, escalationId: `ESC-${ticket.ticketId}` };
}

describe('the ops queue', () => {
  it('lists OPEN items oldest first, as summaries with their SLA due time, and filters by diagnosis', async () => {
    const w = memoryWorld();
    const { escalationId: oldest } = await escalated(w);
    w.clock.advance(1_000);
    const { escalationId: newest } = await escalated(w);

    const page = await queue.listEscalations(w.deps, { diagnosis: 'FEE_DISPUTE', limit: '1' });
    const newestFirst = await queue.listEscalations(w.deps, { order: 'newest', limit: '1' });

    expect(page).toMatchObject({ ok: true, value: { status: 'OPEN', order: 'OLDEST_FIRST', cursor: '1' } });
    const [first] = page.ok ? page.value.escalations : [];
    expect(first?.escalationId).toBe(oldest);
    expect(Date.parse(String(first?.dueAt)) - Date.parse(String(first?.createdAt))).toBe(w.deps.slaMs);
    expect(newestFirst.ok && newestFirst.value.escalations.map((e) => e.escalationId)).toEqual([newest]);
  });

  it('lists RESOLVED items newest first, with no SLA due time', async () => {
    const w = memoryWorld();
    for (let i = 0; i < 2; i++) {
      const { escalationId } = await escalated(w);
      w.clock.advance(1_000);
      await queue.claimEscalation(w.deps, { escalationId, by: 'alice' });
      await queue.resolveEscalation(w.deps, { escalationId, by: 'alice', body: { resolution: 'REJECTED', note: 'x' } });
    }

    const page = await queue.listEscalations(w.deps, { status: 'RESOLVED' });

    expect(page.ok && page.value.order).toBe('NEWEST_FIRST');
    const listed = page.ok ? page.value.escalations : [];
    expect(listed).toHaveLength(2);
    expect(listed.map((e) => e.createdAt)).toEqual(
      listed
        .map((e) => e.createdAt)
        .sort()
        .reverse(),
    );
    expect(listed.every((e) => !('dueAt' in e))).toBe(true);
  });

  it('refuses a bad status, limit or cursor naming the field', async () => {
    const w = memoryWorld();
    expect(await queue.listEscalations(w.deps, { status: 'DONE' })).toMatchObject({
      ok: false,
      status: 400,
      field: 'status',
    });
    expect(await queue.listEscalations(w.deps, { limit: '101' })).toMatchObject({
      ok: false,
      status: 400,
      field: 'limit',
    });
    expect(await queue.listEscalations(w.deps, { cursor: 'x' })).toMatchObject({
      ok: false,
      status: 400,
      field: 'cursor',
    });
    expect(await queue.listEscalations(w.deps, { order: 'sideways' })).toMatchObject({
      ok: false,
      status: 400,
      field: 'order',
    });
  });

  it('lets one of two reviewers claim an item, and only the claimant release or resolve it', async () => {
    const { w, escalationId } = await escalated();

    expect(await queue.claimEscalation(w.deps, { escalationId, by: 'alice' })).toMatchObject({ ok: true });
    expect(await queue.claimEscalation(w.deps, { escalationId, by: 'bob' })).toMatchObject({
      ok: false,
      status: 409,
      error: expect.stringContaining('claimed by alice'),
      code: 'CLAIMED_BY_OTHER',
      claimedBy: 'alice',
    });
    expect(await queue.releaseEscalation(w.deps, { escalationId, by: 'bob' })).toMatchObject({ status: 409 });
    const body = { resolution: 'FIXED_IN_RECORDS', note: 'invoice corrected' };
    expect(await queue.resolveEscalation(w.deps, { escalationId, by: 'alice', body })).toMatchObject({
      ok: true,
      value: { status: 'RESOLVED', resolvedBy: 'alice' },
    });
    const audit = (await queue.getEscalation(w.deps, escalationId)) as {
      ok: true;
      value: { audit: Array<{ action: string }> };
    };
    expect(audit.value.audit.map((e) => e.action)).toEqual(['CLAIMED', 'RESOLVED']);
  });

  it('refuses a resolution the queue does not know, and answers 404 for no such item', async () => {
    const { w, escalationId } = await escalated();
    await queue.claimEscalation(w.deps, { escalationId, by: 'alice' });

    expect(
      await queue.resolveEscalation(w.deps, { escalationId, by: 'alice', body: { resolution: 'DONE' } }),
    ).toMatchObject({
      status: 400,
      field: 'resolution',
    });
    expect(await queue.claimEscalation(w.deps, { escalationId: 'ESC-NONE', by: 'alice' })).toMatchObject({
      status: 404,
    });
  });

  it('sends the claimant’s reply, keeps it on the ticket and in the audit trail', async () => {
    const { w, ticket, escalationId } = await escalated();
    await queue.claimEscalation(w.deps, { escalationId, by: 'alice' });

    const result = await queue.replyFromQueue(w.deps, {
      escalationId,
      by: 'alice',
      body: { text: '您好，发票已更正。' },
    });

    expect(result).toMatchObject({ ok: true, value: { to: ticket.from, messageId: 'm-1' } });
    expect(w.tickets.items.get(ticket.ticketId)?.opsReplies).toEqual([expect.objectContaining({ by: 'alice' })]);
    expect(w.escalations.items.get(escalationId)?.audit).toContainEqual(expect.objectContaining({ action: 'REPLIED' }));
  });

  it('answers 502 and records nothing when the mail service refuses the reply', async () => {
    const { w, ticket, escalationId } = await escalated();
    await queue.claimEscalation(w.deps, { escalationId, by: 'alice' });
    w.mailScript.push(new DeliveryError('REJECTED', 'address blocked'));

    expect(await queue.replyFromQueue(w.deps, { escalationId, by: 'alice', body: { text: '您好' } })).toMatchObject({
      status: 502,
    });
    expect(w.tickets.items.get(ticket.ticketId)?.opsReplies).toBeUndefined();
  });

  it('sends once for one Idempotency-Key: a repeat answers what the first sent, even after the item is resolved', async () => {
    const { w, escalationId } = await escalated();
    await queue.claimEscalation(w.deps, { escalationId, by: 'alice' });
    const reply = { escalationId, by: 'alice', body: { text: '您好' }, idempotencyKey: 'key-0001-aaaa' };

    const [first, second] = await Promise.all([
      queue.replyFromQueue(w.deps, reply),
      queue.replyFromQueue(w.deps, reply),
    ]);
    await queue.resolveEscalation(w.deps, { escalationId, by: 'alice', body: { resolution: 'REPLIED', note: 'sent' } });
    const later = await queue.replyFromQueue(w.deps, reply);
    const another = await queue.replyFromQueue(w.deps, { ...reply, idempotencyKey: 'key-0002-bbbb' });

    expect(w.sent).toHaveLength(1);
    expect(first).toMatchObject({ ok: true, value: { messageId: 'm-1', repeated: false } });
    // The second of two at once finds the key taken while the first is still sending.
    expect(second).toMatchObject({ ok: false, status: 409, error: expect.stringContaining('Idempotency-Key') });
    expect(later).toMatchObject({ ok: true, value: { messageId: 'm-1', repeated: true } });
    expect(another).toMatchObject({ ok: false, status: 409 });
  });

  it('gives the key back when the mail service surely did not send, so the same request goes again', async () => {
    const { w, escalationId } = await escalated();
    await queue.claimEscalation(w.deps, { escalationId, by: 'alice' });
    w.mailScript.push(new DeliveryError('NOT_SENT', 'connection refused'));
    const reply = { escalationId, by: 'alice', body: { text: '您好' }, idempotencyKey: 'key-0003-cccc' };

    const failed = await queue.replyFromQueue(w.deps, reply);
    const again = await queue.replyFromQueue(w.deps, reply);
    const byBob = await queue.replyFromQueue(w.deps, { ...reply, by: 'bob' });

    expect(failed).toMatchObject({ ok: false, status: 502 });
    expect(again).toMatchObject({ ok: true, value: { repeated: false } });
    expect(w.sent).toHaveLength(1);
    // Another reviewer's request with that key is not answered with alice's reply.
    expect(byBob).toMatchObject({ ok: false, status: 409 });
  });

  it('refuses an Idempotency-Key it cannot keep, sending nothing', async () => {
    const { w, escalationId } = await escalated();
    await queue.claimEscalation(w.deps, { escalationId, by: 'alice' });

    expect(
      await queue.replyFromQueue(w.deps, { escalationId, by: 'alice', body: { text: 'hi' }, idempotencyKey: 'x y' }),
    ).toMatchObject({ status: 400, field: 'Idempotency-Key' });
    expect(w.sent).toHaveLength(0);
  });

  it('refuses a reply from a reviewer who does not hold the claim', async () => {
    const { w, escalationId } = await escalated();

    expect(await queue.replyFromQueue(w.deps, { escalationId, by: 'bob', body: { text: 'hi' } })).toMatchObject({
      status: 409,
    });
    expect(w.sent).toHaveLength(0);
  });

  it('re-runs a claimed item as <ticketId>.R1 through accept-ticket, audited once', async () => {
    const { w, ticket, escalationId } = await escalated();
    await queue.claimEscalation(w.deps, { escalationId, by: 'alice' });

    const result = await queue.rerunFromQueue(w.deps, { escalationId, by: 'alice' });

    expect(result).toMatchObject({ ok: true, value: { ticketId: `${ticket.ticketId}.R1`, outcome: 'PROCESSING' } });
    expect(w.tickets.items.get(`${ticket.ticketId}.R1`)).toMatchObject({
      rerunOf: { ticketId: ticket.ticketId, by: 'alice' },
    });
    expect(w.started.at(-1)?.ticket.ticketId).toBe(`${ticket.ticketId}.R1`);
  });
});

describe('bulk actions and notes', () => {
  const auditOf = async (w: ReturnType<typeof memoryWorld>, escalationId: string) =>
    ((await w.deps.escalations.get(escalationId))?.audit as Array<{ action: string; by: string }>) ?? [];

  it('claims and resolves each item with its own audited change, and nothing else', async () => {
    const w = memoryWorld();
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) ids.push((await escalated(w)).escalationId);
    const sentBefore = w.sent.length;

    const claimed = await queue.bulkChange(w.deps, { by: 'alice', body: { action: 'claim', escalationIds: ids } });
    const resolved = await queue.bulkChange(w.deps, {
      by: 'alice',
      body: { action: 'resolve', escalationIds: ids, resolution: 'DUPLICATE', note: 'one outage' },
    });

    expect(claimed).toMatchObject({ ok: true, value: { done: 25, refused: 0 } });
    expect(resolved).toMatchObject({ ok: true, value: { done: 25, refused: 0 } });
    expect(resolved.ok && resolved.value.results.map((r) => r.escalationId)).toEqual(ids);
    for (const id of ids) expect((await auditOf(w, id)).map((e) => e.action)).toEqual(['CLAIMED', 'RESOLVED']);
    expect(w.sent.length).toBe(sentBefore);
  });

  it('changes the items it may and says why it left each of the others', async () => {
    const w = memoryWorld();
    const { escalationId: mine } = await escalated(w);
    const { escalationId: bobs } = await escalated(w);
    await queue.claimEscalation(w.deps, { escalationId: bobs, by: 'bob' });

    const result = await queue.bulkChange(w.deps, {
      by: 'alice',
      body: { action: 'claim', escalationIds: [mine, bobs, 'ESC-NONE'] },
    });

    expect(result).toMatchObject({
      ok: true,
      value: {
        done: 1,
        refused: 2,
        results: [
          { escalationId: mine, ok: true, status: 'CLAIMED' },
          { escalationId: bobs, ok: false, code: 'CLAIMED_BY_OTHER', claimedBy: 'bob' },
          { escalationId: 'ESC-NONE', ok: false, error: 'no escalation ESC-NONE' },
        ],
      },
    });
  });

  it('refuses a bulk REPLIED for an item with no reply in this claim, resolving the rest', async () => {
    const w = memoryWorld();
    const { escalationId: replied } = await escalated(w);
    const { escalationId: silent } = await escalated(w);
    await queue.bulkChange(w.deps, { by: 'alice', body: { action: 'claim', escalationIds: [replied, silent] } });
    await queue.replyFromQueue(w.deps, { escalationId: replied, by: 'alice', body: { text: 'fixed' } });

    const result = await queue.bulkChange(w.deps, {
      by: 'alice',
      body: { action: 'resolve', escalationIds: [replied, silent], resolution: 'REPLIED', note: 'told them' },
    });

    expect(result.ok && result.value.results.map((r) => r.ok)).toEqual([true, false]);
    expect((await w.deps.escalations.get(silent))?.status).toBe('CLAIMED');
  });

  it('keeps an internal note in the audit trail on any item, sending nothing', async () => {
    const { w, escalationId } = await escalated();
    const sentBefore = w.sent.length;

    const noted = await queue.addNote(w.deps, { escalationId, by: 'bob', body: { text: 'merchant called, waiting' } });

    expect(noted).toMatchObject({ ok: true });
    expect(await auditOf(w, escalationId)).toEqual([
      expect.objectContaining({ action: 'NOTE', by: 'bob', detail: 'merchant called, waiting' }),
    ]);
    expect(w.sent.length).toBe(sentBefore);
    expect(await queue.addNote(w.deps, { escalationId: 'ESC-NONE', by: 'bob', body: { text: 'x' } })).toMatchObject({
      status: 404,
    });
  });

  it('refuses a note past the most one item holds, so the item stays writable', async () => {
    const { w, escalationId } = await escalated();
    for (let i = 0; i < MAX_NOTES; i++)
      await queue.addNote(w.deps, { escalationId, by: 'bob', body: { text: '字'.repeat(MAX_NOTE) } });

    const over = await queue.addNote(w.deps, { escalationId, by: 'bob', body: { text: 'one more' } });

    expect(over).toMatchObject({ ok: false, status: 409 });
    expect((await auditOf(w, escalationId)).filter((e) => e.action === 'NOTE')).toHaveLength(MAX_NOTES);
  });
});

describe('assigning an item', () => {
  it('hands an open item to a reviewer with an account, audited as ASSIGNED by whoever assigned it', async () => {
    const { w, escalationId } = await escalated();

    const assigned = await queue.assignEscalation(w.deps, {
      escalationId,
      by: 'bob',
      admin: false,
      body: { to: 'carol' },
    });

    expect(assigned).toMatchObject({ ok: true, value: { status: 'CLAIMED', claimedBy: 'carol' } });
    expect(w.escalations.items.get(escalationId)?.audit).toEqual([
      expect.objectContaining({ by: 'bob', action: 'ASSIGNED', detail: 'carol' }),
    ]);
  });

  it("leaves another reviewer's item to them unless an admin reassigns it", async () => {
    const { w, escalationId } = await escalated();
    await queue.claimEscalation(w.deps, { escalationId, by: 'carol' });

    const byBob = await queue.assignEscalation(w.deps, { escalationId, by: 'bob', admin: false, body: { to: 'bob' } });
    const byAlice = await queue.assignEscalation(w.deps, {
      escalationId,
      by: 'alice',
      admin: true,
      body: { to: 'bob' },
    });

    expect(byBob).toMatchObject({ ok: false, status: 409, code: 'CLAIMED_BY_OTHER', claimedBy: 'carol' });
    expect(byAlice).toMatchObject({ ok: true, value: { claimedBy: 'bob' } });
  });

  it('hands the item to the name the directory gives, when the reviewer is named by email', async () => {
    const { w, escalationId } = await escalated();
    const carol = await w.reviewers.get('carol');

    const assigned = await queue.assignEscalation(w.deps, {
      escalationId,
      by: 'bob',
      admin: false,
      body: { to: String(carol?.email) },
    });

    expect(assigned).toMatchObject({ ok: true, value: { claimedBy: 'carol' } });
  });

  it('refuses a reviewer with no account or a disabled one, and a resolved item', async () => {
    const { w, escalationId } = await escalated();
    await w.reviewers.update('carol', { enabled: false });

    const nobody = await queue.assignEscalation(w.deps, { escalationId, by: 'bob', admin: false, body: { to: 'dan' } });
    const disabled = await queue.assignEscalation(w.deps, {
      escalationId,
      by: 'bob',
      admin: false,
      body: { to: 'carol' },
    });
    await queue.claimEscalation(w.deps, { escalationId, by: 'bob' });
    await queue.resolveEscalation(w.deps, { escalationId, by: 'bob', body: { resolution: 'REJECTED', note: 'spam' } });
    const resolved = await queue.assignEscalation(w.deps, {
      escalationId,
      by: 'alice',
      admin: true,
      body: { to: 'bob' },
    });

    expect(nobody).toMatchObject({ ok: false, status: 400, field: 'to' });
    expect(disabled).toMatchObject({ ok: false, status: 400, field: 'to' });
    expect(resolved).toMatchObject({ ok: false, status: 409, code: 'ALREADY_RESOLVED' });
  });
});

describe('searching the queue', () => {
  it('lists the items whose sender, text or reference has every word', async () => {
    const { w, escalationId, ticket } = await escalated();

    const bySender = await queue.listEscalations(w.deps, { q: ticket.from.toUpperCase() });
    const nothing = await queue.listEscalations(w.deps, { q: 'no-such-words' });
    const bad = await queue.listEscalations(w.deps, { q: 'a b c d e f g h i' });

    expect(bySender.ok && bySender.value.escalations.map((e) => e.escalationId)).toEqual([escalationId]);
    expect(nothing.ok && nothing.value.escalations).toEqual([]);
    expect(bad).toMatchObject({ ok: false, status: 400, field: 'q' });
  });
});
