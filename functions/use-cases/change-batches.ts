import type { ChangeOutcome } from '#domain/records/changes';

/** Changes one delivery (a request, a queue message) may carry. */
export const MAX_CHANGES_PER_DELIVERY = 1_000;

/** The changes a delivery carries: one change, or an array of them. */
export function changesIn(body: unknown): { ok: true; changes: unknown[] } | { ok: false; error: string } {
  const changes = Array.isArray(body) ? body : [body];
  if (changes.length === 0) return { ok: false, error: 'an empty array carries no change' };
  if (changes.length > MAX_CHANGES_PER_DELIVERY)
    return { ok: false, error: `a delivery carries at most ${MAX_CHANGES_PER_DELIVERY} changes` };
  return { ok: true, changes };
}

/** Whether any change of a delivery is to be delivered again: the tables could not take it. */
export const anyFailed = (outcomes: ChangeOutcome[]) => outcomes.some((o) => o.result === 'FAILED');
