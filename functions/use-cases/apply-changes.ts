import { type ChangeOutcome, merchantNamedBy, readChange, recordKeyOf } from '#domain/records/changes';
import type { Clock, RecordChangeStore } from '#use-cases/ports';
import { limiter } from '#use-cases/limiter';
import { noteRecordChange, type WatchDeps } from '#use-cases/records-watch';

export interface ChangeDeps {
  records: RecordChangeStore;
  clock: Clock;
  /** The open escalations each applied change is noted on; none where nothing watches. */
  watch?: WatchDeps;
}

export interface ChangeReport {
  /** One per change given, in the order given. */
  outcomes: ChangeOutcome[];
  counts: Record<ChangeOutcome['result'], number>;
}

/** Changes written at once. */
const CONCURRENCY = 16;

/**
 * Applies a batch of record changes as the feed delivers them: each is read, then applied over
 * an older version only; a bad one is refused with its reason and the others go on. A change
 * waits for the earlier ones to its record and to the merchant it names (a terminal's, an
 * invoice's), so a batch ends as applying it line by line would, while unrelated records are
 * written side by side.
 */
export async function applyChanges(
  deps: ChangeDeps,
  inputs: unknown[],
  source: { loadId?: string } = {},
): Promise<ChangeReport> {
  const run = limiter(CONCURRENCY);
  const last = new Map<string, Promise<unknown>>();
  const outcomes = await Promise.all(
    inputs.map(async (input): Promise<ChangeOutcome> => {
      const read = readChange(input);
      if (!read.ok) return { changeId: read.changeId, result: 'REFUSED', error: read.error };
      const { change } = read;
      const merchant = merchantNamedBy(change);
      const keys = [
        recordKeyOf(change.entity, change.key),
        ...(merchant ? [recordKeyOf('merchant', { merchantId: merchant })] : []),
      ];
      const before = keys.map((k) => last.get(k));
      const applied = (async () => {
        await Promise.all(before);
        return run(async () => {
          const stamp = { receivedAt: deps.clock.now().toISOString(), ...source };
          const outcome = await deps.records.apply(change, stamp);
          // A duplicate is noted again: the delivery that applied it may have failed to.
          if (deps.watch && (outcome.result === 'APPLIED' || outcome.duplicate)) {
            await noteRecordChange(deps.watch, change, {
              merchantId: outcome.merchantId ?? null,
              receivedAt: stamp.receivedAt,
            });
          }
          return outcome;
        });
      })();
      const settled = applied.catch(() => undefined);
      for (const k of keys) last.set(k, settled);
      try {
        const { result, error } = await applied;
        return { changeId: change.changeId, result, ...(error ? { error } : {}) };
      } catch (error) {
        return { changeId: change.changeId, result: 'FAILED', error: (error as Error).message };
      }
    }),
  );
  const counts: Record<ChangeOutcome['result'], number> = { APPLIED: 0, STALE: 0, REFUSED: 0, FAILED: 0 };
  for (const outcome of outcomes) counts[outcome.result]++;
  return { outcomes, counts };
}
