import { useState } from 'preact/hooks';
import type { Api } from '../api.ts';
import { clip, Code, ErrorNote, Folded, useLoad } from '../components.tsx';
import { meaning, useI18n } from '../i18n.ts';
import { go, type Query } from '../router.ts';
import { cst } from '../time.ts';
import type { DecisionRecord, DecisionRecordPage } from '../types.ts';
import { Emails } from './emails.tsx';

type By = 'ticketId' | 'reference' | 'terminalId' | 'merchantId' | 'from';

/** Decision records of any ticket, escalated or not: one by its ID, or a terminal's, a merchant's or a sender's. */
export function TicketsView({ api, query }: { api: Api; query: Query }) {
  const { t } = useI18n();
  const by = (query.by as By | undefined) ?? 'ticketId';
  const value = query.q ?? '';
  const [draft, setDraft] = useState({ by, value });
  const result = useLoad<DecisionRecord[] | null>(async () => {
    if (!value) return null;
    if (by === 'ticketId') return [await api.get<DecisionRecord>(`/tickets/${encodeURIComponent(value)}`)];
    return (await api.get<DecisionRecordPage>('/tickets', { [by]: value, limit: '50' })).tickets;
  }, [by, value]);
  return (
    <main>
      <form
        class="filters"
        onSubmit={(event) => {
          event.preventDefault();
          go('tickets', { by: draft.by, q: draft.value.trim() });
        }}
      >
        <select name="by" value={draft.by} onChange={(e) => setDraft({ ...draft, by: e.currentTarget.value as By })}>
          <option value="ticketId">{t.ticketId}</option>
          <option value="reference">{t.reference}</option>
          <option value="terminalId">{t.terminal}</option>
          <option value="merchantId">{t.merchant}</option>
          <option value="from">{t.from}</option>
        </select>
        <input
          name="q"
          value={draft.value}
          maxLength={254}
          onInput={(e) => setDraft({ ...draft, value: e.currentTarget.value })}
        />
        <button type="submit" class="primary">
          {t.search}
        </button>
        <span class="hint">{t.searchHint}</span>
      </form>
      <ErrorNote error={result.error} />
      {result.loading && value ? (
        <p>{t.loading}</p>
      ) : (
        (result.data ?? []).map((r) => <Record key={r.ticketId} record={r} />)
      )}
      {!result.loading && result.data?.length === 0 && <p>{t.nothing}</p>}
    </main>
  );
}

function Record({ record }: { record: DecisionRecord }) {
  const { t, lang } = useI18n();
  return (
    <section class="record">
      <h2>
        {record.ticketId} · {meaning(record.outcome ?? record.status, lang)}{' '}
        {record.diagnosis && <Code code={record.diagnosis} />}
      </h2>
      <p class="hint">
        {t.received}: {cst(record.ticket.receivedAt, lang)} · {t.decided}: {cst(record.decidedAt, lang)} ·{' '}
        {t.rulesVersion}: {record.rulesVersion ?? '—'} · {t.reference}: <code>{record.reference}</code>
        {record.escalationId && (
          <>
            {' '}
            · <a href={`#/item/${encodeURIComponent(record.escalationId)}`}>{record.escalationId}</a>
          </>
        )}
      </p>
      <p class="subject">
        {record.ticket.from} · {clip(record.ticket.subject, 120)}
      </p>
      <Folded text={record.ticket.body} limit={600} label={t.body} />
      <ol class="findings">
        {record.findings.map((f) => (
          <li key={f}>
            <code>{f}</code> {meaning(f, lang)}
          </li>
        ))}
      </ol>
      <Emails emails={record.emails} />
      {Boolean(record.confirmedFixed) && <p class="notice">{t.confirmedFixed}</p>}
    </section>
  );
}
