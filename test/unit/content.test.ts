import { describe, expect, it } from 'vitest';
import { contentRef, join, split, storedPacket, TICKET_CONTENT } from '#adapters/dynamodb/content';

const ticket = {
  ticketId: 'T-1',
  receivedAt: '2026-11-20T10:00:00+08:00',
  from: 'a@shop.example',
  subject: 'POS 97',
  body: '终端显示97'.repeat(1000),
};

describe('write-once content', () => {
  it('gives a value the same reference whatever order its keys were written in', () => {
    const reordered = {
      body: ticket.body,
      subject: ticket.subject,
      from: ticket.from,
      receivedAt: ticket.receivedAt,
      ticketId: ticket.ticketId,
    };

    expect(contentRef('ticket', reordered)).toBe(contentRef('ticket', ticket));
    expect(contentRef('ticket', { ...ticket, body: `${ticket.body}.` })).not.toBe(contentRef('ticket', ticket));
    expect(contentRef('reply', ticket)).not.toBe(contentRef('ticket', ticket));
  });

  it("leaves the item its references and puts the content in the ticket's partition", () => {
    const { inline, puts } = split(
      'T-1',
      { ticketId: 'T-1', status: 'PROCESSING', ticket, reply: undefined },
      TICKET_CONTENT,
    );

    expect(inline).toEqual({ ticketId: 'T-1', status: 'PROCESSING', ticketRef: contentRef('ticket', ticket) });
    expect(puts).toEqual([{ ticketId: 'T-1', ref: contentRef('ticket', ticket), value: ticket }]);
  });

  it('joins an item with its content, and leaves a reference it cannot find', () => {
    const { inline, puts } = split('T-1', { ticketId: 'T-1', ticket, recordsRead: { merchant: null } }, TICKET_CONTENT);
    const found = new Map(puts.slice(0, 1).map((p) => [String(p.ref), p.value]));

    const whole = join<Record<string, unknown>>(inline, TICKET_CONTENT, found);

    expect(whole.ticket).toEqual(ticket);
    expect(whole.ticketRef).toBeUndefined();
    expect(whole.recordsReadRef).toBe(contentRef('recordsRead', { merchant: null }));
  });

  it("keeps a queue item's listing inline and points to the ticket stored with it, without writing it again", () => {
    const long = { ...ticket, subject: 'x'.repeat(5_000) };
    const packet = {
      escalationId: 'ESC-T-1',
      ticketId: 'T-1',
      ticket: long,
      recordsRead: { a: 1 },
      suggestedReply: { to: 'a@shop.example', subject: 's', text: 't', language: 'zh' },
    };

    const { item, puts } = storedPacket(packet);

    expect(item.ticket).toEqual({
      ticketId: 'T-1',
      from: long.from,
      receivedAt: long.receivedAt,
      subject: `${'x'.repeat(200)}…`,
    });
    expect(item.ticketRef).toBe(contentRef('ticket', long));
    expect(puts.map((p) => p.value)).toEqual([{ a: 1 }, packet.suggestedReply]);
  });
});
