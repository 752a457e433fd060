import type { RecordChange } from '#domain/records/changes';
import { concerns, type RecordChangeMark, rerunsOnRecordChange, watchKeysOf } from '#domain/records/watch';
import type { OpenEscalationWatch } from '#use-cases/ports';

export interface WatchDeps {
  watch: OpenEscalationWatch;
  /** Re-runs an item's ticket when its records changed; null unless the setting asks for it. */
  rerun: ((escalationId: string) => Promise<unknown>) | null;
}

/**
 * After a change is applied: every open escalation it concerns lists it (once per changeId,
 * so a change delivered again marks nothing twice), and with re-runs on, an item whose
 * findings a records change can clear is triaged again the first time a change marks it.
 */
export async function noteRecordChange(
  deps: WatchDeps,
  change: RecordChange,
  context: { merchantId: string | null; receivedAt: string },
): Promise<{ marked: string[]; rerun: string[] }> {
  const mark: RecordChangeMark = {
    changeId: change.changeId,
    entity: change.entity,
    op: change.op,
    key: change.key,
    version: change.version,
    receivedAt: context.receivedAt,
    ...(change.op === 'upsert' ? { record: change.record } : {}),
  };
  const marked: string[] = [];
  const rerun: string[] = [];
  for (const key of watchKeysOf(change, context.merchantId)) {
    for (const item of await deps.watch.waitingOn(key)) {
      if (!concerns(change, item) || !(await deps.watch.mark(item.escalationId, mark))) continue;
      marked.push(item.escalationId);
      if (deps.rerun && rerunsOnRecordChange(item)) {
        await deps.rerun(item.escalationId);
        rerun.push(item.escalationId);
      }
    }
  }
  return { marked, rerun };
}
