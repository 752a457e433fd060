import type { Api } from '../api.ts';
import { ErrorNote, useLoad } from '../components.tsx';
import { useI18n } from '../i18n.ts';
import { go, type Query } from '../router.ts';
import type { Stats } from '../types.ts';
import { StackedBars } from './charts.tsx';

/** Windows the overview offers; the API takes any from 1 to 31 days. */
const DAY_CHOICES = [7, 14, 31];

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10} %`);

/** Keys that occur on any day, in the order first seen, so each chart's legend names only what it drew. */
const keysOf = (days: Stats['days'], pick: (d: Stats['days'][number]) => Record<string, number>) => [
  ...new Set(days.flatMap((d) => Object.keys(pick(d)))),
];

/** The overview: tickets per outcome and diagnosis each day, the rates, time to resolve, what is overdue. */
export function OverviewView({ api, query }: { api: Api; query: Query }) {
  const { t } = useI18n();
  const days = query.days ?? '14';
  const stats = useLoad(() => api.get<Stats>('/stats', { days }), [days]);
  const data = stats.data;
  return (
    <main class="overview">
      <div class="filters">
        <label>
          {t.days}
          <select name="days" value={days} onChange={(e) => go('overview', { days: e.currentTarget.value })}>
            {DAY_CHOICES.map((d) => (
              <option key={d} value={String(d)}>
                {d}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorNote error={stats.error} />
      {!data && !stats.error && <p>{t.loading}</p>}
      {data && (
        <>
          <div class="tiles">
            <Tile label={t.triggered} value={String(data.triggered)} />
            <Tile
              label={t.autoResolveRate}
              value={percent(data.autoResolveRate)}
              detail={`${data.autoResolved} / ${data.triggered}`}
            />
            <Tile
              label={t.confirmedFixedRate}
              value={percent(data.confirmedFixedRate)}
              detail={`${data.confirmedFixed} / ${data.autoResolved}`}
            />
            <Tile
              label={t.medianToResolve}
              value={data.medianHoursToResolve === null ? '—' : t.hours(data.medianHoursToResolve)}
              detail={`n = ${data.resolvedEscalations}`}
            />
            <Tile label={t.overdueNow} value={String(data.overdueNow)} alert={data.overdueNow > 0} />
          </div>
          <StackedBars
            title={t.perOutcome}
            keys={keysOf(data.days, (d) => d.outcomes)}
            series={data.days.map((d) => ({ label: d.day, values: d.outcomes }))}
          />
          <StackedBars
            title={t.perDiagnosis}
            keys={keysOf(data.days, (d) => d.diagnoses)}
            series={data.days.map((d) => ({ label: d.day, values: d.diagnoses }))}
          />
        </>
      )}
    </main>
  );
}

function Tile({
  label,
  value,
  detail,
  alert = false,
}: {
  label: string;
  value: string;
  detail?: string;
  alert?: boolean;
}) {
  return (
    <div class={alert ? 'tile alert' : 'tile'}>
      <div class="tile-label">{label}</div>
      <div class="tile-value">{value}</div>
      {detail && <div class="tile-detail">{detail}</div>}
    </div>
  );
}
