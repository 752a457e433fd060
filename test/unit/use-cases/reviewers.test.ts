import { describe, expect, it } from 'vitest';
import { changeReviewer, createReviewer, listReviewers } from '#use-cases/reviewers';
import { memoryReviewers } from '#fixtures/memory/reviewers';

describe("the reviewers' accounts", () => {
  it('lists the accounts by name', async () => {
    const reviewers = memoryReviewers({ name: 'zhao' }, { name: 'alice', admin: true });

    const listed = await listReviewers({ reviewers });

    expect(listed.ok && listed.value.reviewers.map((r) => [r.name, r.admin])).toEqual([
      ['alice', true],
      ['zhao', false],
    ]);
  });

  it('makes an account once, and answers a taken name with 409 changing nothing', async () => {
    const reviewers = memoryReviewers({ name: 'alice', admin: true });

    const made = await createReviewer(
      { reviewers },
      { by: 'alice', body: { name: 'li', email: 'li@acquirer.example' } },
    );
    const taken = await createReviewer(
      { reviewers },
      { by: 'alice', body: { name: 'alice', email: 'other@acquirer.example' } },
    );

    expect(made).toMatchObject({ ok: true, value: { name: 'li', email: 'li@acquirer.example', enabled: true } });
    expect(taken).toMatchObject({ ok: false, status: 409, field: 'name' });
    expect(reviewers.accounts.get('alice')?.email).toBe('alice@acquirer.example');
  });

  it('disables an account and makes another admin, but no admin locks themselves out', async () => {
    const reviewers = memoryReviewers({ name: 'alice', admin: true }, { name: 'bob' });

    const disabled = await changeReviewer({ reviewers }, { name: 'bob', by: 'alice', body: { enabled: false } });
    const promoted = await changeReviewer({ reviewers }, { name: 'bob', by: 'alice', body: { admin: true } });
    const locked = await changeReviewer({ reviewers }, { name: 'alice', by: 'alice', body: { enabled: false } });
    const missing = await changeReviewer({ reviewers }, { name: 'dan', by: 'alice', body: { enabled: true } });

    expect(disabled).toMatchObject({ ok: true, value: { enabled: false } });
    expect(promoted).toMatchObject({ ok: true, value: { admin: true, enabled: false } });
    expect(locked).toMatchObject({ ok: false, status: 400, field: 'reviewerName' });
    expect(missing).toMatchObject({ ok: false, status: 404 });
  });

  it('asks the directory, not the token, whether the caller is still an admin', async () => {
    const reviewers = memoryReviewers(
      { name: 'alice', admin: true },
      { name: 'mallory', admin: true, enabled: false },
      { name: 'bob' },
    );

    const restored = await changeReviewer({ reviewers }, { name: 'mallory', by: 'mallory', body: { enabled: true } });
    const byDisabled = await changeReviewer({ reviewers }, { name: 'bob', by: 'mallory', body: { admin: true } });
    const madeByDisabled = await createReviewer(
      { reviewers },
      { by: 'mallory', body: { name: 'eve', email: 'eve@acquirer.example' } },
    );

    expect([restored, byDisabled, madeByDisabled]).toMatchObject([
      { ok: false, status: 403 },
      { ok: false, status: 403 },
      { ok: false, status: 403 },
    ]);
    expect(reviewers.accounts.get('mallory')?.enabled).toBe(false);
    expect(reviewers.accounts.has('eve')).toBe(false);
  });

  it('reads an account named by its email alias as the account itself', async () => {
    const reviewers = memoryReviewers({ name: 'alice', admin: true }, { name: 'bob' });

    const self = await changeReviewer(
      { reviewers },
      { name: 'alice@acquirer.example', by: 'alice', body: { admin: false } },
    );
    const other = await changeReviewer(
      { reviewers },
      { name: 'bob@acquirer.example', by: 'alice', body: { admin: true } },
    );

    expect(self).toMatchObject({ ok: false, status: 400 });
    expect(reviewers.accounts.get('alice')?.admin).toBe(true);
    expect(other).toMatchObject({ ok: true, value: { name: 'bob', admin: true } });
  });
});
