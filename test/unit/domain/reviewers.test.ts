import { describe, expect, it } from 'vitest';
import { readNewReviewer, readReviewerChange } from '#domain/reviewers';

describe("a new reviewer's account", () => {
  it('reads a name, an email and the admin flag, which is false unless given', () => {
    expect(readNewReviewer({ name: 'li.ops', email: 'li@acquirer.example' })).toEqual({
      ok: true,
      name: 'li.ops',
      email: 'li@acquirer.example',
      admin: false,
    });
    expect(readNewReviewer({ name: 'zhao', email: 'zhao@acquirer.example', admin: true })).toMatchObject({
      admin: true,
    });
  });

  it.each([
    [{ name: 'li@acquirer.example', email: 'li@acquirer.example' }, 'name'],
    [{ name: 'a b', email: 'li@acquirer.example' }, 'name'],
    [{ name: 'x'.repeat(65), email: 'li@acquirer.example' }, 'name'],
    [{ name: 'li', email: 'li' }, 'email'],
    [{ name: 'li', email: 'li@acquirer.example', admin: 'yes' }, 'admin'],
    [[], 'body'],
  ])('refuses %j, naming %s', (body, field) => {
    expect(readNewReviewer(body)).toMatchObject({ ok: false, field });
  });
});

describe("a change to a reviewer's account", () => {
  it('reads admin and enabled, either or both', () => {
    expect(readReviewerChange({ enabled: false }, 'bob', 'alice')).toEqual({ ok: true, change: { enabled: false } });
    expect(readReviewerChange({ admin: true, enabled: true }, 'bob', 'alice')).toEqual({
      ok: true,
      change: { admin: true, enabled: true },
    });
  });

  it('refuses an empty change, a value that is not a boolean, and an admin locking themselves out', () => {
    expect(readReviewerChange({}, 'bob', 'alice')).toMatchObject({ ok: false, field: 'body' });
    expect(readReviewerChange({ enabled: 'no' }, 'bob', 'alice')).toMatchObject({ ok: false, field: 'enabled' });
    expect(readReviewerChange({ admin: false }, 'alice', 'alice')).toMatchObject({ ok: false, field: 'reviewerName' });
    expect(readReviewerChange({ enabled: false }, 'alice', 'alice')).toMatchObject({
      ok: false,
      field: 'reviewerName',
    });
    expect(readReviewerChange({ admin: true }, 'alice', 'alice')).toMatchObject({ ok: false, field: 'reviewerName' });
  });
});
