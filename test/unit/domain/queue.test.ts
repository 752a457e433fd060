import { describe, expect, it } from 'vitest';
import {
  dueForAlert,
  readBulk,
  readNote,
  readReply,
  readResolve,
  rerunTicketId,
  resolutionRefusal,
} from '#domain/queue';
import { validateTicket } from '#domain/triage/validate';

describe('the queue rules', () => {
  it("names a re-run <ticketId>.R<n>, within the contract's 64 characters", () => {
    const long = 'Z'.repeat(64);

    expect(rerunTicketId('ZD-1', 1)).toBe('ZD-1.R1');
    expect(rerunTicketId(long, 12)).toHaveLength(64);
    expect(rerunTicketId(long, 12).endsWith('.R12')).toBe(true);
    expect(
      validateTicket({
        ticketId: rerunTicketId(long, 3),
        receivedAt: '2026-11-20T10:00:00+08:00',
        from: 'a@b.example',
        subject: '',
        body: '',
      }).ok,
    ).toBe(true);
  });

  it('keeps the ticket reference in a reply subject the reviewer edited away', () => {
    expect(readReply({ text: 'hi', subject: 'About your terminal' }, 'ZD-1', '[ZD-1] x')).toEqual({
      ok: true,
      subject: '[ZD-1] About your terminal',
      text: 'hi',
    });
    expect(readReply({ text: 'hi' }, 'ZD-1', '[ZD-1] suggested')).toMatchObject({ subject: '[ZD-1] suggested' });
    expect(readReply({ text: 'hi', subject: '' }, 'ZD-1', 'x')).toMatchObject({ ok: false, field: 'subject' });
  });

  it('reads a resolution and its note, leaving what a resolution needs to the claim', () => {
    expect(readResolve({ resolution: 'DUPLICATE' })).toEqual({ ok: true, resolution: 'DUPLICATE', note: '' });
    expect(readResolve({ resolution: 'duplicate' })).toMatchObject({ ok: false, field: 'resolution' });
  });

  it('alerts an open item past the SLA once per SLA period', () => {
    const sla = 4 * 3_600_000;
    const created = '2026-11-20T00:00:00.000Z';
    const at = (iso: string) => new Date(iso);

    expect(dueForAlert({ status: 'OPEN', createdAt: created }, at('2026-11-20T03:59:00.000Z'), sla)).toBe(false);
    expect(dueForAlert({ status: 'OPEN', createdAt: created }, at('2026-11-20T04:00:00.000Z'), sla)).toBe(true);
    expect(
      dueForAlert(
        { status: 'OPEN', createdAt: created, lastAlertedAt: '2026-11-20T04:00:00.000Z' },
        at('2026-11-20T07:59:00.000Z'),
        sla,
      ),
    ).toBe(false);
    expect(
      dueForAlert(
        { status: 'OPEN', createdAt: created, lastAlertedAt: '2026-11-20T04:00:00.000Z' },
        at('2026-11-20T08:00:00.000Z'),
        sla,
      ),
    ).toBe(true);
    expect(dueForAlert({ status: 'CLAIMED', createdAt: created }, at('2026-11-21T00:00:00.000Z'), sla)).toBe(false);
  });
});

describe('what a resolution needs', () => {
  const claimedAt = '2026-11-20T02:00:00.000Z';
  const entry = (action: string, by = 'alice', at = '2026-11-20T02:05:00.000Z') => ({ at, by, action });

  it('takes REPLIED only after a reply the reviewer sent in this claim', () => {
    expect(resolutionRefusal({ claimedAt, audit: [entry('CLAIMED')] }, 'alice', 'REPLIED', 'told')).toMatchObject({
      field: 'resolution',
    });
    // A reply from an earlier claim, or another reviewer's, is not this claim's.
    const earlier = entry('REPLIED', 'alice', '2026-11-20T01:00:00.000Z');
    expect(resolutionRefusal({ claimedAt, audit: [earlier] }, 'alice', 'REPLIED', 'told')).not.toBeNull();
    expect(
      resolutionRefusal({ claimedAt, audit: [entry('REPLIED', 'bob')] }, 'alice', 'REPLIED', 'told'),
    ).not.toBeNull();
    expect(resolutionRefusal({ claimedAt, audit: [entry('REPLIED')] }, 'alice', 'REPLIED', 'told')).toBeNull();
  });

  it.each(['REPLIED', 'REJECTED', 'DUPLICATE', 'FIXED_IN_RECORDS'] as const)(
    'asks for a note with %s',
    (resolution) => {
      expect(resolutionRefusal({ claimedAt, audit: [entry('REPLIED')] }, 'alice', resolution, '  ')).toMatchObject({
        field: 'note',
      });
    },
  );

  it('lets FIXED_IN_RECORDS after this claim’s re-run go without a note', () => {
    expect(resolutionRefusal({ claimedAt, audit: [entry('RERUN')] }, 'alice', 'FIXED_IN_RECORDS', '')).toBeNull();
  });
});

describe('a bulk request', () => {
  const isId = (id: string) => /^ESC-[\w-]+$/.test(id);
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `ESC-${i}`);

  it('takes one action for 1 to 50 distinct items', () => {
    expect(readBulk({ action: 'claim', escalationIds: ids(50) }, isId)).toMatchObject({ ok: true, action: 'claim' });
    expect(readBulk({ action: 'claim', escalationIds: ids(51) }, isId)).toMatchObject({
      ok: false,
      field: 'escalationIds',
    });
    expect(readBulk({ action: 'claim', escalationIds: [] }, isId)).toMatchObject({ ok: false });
    expect(readBulk({ action: 'claim', escalationIds: ['ESC-1', 'ESC-1'] }, isId)).toMatchObject({
      ok: false,
      error: expect.stringContaining('twice'),
    });
    expect(readBulk({ action: 'claim', escalationIds: ['../x'] }, isId)).toMatchObject({ ok: false });
    expect(readBulk({ action: 'delete', escalationIds: ids(1) }, isId)).toMatchObject({ ok: false, field: 'action' });
    expect(readBulk([], isId)).toMatchObject({ ok: false, field: 'body' });
  });

  it('reads a bulk resolve as a single resolve reads it', () => {
    expect(readBulk({ action: 'resolve', escalationIds: ids(2), resolution: 'SOLVED' }, isId)).toMatchObject({
      ok: false,
      field: 'resolution',
    });
    expect(
      readBulk({ action: 'resolve', escalationIds: ids(2), resolution: 'DUPLICATE', note: 'same outage' }, isId),
    ).toMatchObject({ ok: true, resolve: { resolution: 'DUPLICATE', note: 'same outage' } });
  });
});

describe('an internal note', () => {
  it('is 1 to 2,000 characters of text', () => {
    expect(readNote({ text: 'called the merchant' })).toEqual({ ok: true, text: 'called the merchant' });
    expect(readNote({ text: '  ' })).toMatchObject({ ok: false, field: 'text' });
    expect(readNote({ text: 'x'.repeat(2_001) })).toMatchObject({ ok: false, field: 'text' });
    expect(readNote('text')).toMatchObject({ ok: false, field: 'body' });
  });
});
