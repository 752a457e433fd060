import { readNewReviewer, readReviewerChange } from '#domain/reviewers';
import type { QueueResult } from '#use-cases/escalation-queue';
import type { ReviewerAccount, ReviewerDirectory } from '#use-cases/ports';

interface ReviewerDeps {
  reviewers: ReviewerDirectory;
}

const byName = (a: ReviewerAccount, b: ReviewerAccount) => a.name.localeCompare(b.name);

/** Every reviewer's account, by name: whom an item can be assigned to, and what an admin manages. */
export async function listReviewers(deps: ReviewerDeps): Promise<QueueResult<{ reviewers: ReviewerAccount[] }>> {
  return { ok: true, value: { reviewers: (await deps.reviewers.list()).sort(byName) } };
}

/**
 * The caller as the directory knows them now, not as their token said at sign-in: an admin
 * demoted or disabled since then is refused at once.
 */
async function asAdmin(deps: ReviewerDeps, by: string): Promise<QueueResult<ReviewerAccount>> {
  const caller = await deps.reviewers.get(by);
  return caller?.enabled && caller.admin && caller.name === by
    ? { ok: true, value: caller }
    : { ok: false, status: 403, error: `${by} is not an enabled admin in the reviewers' directory` };
}

/** An admin's new reviewer: the account is made and its invitation sent; a taken name changes nothing. */
export async function createReviewer(
  deps: ReviewerDeps,
  input: { by: string; body: unknown },
): Promise<QueueResult<ReviewerAccount>> {
  const caller = await asAdmin(deps, input.by);
  if (!caller.ok) return caller;
  const read = readNewReviewer(input.body);
  if (!read.ok) return { ok: false, status: 400, error: read.error, field: read.field };
  const { name, email, admin } = read;
  if ((await deps.reviewers.create({ name, email, admin })) === 'EXISTS')
    return { ok: false, status: 409, error: `a reviewer named ${name} exists already`, field: 'name' };
  const made = await deps.reviewers.get(name);
  return made ? { ok: true, value: made } : { ok: false, status: 502, error: `${name} was made but cannot be read` };
}

/**
 * An admin's change to another account: admin or not, enabled or not. The account is named as
 * the directory names it, so an alias (an email address) cannot pass for someone else.
 */
export async function changeReviewer(
  deps: ReviewerDeps,
  input: { name: string; by: string; body: unknown },
): Promise<QueueResult<ReviewerAccount>> {
  const caller = await asAdmin(deps, input.by);
  if (!caller.ok) return caller;
  const missing = { ok: false, status: 404, error: `no reviewer ${input.name}` } as const;
  const target = await deps.reviewers.get(input.name);
  if (!target) return missing;
  const read = readReviewerChange(input.body, target.name, input.by);
  if (!read.ok) return { ok: false, status: 400, error: read.error, field: read.field };
  if ((await deps.reviewers.update(target.name, read.change)) === 'NOT_FOUND') return missing;
  return (await deps.reviewers.get(target.name).then((account) => account && { ok: true, value: account })) ?? missing;
}
