import { dueForAlert } from '#domain/queue';
import { inHours } from '#domain/time';
import type { Alerts, Clock, EscalationRepository } from '#use-cases/ports';

export interface OverdueDeps {
  escalations: Pick<EscalationRepository, 'openCreatedBefore' | 'markOverdue'>;
  alerts: Alerts;
  clock: Clock;
  slaMs: number;
}

/** Items looked at per run; the oldest come first, so a backlog is worked off run by run. */
const PER_RUN = 100;

const hours = (ms: number) => inHours(ms, 1);

/**
 * The SLA: escalations unclaimed longer than the SLA are overdue. Each is alerted when it
 * becomes overdue and again every SLA period while nobody claims it; the alert goes out first
 * and the items are marked after, so a failure alerts twice rather than never.
 */
export async function flagOverdue(deps: OverdueDeps): Promise<{ alerted: string[] }> {
  const now = deps.clock.now();
  const stale = new Date(now.getTime() - deps.slaMs);
  const due = (await deps.escalations.openCreatedBefore(stale, PER_RUN)).filter((item) =>
    dueForAlert(item, now, deps.slaMs),
  );
  if (due.length === 0) return { alerted: [] };
  const lines = due.map(
    (item) =>
      `${String(item.escalationId)}  ${String(item.diagnosis)}  waiting ${hours(now.getTime() - Date.parse(String(item.createdAt)))} h`,
  );
  await deps.alerts.publish({
    subject: `${due.length} escalation${due.length === 1 ? '' : 's'} unclaimed for more than ${hours(deps.slaMs)} h`,
    message: [`Unclaimed past the SLA of ${hours(deps.slaMs)} h, oldest first:`, ...lines].join('\n'),
  });
  const alerted: string[] = [];
  for (const item of due) {
    const escalationId = String(item.escalationId);
    if (await deps.escalations.markOverdue({ escalationId, at: now, alertedBefore: stale })) alerted.push(escalationId);
  }
  return { alerted };
}
