import { chinaDate } from '#domain/triage/findings';
import { DAY_MS, inHours } from '#domain/time';
import type { Clock, EscalationRepository, TicketRepository } from '#use-cases/ports';
import type { QueueResult } from '#use-cases/escalation-queue';

export const MAX_STATS_DAYS = 31;

export interface StatsDeps {
  tickets: Pick<TicketRepository, 'onDay'>;
  escalations: Pick<EscalationRepository, 'resolvedCreatedSince' | 'queueCounts'>;
  clock: Clock;
}

const count = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};
const rate = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 1000);

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? null) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * The overview over the last `days` days (China Standard Time, today included): tickets per
 * outcome and per diagnosis each day, how many triggered tickets were resolved automatically,
 * how many of those the merchant confirmed fixed, the median time from escalation to
 * resolution, and the queue now: how many escalations are open (and overdue) and claimed.
 */
export async function opsStats(deps: StatsDeps, query: { days?: string }): Promise<QueueResult<unknown>> {
  const days = Number(query.days ?? 14);
  if (!Number.isInteger(days) || days < 1 || days > MAX_STATS_DAYS) {
    return { ok: false, status: 400, error: `days must be a whole number from 1 to ${MAX_STATS_DAYS}`, field: 'days' };
  }
  const now = deps.clock.now();
  const dayList = Array.from({ length: days }, (_, i) =>
    chinaDate(new Date(now.getTime() - (days - 1 - i) * DAY_MS).toISOString()),
  );
  const perDay = [];
  let triggered = 0;
  let autoResolved = 0;
  let confirmedFixed = 0;
  for (const day of dayList) {
    const outcomes: Record<string, number> = {};
    const diagnoses: Record<string, number> = {};
    for (const ticket of await deps.tickets.onDay(day)) {
      count(outcomes, ticket.outcome ?? ticket.status);
      if (ticket.diagnosis) count(diagnoses, ticket.diagnosis);
      if (ticket.triggered) triggered += 1;
      if (ticket.outcome === 'AUTO_RESOLVED') {
        autoResolved += 1;
        if (ticket.confirmedFixed) confirmedFixed += 1;
      }
    }
    perDay.push({ day, outcomes, diagnoses });
  }
  const windowStart = new Date(`${dayList[0]}T00:00:00+08:00`);
  const resolveMs = (await deps.escalations.resolvedCreatedSince(windowStart))
    .map((e) => Date.parse(String(e.resolvedAt)) - Date.parse(String(e.createdAt)))
    .filter((ms) => Number.isFinite(ms) && ms >= 0);
  const medianMs = median(resolveMs);
  const queue = await deps.escalations.queueCounts();
  return {
    ok: true,
    value: {
      days: perDay,
      triggered,
      autoResolved,
      autoResolveRate: rate(autoResolved, triggered),
      confirmedFixed,
      confirmedFixedRate: rate(confirmedFixed, autoResolved),
      resolvedEscalations: resolveMs.length,
      medianHoursToResolve: medianMs === null ? null : inHours(medianMs, 2),
      overdueNow: queue.overdue,
      queue,
    },
  };
}
