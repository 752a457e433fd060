import { describe, expect, it } from 'vitest';
import { acceptDelivery, acceptTicket } from '#use-cases/accept-ticket';
import { StartError } from '#use-cases/ports';
import { recordingStarter } from '#fixtures/memory/services';
import { aTicket, memoryWorld } from '#fixtures/memory/world';

describe('acceptTicket', () => {
  it('stores a code-97 ticket watched until its decide deadline and starts its run', async () => {
    const w = memoryWorld();
    const ticket = aTicket();

    const result = await acceptTicket(w.deps, ticket);

    expect(result).toMatchObject({ kind: 'ACCEPTED', ticketId: ticket.ticketId, executionArn: 'arn:test:id-1' });
    expect(w.started).toEqual([expect.objectContaining({ runId: 'id-1', ticket })]);
    expect(w.tickets.items.get(ticket.ticketId)).toMatchObject({
      status: 'PROCESSING',
      runs: 1,
      watchAtEpochMs: w.clock.now().getTime() + w.deps.timing.decideWithinMs,
    });
  });

  it('stores a ticket without code 97 as final and starts nothing', async () => {
    const w = memoryWorld();
    const ticket = aTicket({ subject: '手续费', body: '上个月有一笔97元的手续费' });

    expect(await acceptTicket(w.deps, ticket)).toEqual({ kind: 'NOT_TRIGGERED', ticketId: ticket.ticketId });
    expect(w.started).toHaveLength(0);
    expect(w.tickets.items.get(ticket.ticketId)).toMatchObject({ status: 'DECIDED', outcome: 'NOT_TRIGGERED' });
    expect(w.tickets.items.get(ticket.ticketId)?.watchAtEpochMs).toBeUndefined();
  });

  it('refuses an invalid ticket naming the field, and stores nothing', async () => {
    const w = memoryWorld();

    expect(await acceptTicket(w.deps, { ...aTicket(), from: 'not an address' })).toMatchObject({
      kind: 'INVALID',
      field: 'from',
    });
    expect(w.tickets.items.size).toBe(0);
  });

  it('answers a second delivery of a ticketId with the first one, starting nothing again', async () => {
    const w = memoryWorld();
    const ticket = aTicket();
    await acceptTicket(w.deps, ticket);

    const again = await acceptTicket(w.deps, ticket);

    expect(again).toMatchObject({ kind: 'DUPLICATE', existing: { ticketId: ticket.ticketId } });
    expect(w.started).toHaveLength(1);
  });

  it('accepts a stored ticket whose run could not be started: the reconciler starts it', async () => {
    const w = memoryWorld();
    const { workflow } = recordingStarter(new StartError('NOT_STARTED', 'throttled'));

    const result = await acceptTicket({ ...w.deps, workflow }, aTicket());

    expect(result).toMatchObject({ kind: 'ACCEPTED', executionArn: null });
  });

  it('answers UNAVAILABLE when the ticket could not be stored, so the sender delivers again', async () => {
    const w = memoryWorld();
    w.tickets.failNext.create = 1;

    expect(await acceptTicket(w.deps, aTicket())).toMatchObject({ kind: 'UNAVAILABLE' });
    expect(w.started).toHaveLength(0);
  });

  it('takes a write that landed with its answer lost as its own', async () => {
    const w = memoryWorld();
    const ticket = aTicket();
    const create = w.tickets.create.bind(w.tickets);
    w.tickets.create = async (record) => {
      await create(record);
      throw new Error('the answer was lost');
    };

    expect(await acceptTicket(w.deps, ticket)).toMatchObject({ kind: 'ACCEPTED' });
  });
});

