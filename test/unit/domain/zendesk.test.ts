import { describe, expect, it } from 'vitest';
import { ticketFromZendesk, ZENDESK_BODY_TEMPLATE, zendeskFieldFor } from '#domain/intake/zendesk';
import { validateTicket } from '#domain/triage/validate';

const delivery = (fields: Record<string, unknown> = {}) => ({
  ticket_id: '40213',
  comment_id: '9001402133',
  updated_at: '2026-11-24T02:05Z',
  requester_email: 'boss@futian-breakfast.example',
  subject: 'POS机刷卡提示97',
  comment: '刷卡一直提示97终端未登记',
  via: 'Mail',
  merchant_id: '',
  ...fields,
});

describe('a Zendesk delivery as a ticket', () => {
  it('makes each comment its own valid ticket, ZD-<ticket>-<comment>', () => {
    const mapped = ticketFromZendesk(delivery());

    expect(mapped).toEqual({
      ok: true,
      ticket: {
        ticketId: 'ZD-40213-9001402133',
        receivedAt: '2026-11-24T02:05Z',
        from: 'boss@futian-breakfast.example',
        subject: 'POS机刷卡提示97',
        body: '刷卡一直提示97终端未登记',
        channel: 'email',
      },
    });
    expect(mapped.ok && validateTicket(mapped.ticket).ok).toBe(true);
  });

  it.each([[delivery({ comment_id: '' })], [delivery({ comment_id: '  ' })], [delivery({ comment_id: undefined })]])(
    'refuses a delivery whose comment id rendered empty or is missing, naming the placeholder (%#)',
    (input) => {
      expect(ticketFromZendesk(input)).toEqual({
        ok: false,
        field: 'comment_id',
        error: expect.stringContaining('{{ticket.latest_comment.id}}'),
      });
    },
  );

  it.each([
    ['Web form', 'web'],
    ['Chat', 'chat'],
    ['Messaging', 'chat'],
    ['Mail', 'email'],
    ['API', 'web'],
  ])('reads via %s as channel %s', (via, channel) => {
    const mapped = ticketFromZendesk(delivery({ via }));

    expect(mapped.ok && mapped.ticket.channel).toBe(channel);
  });

  it('keeps the organization external ID as the merchant ID when Zendesk fills it', () => {
    const mapped = ticketFromZendesk(delivery({ merchant_id: '898310058120001' }));

    expect(mapped.ok && mapped.ticket.merchantId).toBe('898310058120001');
  });

  it.each([
    [delivery({ ticket_id: '' }), 'ticket_id'],
    [delivery({ ticket_id: 'abc' }), 'ticket_id'],
    [delivery({ comment_id: 'x1' }), 'comment_id'],
    [delivery({ tags: 'pos' }), 'tags'],
    [[], null],
  ])('refuses %j naming %s', (input, field) => {
    const mapped = ticketFromZendesk(input);

    expect(mapped).toMatchObject({ ok: false, field });
  });

  it('names the Zendesk field when the ticket it makes is refused', () => {
    expect(zendeskFieldFor('from')).toBe('requester_email');
    expect(zendeskFieldFor('receivedAt')).toBe('updated_at');
    expect(zendeskFieldFor(null)).toBeNull();
  });

  it('documents a template whose every field the mapping reads', () => {
    const mapped = ticketFromZendesk(
      Object.fromEntries(
        Object.keys(ZENDESK_BODY_TEMPLATE).map((k) => [k, delivery()[k as keyof ReturnType<typeof delivery>]]),
      ),
    );

    expect(mapped.ok).toBe(true);
  });
});
