import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { MAX_NOTE, MAX_REPLY_TEXT, resolutionRefusal, type Resolution } from '#domain/queue';
import { ApiError, type Api } from '../api.ts';
import {
  asApiError,
  Code,
  ErrorNote,
  Folded,
  Notice,
  ResolutionSelect,
  StatusBadge,
  useLoad,
  usePolling,
} from '../components.tsx';
import { go } from '../router.ts';
import { meaning, useI18n } from '../i18n.ts';
import { cst } from '../time.ts';
import { otherReasons, readRecords, reasonsOf, type ShownReason } from '../records.ts';
import type { DecisionRecord, Escalation } from '../types.ts';
import { Emails } from './emails.tsx';
import { RecordsChanged, RecordsPanel } from './records.tsx';
import { Thread } from './thread.tsx';

/** One escalation: the ticket, what was read and found, the reply to send, what was done, and the actions. */
export function ItemView({
  api,
  id,
  me,
  admin,
  refreshMs,
}: {
  api: Api;
  id: string;
  me: string;
  admin: boolean;
  refreshMs: number;
}) {
  const { t, lang } = useI18n();
  const loaded = useLoad(() => api.get<Escalation>(`/escalations/${encodeURIComponent(id)}`), [id]);
  const [item, setItem] = useState<Escalation | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setItem(loaded.data), [loaded.data]);
  // Another reviewer's claim, reply or resolution shows without a reload; never while this one acts.
  const acting = useRef(false);
  usePolling(() => {
    if (acting.current) return;
    api.get<Escalation>(`/escalations/${encodeURIComponent(id)}`).then(
      (now) => !acting.current && setItem(now),
      () => undefined,
    );
  }, refreshMs);
  const ticketId = item?.ticket?.ticketId;
  const record = useLoad(
    () => (ticketId ? api.get<DecisionRecord>(`/tickets/${encodeURIComponent(ticketId)}`) : Promise.resolve(null)),
    [ticketId, item?.audit?.length],
  );

  if (loaded.error)
    return (
      <main>
        <ErrorNote error={loaded.error} />
      </main>
    );
  if (!item)
    return (
      <main>
        <p>{t.loading}</p>
      </main>
    );

  const mine = item.status === 'CLAIMED' && item.claimedBy === me;
  // The API's rule: an open item, one this reviewer holds, or (for an admin) anyone's.
  const assignable = item.status === 'OPEN' || mine || (admin && item.status === 'CLAIMED');
  const merchantName = readRecords(item.recordsRead)?.merchant?.name;
  const refresh = async () =>
    setItem(await api.get<Escalation>(`/escalations/${encodeURIComponent(item.escalationId)}`));
  const refreshShowingErrors = () => void refresh().catch((e: unknown) => setError(asApiError(e)));
  const act = async (run: () => Promise<unknown>, after: (value: unknown) => void) => {
    setBusy(true);
    acting.current = true;
    setError(null);
    setNotice(null);
    try {
      after(await run());
    } catch (e) {
      const refused = asApiError(e);
      // Another reviewer holds it: the item, shown as it is now, says so once.
      setError(refused.code === 'CLAIMED_BY_OTHER' ? null : refused);
      if (refused.status === 409) await refresh().catch(() => undefined);
    } finally {
      acting.current = false;
      setBusy(false);
    }
  };
  const path = (action: string) => `/escalations/${encodeURIComponent(item.escalationId)}/${action}`;
  const changed = (value: unknown) => setItem(value as Escalation);

  return (
    <main class="item">
      <a href="#/queue" class="back">
        {t.back}
      </a>
      <header class="item-head">
        <h1>{item.escalationId}</h1>
        <StatusBadge status={item.status} />
        <Code code={item.diagnosis} />
        {item.claimedBy && (
          <span class="claimed">
            {t.claimedBy}: {item.claimedBy}
          </span>
        )}
        {item.overdueSince && item.status === 'OPEN' && (
          <span class="badge overdue">
            {t.overdue} · {cst(item.overdueSince, lang)}
          </span>
        )}
        {item.status === 'RESOLVED' && item.resolution && <span class="badge">{meaning(item.resolution, lang)}</span>}
      </header>

      <div class="actions">
        {item.status === 'OPEN' && (
          <button
            type="button"
            class="primary"
            disabled={busy}
            onClick={() => void act(() => api.post(path('claim')), changed)}
          >
            {t.claim}
          </button>
        )}
        {mine && (
          <>
            <button type="button" disabled={busy} onClick={() => void act(() => api.post(path('release')), changed)}>
              {t.release}
            </button>
            <button
              type="button"
              disabled={busy}
              title={t.rerunHint}
              onClick={() =>
                void act(
                  () => api.post<{ ticketId: string; outcome: string }>(path('rerun')),
                  (value) => {
                    const { ticketId: rerun, outcome } = value as { ticketId: string; outcome: string };
                    setNotice(t.rerunDone(rerun, meaning(outcome, lang)));
                    refreshShowingErrors();
                  },
                )
              }
            >
              {t.rerun}
            </button>
          </>
        )}
      </div>
      {item.status === 'RESOLVED' && <NextItem api={api} current={item.escalationId} />}
      {assignable && (
        <AssignForm
          api={api}
          holder={item.status === 'CLAIMED' ? (item.claimedBy ?? null) : null}
          busy={busy}
          onAssign={(to) =>
            void act(
              () => api.post(path('assign'), { to }),
              (value) => (changed(value), setNotice(t.assigned(to))),
            )
          }
        />
      )}
      {item.status !== 'CLAIMED' || mine ? null : <Notice>{t.claimedByOther(item.claimedBy ?? '?')}</Notice>}
      {item.status === 'OPEN' && <p class="hint">{t.claimToReply}</p>}
      <ErrorNote error={error} />
      {notice && <Notice>{notice}</Notice>}

      {item.ticket && (
        <section>
          <h2>
            {t.ticket} {item.ticket.ticketId}
          </h2>
          <dl class="meta">
            <dt>{t.from}</dt>
            <dd>{item.ticket.from}</dd>
            <dt>{t.received}</dt>
            <dd>{cst(item.ticket.receivedAt, lang)}</dd>
            <dt>{t.subject}</dt>
            <dd class="subject">{item.ticket.subject}</dd>
            {item.ticket.channel && (
              <>
                <dt>{t.channel}</dt>
                <dd>{item.ticket.channel}</dd>
              </>
            )}
            <dt>{t.merchant}</dt>
            <dd>
              {merchantName && <strong>{merchantName}</strong>} {item.merchantId ?? '—'}
            </dd>
            <dt>{t.terminal}</dt>
            <dd>{item.terminalId ?? '—'}</dd>
          </dl>
          <Folded text={item.ticket.body} label={t.body} />
        </section>
      )}

      {item.ticket && <Thread api={api} ticketId={item.ticket.ticketId} version={item.audit?.length ?? 0} />}

      <section>
        <h2>{t.findings}</h2>
        <Findings item={item} />
        {item.processingError && (
          <div class="warning">
            <strong>{t.processingError}</strong>
            <Folded text={`${item.processingError.Error}: ${item.processingError.Cause}`} limit={500} />
          </div>
        )}
        {item.undeliveredReply && (
          <div class="warning">
            <strong>{t.undelivered}</strong> ({item.undeliveredReply.reason}){' '}
            <Folded text={item.undeliveredReply.detail} limit={500} />
          </div>
        )}
      </section>

      {item.recordsChanged && item.recordsChanged.length > 0 && (
        <RecordsChanged marks={item.recordsChanged} recordsRead={item.recordsRead} />
      )}

      {mine && (
        <ReplyForm
          api={api}
          item={item}
          busy={busy}
          act={act}
          sent={(to) => {
            setNotice(t.sent(to));
            refreshShowingErrors();
          }}
        />
      )}
      {mine && (
        <ResolveForm
          busy={busy}
          item={item}
          reviewer={me}
          onResolve={(body) =>
            void act(
              () => api.post(path('resolve'), body),
              (value) => (changed(value), setNotice(t.resolvedDone)),
            )
          }
        />
      )}

      <RecordsPanel recordsRead={item.recordsRead} receivedAt={item.ticket?.receivedAt ?? item.createdAt} />

      {record.data && (
        <section>
          <h2>{t.emails}</h2>
          <p class="hint">
            {t.rulesVersion}: {record.data.rulesVersion ?? '—'} · {t.decided}: {cst(record.data.decidedAt, lang)}
            {record.data.confirmedFixed ? ` · ${t.confirmedFixed}` : ''}
          </p>
          <Emails emails={record.data.emails} />
        </section>
      )}

      <section>
        <h2>{t.audit}</h2>
        <table class="audit stack">
          <thead>
            <tr>
              <th>{t.at}</th>
              <th>{t.by}</th>
              <th>{t.action}</th>
              <th>{t.detail}</th>
            </tr>
          </thead>
          <tbody>
            {(item.audit ?? []).map((a, i) => (
              <tr key={i}>
                <td data-label={t.at} class="nowrap">
                  {cst(a.at, lang)}
                </td>
                <td data-label={t.by}>{a.by}</td>
                <td data-label={t.action}>{meaning(a.action, lang)}</td>
                <td data-label={t.detail}>{a.detail ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {(item.audit ?? []).length === 0 && <p>{t.nothing}</p>}
        <NoteForm
          busy={busy}
          onNote={(text, added) =>
            void act(
              () => api.post(path('note'), { text }),
              (value) => (changed(value), added()),
            )
          }
        />
      </section>
    </main>
  );
}

/** Each finding with what it means and the workflow's reason for it, in the reviewer's language. */
function Findings({ item }: { item: Escalation }) {
  const { lang } = useI18n();
  const findings = item.findings ?? [item.diagnosis];
  const stored = item.reasons ?? [];
  const context = {
    records: readRecords(item.recordsRead),
    ticketId: item.ticket?.ticketId ?? item.ticketId ?? '',
    receivedAt: item.ticket?.receivedAt ?? item.createdAt,
  };
  const shown = (reasons: ShownReason[]) =>
    reasons.map((r, i) => (
      <div class="reason" key={i} lang={r.lang === 'zh' ? 'zh-CN' : 'en'}>
        {r.text}
      </div>
    ));
  return (
    <>
      <ol class="findings">
        {findings.map((code) => (
          <li key={code}>
            <code>{code}</code> {meaning(code, lang)}
            {shown(reasonsOf(code, stored, context, lang))}
          </li>
        ))}
      </ol>
      {shown(otherReasons(stored, findings, context.records, lang))}
    </>
  );
}

type Act = (run: () => Promise<unknown>, after: (value: unknown) => void) => Promise<void>;

function ReplyForm({
  api,
  item,
  busy,
  act,
  sent,
}: {
  api: Api;
  item: Escalation;
  busy: boolean;
  act: Act;
  sent: (to: string) => void;
}) {
  const { t } = useI18n();
  // The address the API sends to, in its order; with no draft (a failure before the decision), a blank reply.
  const draft = item.undeliveredReply?.email ?? item.suggestedReply;
  const to = draft?.to ?? item.acknowledgement?.to ?? item.ticket?.from;
  // The reviewer's draft is kept for this tab: a reload, a sign-in again or a redirect to the
  // managed login finds it, with its key, so it is still the one reply it was.
  const kept = useMemo(() => keptDraft(item.escalationId), [item.escalationId]);
  const [subject, setSubject] = useState(
    kept?.subject ?? draft?.subject ?? (item.ticket ? `[${item.ticket.ticketId}] ` : ''),
  );
  const [text, setText] = useState(kept?.text ?? draft?.text ?? '');
  // One key per draft: a second click, or sending again after an answer was lost, sends nothing
  // more; an edit makes it another reply, with a key of its own.
  const [replyKey, setReplyKey] = useState(() => kept?.replyKey ?? crypto.randomUUID());
  // Counted as each request goes, not as the page renders: a double click's second sees the first.
  const inFlight = useRef(0);
  const [sending, setSending] = useState(0);
  const edited = (field: 'subject' | 'text') => (value: string) => {
    const key = crypto.randomUUID();
    (field === 'subject' ? setSubject : setText)(value);
    setReplyKey(key);
    keepDraft(item.escalationId, { subject, text, [field]: value, replyKey: key });
  };
  if (!to)
    return (
      <section>
        <h2>{t.reply}</h2>
        <p>{t.noReply}</p>
      </section>
    );
  return (
    <section>
      <h2>{t.reply}</h2>
      <form
        class="reply"
        onSubmit={(event) => {
          event.preventDefault();
          if ((item.audit ?? []).some((a) => a.action === 'REPLIED') && !window.confirm(t.sendAgain)) return;
          const key = replyKey;
          const others = inFlight.current;
          inFlight.current += 1;
          setSending(inFlight.current);
          void act(
            async () => {
              try {
                return await api.post(
                  `/escalations/${encodeURIComponent(item.escalationId)}/reply`,
                  { subject, text },
                  { 'idempotency-key': key },
                );
              } catch (error) {
                // This page's own earlier request with the key is still sending (a double click): its answer tells.
                if (
                  others > 0 &&
                  error instanceof ApiError &&
                  error.status === 409 &&
                  /Idempotency-Key/.test(error.message)
                )
                  return { inFlight: true };
                throw error;
              } finally {
                inFlight.current -= 1;
                setSending(inFlight.current);
              }
            },
            (value) => {
              if ((value as { inFlight?: boolean }).inFlight) return;
              setText('');
              setReplyKey(crypto.randomUUID());
              forgetDraft(item.escalationId);
              sent((value as { to: string }).to);
            },
          );
        }}
      >
        <p>
          {t.to}: {to}
        </p>
        {!draft && <p class="hint">{t.noReply}</p>}
        <label>
          {t.subject}
          <input
            name="subject"
            value={subject}
            maxLength={200}
            onInput={(e) => edited('subject')(e.currentTarget.value)}
          />
        </label>
        <label>
          {t.replyText}
          <textarea
            name="text"
            rows={14}
            maxLength={MAX_REPLY_TEXT}
            value={text}
            onInput={(e) => edited('text')(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="primary" disabled={busy || sending > 0 || !text.trim()}>
          {t.send}
        </button>
      </form>
    </section>
  );
}

function ResolveForm({
  busy,
  item,
  reviewer,
  onResolve,
}: {
  busy: boolean;
  item: Escalation;
  reviewer: string;
  onResolve: (body: { resolution: string; note: string }) => void;
}) {
  const { t } = useI18n();
  // No default: the reviewer says what happened, and the form asks what the API will.
  const [resolution, setResolution] = useState<Resolution | ''>('');
  const [note, setNote] = useState('');
  const refused = resolution === '' ? null : resolutionRefusal(item, reviewer, resolution, note);
  return (
    <section>
      <h2>{t.resolve}</h2>
      <form
        class="resolve"
        onSubmit={(event) => {
          event.preventDefault();
          onResolve({ resolution, note });
        }}
      >
        <ResolutionSelect name="resolution" value={resolution} onChange={setResolution} />
        <label>
          {t.note}
          <textarea
            name="note"
            rows={3}
            maxLength={MAX_NOTE}
            value={note}
            onInput={(e) => setNote(e.currentTarget.value)}
          />
        </label>
        {refused && <p class="hint">{refused.field === 'note' ? t.noteNeeded : t.replyFirst}</p>}
        <button type="submit" class="primary" disabled={busy || resolution === '' || refused !== null}>
          {t.resolve}
        </button>
      </form>
    </section>
  );
}

interface ReviewerAccount {
  name: string;
  enabled: boolean;
}

/** Hands the item to a colleague with an enabled account, who then holds it. */
function AssignForm({
  api,
  holder,
  busy,
  onAssign,
}: {
  api: Api;
  holder: string | null;
  busy: boolean;
  onAssign: (to: string) => void;
}) {
  const { t } = useI18n();
  const reviewers = useLoad(() => api.get<{ reviewers: ReviewerAccount[] }>('/reviewers'), []);
  const [to, setTo] = useState('');
  const choices = (reviewers.data?.reviewers ?? []).filter((r) => r.enabled && r.name !== holder);
  return (
    <form
      class="assign filters"
      onSubmit={(event) => {
        event.preventDefault();
        if (to) onAssign(to);
      }}
    >
      <label>
        {t.assignTo}
        <select name="assign-to" value={to} onChange={(e) => setTo(e.currentTarget.value)}>
          <option value="" disabled>
            {t.chooseReviewer}
          </option>
          {choices.map((r) => (
            <option key={r.name} value={r.name}>
              {r.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={busy || !to}>
        {t.assign}
      </button>
      <ErrorNote error={reviewers.error} />
    </form>
  );
}

/** The oldest item still waiting for someone, other than this one: where a reviewer goes on to. */
function NextItem({ api, current }: { api: Api; current: string }) {
  const { t } = useI18n();
  const [none, setNone] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <div class="actions">
      <button
        type="button"
        class="primary"
        onClick={() =>
          void api
            .get<{ escalations: Array<{ escalationId: string }> }>('/escalations', {
              status: 'OPEN',
              order: 'oldest',
              limit: '2',
            })
            .then(
              ({ escalations }) => {
                const next = escalations.find((e) => e.escalationId !== current);
                if (next) go('item', {}, next.escalationId);
                else setNone(true);
              },
              (e: unknown) => setError(asApiError(e)),
            )
        }
      >
        {t.nextItem}
      </button>
      {none && <span class="hint">{t.noNextItem}</span>}
      <ErrorNote error={error} />
    </div>
  );
}

/** An internal note: any reviewer, any item, kept in the audit trail and never sent. */
function NoteForm({ busy, onNote }: { busy: boolean; onNote: (text: string, added: () => void) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  return (
    <form
      class="note"
      onSubmit={(event) => {
        event.preventDefault();
        onNote(text, () => setText(''));
      }}
    >
      <label>
        {t.internalNote}
        <textarea
          name="internal-note"
          rows={2}
          maxLength={MAX_NOTE}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </label>
      <span class="hint">{t.internalNoteHint}</span>
      <button type="submit" disabled={busy || !text.trim()}>
        {t.addNote}
      </button>
    </form>
  );
}

interface Draft {
  subject: string;
  text: string;
  replyKey: string;
}

const draftKey = (escalationId: string) => `code97.draft.${escalationId}`;

function keptDraft(escalationId: string): Draft | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(draftKey(escalationId)) ?? 'null') as Partial<Draft> | null;
    return value && typeof value.text === 'string' && typeof value.subject === 'string' && value.replyKey
      ? (value as Draft)
      : null;
  } catch {
    return null;
  }
}

const keepDraft = (escalationId: string, draft: Draft) =>
  sessionStorage.setItem(draftKey(escalationId), JSON.stringify(draft));
const forgetDraft = (escalationId: string) => sessionStorage.removeItem(draftKey(escalationId));
