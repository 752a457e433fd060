import { useEffect, useState } from 'preact/hooks';
import { QUEUE_STATUSES, type Resolution } from '#domain/queue';
import type { Api, ApiError } from '../api.ts';
import { asApiError, clip, Code, ErrorNote, ResolutionSelect, useLoad, useNow, usePolling } from '../components.tsx';
import { ESCALATION_DIAGNOSES } from '../diagnoses.ts';
import { meaning, useI18n } from '../i18n.ts';
import { cst, span } from '../time.ts';
import type { EscalationPage, Stats } from '../types.ts';
import { go, type Query } from '../router.ts';

const PAGE = 25;
const FILTERS = ['q', 'diagnosis', 'merchantId', 'terminalId'] as const;
/** How often the ages and countdowns are drawn again. */
const TICK_MS = 30_000;
const FIRST = '';

/**
 * The page before each page seen, by the cursor that opened it: "previous" and the browser's
 * own back and forward both land where they should, the API keeping no state.
 */
const before = new Map<string, string>();

/**
 * The queue by status, searched and filtered by diagnosis, merchant or terminal, a page at a time: items to
 * work on oldest first with their age and SLA countdown, asked for again every `refreshMs`.
 */
export function QueueView({ api, query, refreshMs }: { api: Api; query: Query; refreshMs: number }) {
  const { t, lang } = useI18n();
  const status = query.status ?? 'OPEN';
  const order = query.order === 'newest' || query.order === 'oldest' ? query.order : undefined;
  const cursor = query.cursor;
  const page = useLoad(
    () =>
      api.get<EscalationPage>('/escalations', {
        status,
        diagnosis: query.diagnosis,
        merchantId: query.merchantId,
        terminalId: query.terminalId,
        q: query.q,
        order,
        limit: String(PAGE),
        cursor,
      }),
    [status, query.diagnosis, query.merchantId, query.terminalId, query.q, order, cursor],
  );
  const counts = useLoad(() => api.get<Stats>('/stats', { days: '1' }), []);
  usePolling(() => {
    page.poll();
    counts.poll();
  }, refreshMs);
  const now = useNow(TICK_MS);
  // The selection survives a refresh; an item that left the page leaves it.
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const shown = page.data?.escalations.map((e) => e.escalationId) ?? [];
  useEffect(() => {
    if (page.data) setSelected((s) => new Set([...s].filter((id) => shown.includes(id))));
  }, [page.data]);
  const selectable = status !== 'RESOLVED';
  const oldestFirst = page.data ? page.data.order === 'OLDEST_FIRST' : status !== 'RESOLVED';
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
          show({ status, order, ...draft, q: draft.q?.trim() });
        }}
      >
        <label class="search">
          {t.queueSearch}
          <input
            type="search"
            name="q"
            value={draft.q}
            maxLength={200}
            placeholder={t.queueSearchHint}
            title={t.queueSearchHint}
            onInput={(e) => setDraft({ ...draft, q: e.currentTarget.value })}
          />
        </label>
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
        <label>
          {t.order}
          <select
            name="order"
            value={oldestFirst ? 'oldest' : 'newest'}
            onChange={(e) => show({ ...query, order: e.currentTarget.value, cursor: undefined })}
          >
            <option value="oldest">{t.oldestFirst}</option>
            <option value="newest">{t.newestFirst}</option>
          </select>
        </label>
        <button type="submit" class="primary">
          {t.filter}
        </button>
        <button
          type="button"
          onClick={() => {
            setDraft({ q: '', diagnosis: '', merchantId: '', terminalId: '' });
            show({ status });
          }}
        >
          {t.clear}
        </button>
      </form>

      <ErrorNote error={page.error} />
      {selectable && (
        <BulkBar
          api={api}
          selected={[...selected]}
          done={(changed) => {
            setSelected(new Set([...selected].filter((id) => !changed.includes(id))));
            page.poll();
            counts.poll();
          }}
        />
      )}
      {page.loading && !page.data && <p>{t.loading}</p>}
      {page.data && (
        <>
          <table class="queue stack" aria-busy={page.loading ? 'true' : 'false'}>
            <thead>
              <tr>
                {selectable && (
                  <th class="pick">
                    <input
                      type="checkbox"
                      aria-label={t.selectAll}
                      checked={shown.length > 0 && shown.every((id) => selected.has(id))}
                      onChange={(e) => setSelected(e.currentTarget.checked ? new Set(shown) : new Set())}
                    />
                  </th>
                )}
                <th>{t.created}</th>
                <th>{t.ticket}</th>
                <th>{t.diagnosis}</th>
                <th>{t.merchant}</th>
                <th>{t.terminal}</th>
                <th>{t.subject}</th>
                <th>{status === 'OPEN' ? t.sla : t.claimedBy}</th>
              </tr>
            </thead>
            <tbody>
              {page.data.escalations.map((e) => {
                const late = e.status === 'OPEN' && e.dueAt !== undefined && Date.parse(e.dueAt) <= now;
                return (
                  <tr key={e.escalationId} class={late || (e.overdueSince && e.status === 'OPEN') ? 'overdue' : ''}>
                    {selectable && (
                      <td data-label={t.select} class="pick">
                        <input
                          type="checkbox"
                          aria-label={t.selectItem(e.ticketId ?? e.escalationId)}
                          checked={selected.has(e.escalationId)}
                          onChange={(event) => {
                            const next = new Set(selected);
                            if (event.currentTarget.checked) next.add(e.escalationId);
                            else next.delete(e.escalationId);
                            setSelected(next);
                          }}
                        />
                      </td>
                    )}
                    <td data-label={t.created}>
                      <span class="nowrap">{cst(e.createdAt, lang)}</span>
                      {e.status !== 'RESOLVED' && (
                        <span class="age">
                          {t.age} {span(now - Date.parse(e.createdAt), lang)}
                        </span>
                      )}
                    </td>
                    <td data-label={t.ticket} class="ticket-cell">
                      <a href={`#/item/${encodeURIComponent(e.escalationId)}`}>
                        {clip(e.ticketId ?? e.escalationId, 40)}
                      </a>
                      {e.overdueSince && e.status === 'OPEN' && <span class="badge overdue">{t.overdue}</span>}
                    </td>
                    <td data-label={t.diagnosis} class="diagnosis">
                      <Code code={e.diagnosis} />
                    </td>
                    <td data-label={t.merchant} class="merchant">
                      {e.merchantName && <strong class="name">{clip(e.merchantName, 60)}</strong>}{' '}
                      <span class="id">{e.merchantId ?? '—'}</span>
                    </td>
                    <td data-label={t.terminal}>{e.terminalId ?? '—'}</td>
                    <td data-label={t.subject} class="subject">
                      {clip(e.ticket?.subject)}
                    </td>
                    {status === 'OPEN' ? (
                      <td data-label={t.sla} class={late ? 'sla late' : 'sla'}>
                        {e.dueAt === undefined
                          ? '—'
                          : late
                            ? t.pastDue(span(now - Date.parse(e.dueAt), lang))
                            : t.dueIn(span(Date.parse(e.dueAt) - now, lang))}
                      </td>
                    ) : (
                      <td data-label={t.claimedBy}>{e.claimedBy ?? '—'}</td>
                    )}
                  </tr>
                );
              })}
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

interface BulkOutcome {
  escalationId: string;
  ok: boolean;
  error?: string;
  code?: string;
  claimedBy?: string;
}

/**
 * One action on the selected items: each is still its own audited, conditional change, and each
 * refusal is listed with its reason.
 */
function BulkBar({ api, selected, done }: { api: Api; selected: string[]; done: (changed: string[]) => void }) {
  const { t } = useI18n();
  const [resolution, setResolution] = useState<Resolution | ''>('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [outcome, setOutcome] = useState<{ done: number; refused: BulkOutcome[] } | null>(null);
  if (selected.length === 0 && !outcome) return null;
  const run = async (action: 'claim' | 'release' | 'resolve') => {
    setBusy(true);
    setError(null);
    setOutcome(null);
    try {
      const answer = await api.post<{ done: number; results: BulkOutcome[] }>('/escalations/bulk', {
        action,
        escalationIds: selected,
        ...(action === 'resolve' ? { resolution, note } : {}),
      });
      setOutcome({ done: answer.done, refused: answer.results.filter((r) => !r.ok) });
      done(answer.results.filter((r) => r.ok).map((r) => r.escalationId));
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const why = (r: BulkOutcome) =>
    r.code === 'CLAIMED_BY_OTHER'
      ? t.claimedByOther(r.claimedBy ?? '?')
      : r.code === 'ALREADY_RESOLVED'
        ? t.alreadyResolved
        : r.code === 'NOT_CLAIMED'
          ? t.notClaimed
          : (r.error ?? '');
  return (
    <section class="bulk" aria-label={t.bulk}>
      {selected.length > 0 && (
        <form
          class="filters"
          onSubmit={(event) => {
            event.preventDefault();
            void run('resolve');
          }}
        >
          <strong>{t.selected(selected.length)}</strong>
          <button type="button" disabled={busy} onClick={() => void run('claim')}>
            {t.claim}
          </button>
          <button type="button" disabled={busy} onClick={() => void run('release')}>
            {t.release}
          </button>
          <ResolutionSelect name="bulk-resolution" value={resolution} onChange={setResolution} />
          <label>
            {t.note}
            <input name="bulk-note" value={note} maxLength={2_000} onInput={(e) => setNote(e.currentTarget.value)} />
          </label>
          <button type="submit" class="primary" disabled={busy || resolution === '' || note.trim() === ''}>
            {t.resolveSelected}
          </button>
        </form>
      )}
      <ErrorNote error={error} />
      {outcome && (
        <div role="status" class="notice">
          {t.bulkDone(outcome.done, outcome.refused.length)}
          {outcome.refused.length > 0 && (
            <ul class="plain">
              {outcome.refused.map((r) => (
                <li key={r.escalationId}>
                  {r.escalationId}: {why(r)}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
