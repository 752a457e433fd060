import { describe, expect, it } from 'vitest';
import { originByShape, originName, prefixError, ticketIdRefusal, type Origin } from '#domain/intake/origins';

const crm: Origin = { route: 'webhook', prefix: 'CRM-', senders: ['', 'CRM-'] };
const plain: Origin = { route: 'webhook', prefix: '', senders: ['', 'CRM-'] };

describe('ticketId namespaces', () => {
  it.each([
    ['ZD-40213-9001402133', 'the Zendesk route'],
    ['zd-1-2', 'the Zendesk route'],
    ['MAIL-0123456789abcdef01234567', 'the support inbox'],
    ['DEMO-0001.R1', 're-run'],
    ['HELD-0123456789ABCDEF01234567', 'held mail'],
  ])('keeps a webhook sender out of %s, made by %s', (ticketId, by) => {
    expect(ticketIdRefusal(ticketId, plain)).toContain(by);
    expect(ticketIdRefusal(ticketId, crm)).toContain(by);
  });

  it.each(['ZD-104233', 'DEMO-0001', 'MAIL_1', 'MAIL-again', 'ZD-1-2-3', 'ESC-1'])(
    'lets the default sender use %s',
    (ticketId) => {
      expect(ticketIdRefusal(ticketId, plain)).toBeNull();
    },
  );

  it('keeps the default sender out of another sender’s prefix, whatever its case', () => {
    expect(ticketIdRefusal('CRM-1', plain)).toContain('prefix CRM-');
    expect(ticketIdRefusal('crm-1', plain)).toContain('prefix CRM-');
  });

  it('holds a sender with a prefix to it, in any case', () => {
    expect(ticketIdRefusal('CRM-1', crm)).toBeNull();
    expect(ticketIdRefusal('crm-1', crm)).toBeNull();
    expect(ticketIdRefusal('DEMO-1', crm)).toContain('must start with CRM-');
  });

  it.each([{ route: 'zendesk' }, { route: 'mail' }, { route: 'rerun' }] as const)(
    'lets the $route route use the ticketIds it makes',
    (origin) => {
      expect(ticketIdRefusal('ZD-1-2', origin)).toBeNull();
    },
  );

  it('names the origin of a ticket stored before origins were kept by its shape', () => {
    expect(originByShape('ZD-1-2')).toBe('zendesk');
    expect(originByShape('MAIL-0123456789abcdef01234567')).toBe('mail');
    expect(originByShape('X.R2')).toBe('rerun');
    // Before senders had prefixes there was one sender: a CRM- ticket of then is the default sender's.
    expect(originByShape('CRM-9')).toBe('webhook');
    expect(originByShape('ZD-104233')).toBe('webhook');
    expect(originName(crm)).toBe('webhook:CRM-');
    expect(originName(plain)).toBe('webhook');
  });

  it.each([
    ['CRM-', null],
    ['', null],
    ['crm_', null],
    ['CRM', 'must be 1 to 16'],
    ['C R-', 'must be 1 to 16'],
    ['ZD-', 'the system makes'],
    ['mail:', 'the system makes'],
  ])('judges sender prefix %j', (prefix, error) => {
    const judged = prefixError(prefix);
    if (error === null) expect(judged).toBeNull();
    else expect(judged).toContain(error);
  });
});
