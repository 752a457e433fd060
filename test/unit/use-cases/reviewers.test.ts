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

    const made = await createReviewer({ reviewers }, { body: { name: 'li', email: 'li@acquirer.example' } });
    const taken = await createReviewer({ reviewers }, { body: { name: 'alice', email: 'other@acquirer.example' } });

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
    expect(locked).toMatchObject({ ok: false, status: 400, field: 'enabled' });
    expect(missing).toMatchObject({ ok: false, status: 404 });
  });
});
