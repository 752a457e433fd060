import { describe, expect, it } from 'vitest';
import {
  dueForAlert,
  readBulk,
  readNote,
  readAssign,
  readReply,
  readResolve,
  readSearch,
  rerunTicketId,
  resolutionRefusal,
} from '#domain/queue';
import { searchTextOf } from '#domain/escalation';
import { referenceOf } from '#domain/replies/reference';
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

describe('a queue search', () => {
  const ticket = {
    ticketId: 'ZD-88120',
    from: 'Zhang.Wei@Pearl-Tea.example',
    subject: 'ＰＯＳ 报错 97',
    body: '珍珠奶茶店的终端 39990011 一直显示97',
  };
  const text = searchTextOf({ ticket, merchantName: '珍珠奶茶', merchantId: 'M-1', terminalId: '39990011' });
  const found = (q: string) => {
    const read = readSearch(q);
    return read.ok && read.words.every((forms) => forms.some((form) => text.includes(form)));
  };

  it('finds an item by any case of its sender, by words of its text, and by full-width letters typed plain', () => {
    expect(found('zhang.wei@PEARL')).toBe(true);
    expect(found('奶茶 39990011')).toBe(true);
    expect(found('pos 报错')).toBe(true);
    expect(found('奶茶 coffee')).toBe(false);
  });

  it('finds an item by its reference however a person writes it', () => {
    const reference = referenceOf('ZD-88120');
    const typed = reference.toLowerCase().replace('-', ' ').replaceAll('0', 'o').replaceAll('1', 'l');

    expect(found(reference)).toBe(true);
    expect(found(typed)).toBe(true);
  });

  it('still finds words that could be read as a reference', () => {
    const words = searchTextOf({ ticket: { ...ticket, body: 'hello world, still processing' } });
    const finds = (q: string) => {
      const read = readSearch(q);
      return read.ok && read.words.every((forms) => forms.some((form) => words.includes(form)));
    };

    expect(finds('hello world')).toBe(true);
    expect(finds('processing')).toBe(true);
  });

  it('keeps a quoted phrase together', () => {
    expect(readSearch('"一直显示97" zhang')).toEqual({ ok: true, words: [['一直显示97'], ['zhang']] });
    expect(found('"显示97 终端"')).toBe(false);
  });

  it('refuses a search with no words, too many words, or too long', () => {
    expect(readSearch('  ""  ')).toMatchObject({ ok: false });
    expect(readSearch('a b c d e f g h i')).toMatchObject({ ok: false });
    expect(readSearch('x'.repeat(201))).toMatchObject({ ok: false });
  });

  it('looks in no more than the start of a long ticket', () => {
    const long = searchTextOf({ ticket: { ...ticket, body: `${'字'.repeat(300)}needle` } });

    expect(long.includes('needle')).toBe(false);
  });
});

describe('an assignment', () => {
  const isName = (name: string) => /^[a-z.]+$/.test(name);

  it('reads the reviewer it goes to', () => {
    expect(readAssign({ to: 'bob' }, isName)).toEqual({ ok: true, to: 'bob' });
  });

  it.each([[{ to: 'Bob!' }], [{}], [null]])('refuses %j', (body) => {
    expect(readAssign(body, isName)).toMatchObject({ ok: false });
  });
});