describe('acceptDelivery', () => {
  it('answers a delivery key seen before as the duplicate of its first ticket, whatever it carries now', async () => {
    const w = memoryWorld();
    const first = aTicket();
    await acceptDelivery(w.deps, first, 'msg_1');

    const retried = await acceptDelivery(w.deps, aTicket(), 'msg_1');

    expect(retried).toMatchObject({ kind: 'DUPLICATE', existing: { ticketId: first.ticketId } });
    expect(w.tickets.items.size).toBe(1);
  });

  it('remembers no key for a delivery that was refused', async () => {
    const w = memoryWorld();

    await acceptDelivery(w.deps, { bad: true }, 'msg_2');

    expect(w.deps.deliveryKeys.keys.has('msg_2')).toBe(false);
  });

  it('answers "deliver it again" when the delivery keys cannot be read, storing nothing, and the redelivery is taken', async () => {
    const w = memoryWorld();
    const ticket = aTicket();
    w.deps.deliveryKeys.failNext = true;

    const refused = await acceptDelivery(w.deps, ticket, 'msg_3');
    const redelivered = await acceptDelivery(w.deps, ticket, 'msg_3');

    expect(refused).toEqual({
      kind: 'UNAVAILABLE',
      ticketId: ticket.ticketId,
      error: 'Error: the delivery keys are unavailable',
    });
    expect(redelivered).toMatchObject({ kind: 'ACCEPTED', ticketId: ticket.ticketId });
    expect(w.started).toHaveLength(1);
  });

  it('still tells a bad delivery what is wrong with it when the delivery keys cannot be read', async () => {
    const w = memoryWorld();
    w.deps.deliveryKeys.failNext = true;

    expect(await acceptDelivery(w.deps, { bad: true }, 'msg_4')).toMatchObject({ kind: 'INVALID' });
  });
});

describe('ticketIds of another origin', () => {
  const crm = { route: 'webhook', prefix: 'CRM-', senders: ['', 'CRM-'] } as const;
  const plain = { route: 'webhook', prefix: '', senders: ['', 'CRM-'] } as const;

  it('refuses a webhook ticketId of the Zendesk route’s shape, storing nothing', async () => {
    const w = memoryWorld();

    const result = await acceptTicket(w.deps, aTicket({ ticketId: 'ZD-40213-9001' }), { origin: plain });

    expect(result).toMatchObject({ kind: 'INVALID', field: 'ticketId' });
    expect(w.tickets.items.size).toBe(0);
  });

  it('keeps the origin with the ticket, and answers its own sender’s redelivery as a duplicate', async () => {
    const w = memoryWorld();
    const ticket = aTicket({ ticketId: 'CRM-1' });
    await acceptTicket(w.deps, ticket, { origin: crm });

    expect(w.tickets.items.get('CRM-1')?.origin).toBe('webhook:CRM-');
    expect(await acceptTicket(w.deps, ticket, { origin: crm })).toMatchObject({ kind: 'DUPLICATE' });
  });

  it('tells another origin only that the ticketId is taken, never what became of it', async () => {
    const w = memoryWorld();
    await acceptTicket(w.deps, aTicket({ ticketId: 'ZD-7-8' }), { origin: { route: 'zendesk' } });
    // As a ticket stored before origins were kept: its shape says the Zendesk route made it.
    delete w.tickets.items.get('ZD-7-8')?.origin;

    const result = await acceptTicket(w.deps, aTicket({ ticketId: 'ZD-7-8' }), { origin: { route: 'mail' } });

    expect(result).toEqual({ kind: 'TAKEN', ticketId: 'ZD-7-8' });
  });

  it('gives a ticket stored before origins were kept to the one sender there was then', async () => {
    const w = memoryWorld();
    // Filed when the default sender was the only one.
    await acceptTicket(w.deps, aTicket({ ticketId: 'CRM-5' }));
    delete w.tickets.items.get('CRM-5')?.origin;

    expect(await acceptTicket(w.deps, aTicket({ ticketId: 'CRM-5' }), { origin: crm })).toEqual({
      kind: 'TAKEN',
      ticketId: 'CRM-5',
    });
  });

  it('refuses a ticketId of another’s namespace before reading its delivery key', async () => {
    const w = memoryWorld();
    w.deps.deliveryKeys.failNext = true;

    expect(await acceptDelivery(w.deps, aTicket({ ticketId: 'ZD-1-2' }), 'msg_9', plain)).toMatchObject({
      kind: 'INVALID',
      field: 'ticketId',
    });
  });

  it('does not answer a delivery key another sender used with that sender’s ticket', async () => {
    const w = memoryWorld();
    await acceptDelivery(w.deps, aTicket({ ticketId: 'CRM-1' }), 'msg_1', crm);

    const result = await acceptDelivery(w.deps, aTicket({ ticketId: 'OWN-1' }), 'msg_1', plain);

    expect(result).toMatchObject({ kind: 'ACCEPTED', ticketId: 'OWN-1' });
  });
});
