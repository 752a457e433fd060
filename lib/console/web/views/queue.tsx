import { useState } from 'preact/hooks';
import { QUEUE_STATUSES } from '#domain/queue';
import type { Api } from '../api.ts';
import { clip, Code, ErrorNote, useLoad } from '../components.tsx';
import { ESCALATION_DIAGNOSES } from '../diagnoses.ts';
import { meaning, useI18n } from '../i18n.ts';
import { cst } from '../time.ts';
import type { EscalationPage, Stats } from '../types.ts';
import { go, type Query } from '../router.ts';

const PAGE = 25;
const FILTERS = ['diagnosis', 'merchantId', 'terminalId'] as const;
const FIRST = '';

/**
 * The page before each page seen, by the cursor that opened it: "previous" and the browser's
 * own back and forward both land where they should, the API keeping no state.
 */
const before = new Map<string, string>();

/** The queue by status, filtered by diagnosis, merchant or terminal, a page at a time. */
export function QueueView({ api, query }: { api: Api; query: Query }) {
  const { t, lang } = useI18n();
  const status = query.status ?? 'OPEN';
  const cursor = query.cursor;
  const page = useLoad(
    () =>
      api.get<EscalationPage>('/escalations', {
        status,
        diagnosis: query.diagnosis,
        merchantId: query.merchantId,
        terminalId: query.terminalId,
        limit: String(PAGE),
        cursor,
      }),
    [status, query.diagnosis, query.merchantId, query.terminalId, cursor],
  );
  const counts = useLoad(() => api.get<Stats>('/stats', { days: '1' }), []);
  const [draft, setDraft] = useState<Record<string, string>>(() =>
    Object.fromEntries(FILTERS.map((f) => [f, query[f] ?? ''])),
  );

  const show = (next: Query) => go('queue', Object.fromEntries(Object.entries(next).filter(([, v]) => v)) as Query);
  const queue = counts.data?.queue;
  const countOf: Record<string, number | undefined> = { OPEN: queue?.open, CLAIMED: queue?.claimed };

  return (
    <main>
      <nav class="tabs" aria-label={t.status}>
        {QUEUE_STATUSES.map((s) => (
          <button
            type="button"
            key={s}
            class={s === status ? 'tab active' : 'tab'}
            aria-pressed={s === status}
            onClick={() => show({ ...query, status: s, cursor: undefined })}
          >
            {meaning(s, lang)}
            {countOf[s] !== undefined && <span class="count">{countOf[s]}</span>}
          </button>
        ))}
        {queue && queue.overdue > 0 && (
          <span class="badge overdue">
            {t.overdue}: {queue.overdue}
          </span>
        )}
      </nav>

      <form
        class="filters"
        onSubmit={(event) => {
          event.preventDefault();
          show({ status, ...draft });
        }}
      >
        <label>
          {t.diagnosis}
          <select
            name="diagnosis"
            value={draft.diagnosis}
            onChange={(e) => setDraft({ ...draft, diagnosis: e.currentTarget.value })}
          >
            <option value="">{t.any}</option>
            {ESCALATION_DIAGNOSES.map((d) => (
              <option key={d} value={d}>{`${d} · ${meaning(d, lang)}`}</option>
            ))}
          </select>
        </label>
        <label>
          {t.merchant}
          <input
            name="merchantId"
            value={draft.merchantId}
            maxLength={64}
            onInput={(e) => setDraft({ ...draft, merchantId: e.currentTarget.value.trim() })}
          />
        </label>
        <label>
          {t.terminal}
          <input
            name="terminalId"
            value={draft.terminalId}
            maxLength={64}
            onInput={(e) => setDraft({ ...draft, terminalId: e.currentTarget.value.trim() })}
          />
        </label>
        <button type="submit" class="primary">
          {t.filter}
        </button>
        <button
          type="button"
          onClick={() => {
            setDraft({ diagnosis: '', merchantId: '', terminalId: '' });
            show({ status });
          }}
        >
          {t.clear}
        </button>
      </form>

      <ErrorNote error={page.error} />
      {page.loading && !page.data && <p>{t.loading}</p>}
      {page.data && (
        <>
          <table class="queue" aria-busy={page.loading ? 'true' : 'false'}>
            <thead>
              <tr>
                <th>{t.created}</th>
                <th>{t.ticket}</th>
                <th>{t.diagnosis}</th>
                <th>{t.merchant}</th>
                <th>{t.terminal}</th>
                <th>{t.subject}</th>
                <th>{t.claimedBy}</th>
              </tr>
            </thead>
            <tbody>
              {page.data.escalations.map((e) => (
                <tr key={e.escalationId} class={e.overdueSince && e.status === 'OPEN' ? 'overdue' : ''}>
                  <td class="nowrap">{cst(e.createdAt, lang)}</td>
                  <td>
                    <a href={`#/item/${encodeURIComponent(e.escalationId)}`}>
                      {clip(e.ticketId ?? e.escalationId, 40)}
                    </a>
                    {e.overdueSince && e.status === 'OPEN' && <span class="badge overdue">{t.overdue}</span>}
                  </td>
                  <td>
                    <Code code={e.diagnosis} />
                  </td>
                  <td>{e.merchantId ?? '—'}</td>
                  <td>{e.terminalId ?? '—'}</td>
                  <td class="subject">{clip(e.ticket?.subject)}</td>
                  <td>{e.claimedBy ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {page.data.escalations.length === 0 && <p>{t.nothing}</p>}
          <div class="pager">
            <span>
              {t.shown(page.data.escalations.length)}
              {page.data.more ? ` · ${t.more}` : ''}
            </span>
            <button
              type="button"
              disabled={!cursor}
              onClick={() => show({ ...query, cursor: before.get(cursor ?? FIRST) || undefined })}
            >
              {t.previous}
            </button>
            <button
              type="button"
              disabled={!page.data.more}
              onClick={() => {
                const next = page.data?.cursor;
                if (!next) return;
                before.set(next, cursor ?? FIRST);
                show({ ...query, cursor: next });
              }}
            >
              {t.next}
            </button>
          </div>
        </>
      )}
    </main>
  );
}
