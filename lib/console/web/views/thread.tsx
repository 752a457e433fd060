import type { Api } from '../api.ts';
import { ErrorNote, Folded, useLoad } from '../components.tsx';
import { useI18n } from '../i18n.ts';
import { cst } from '../time.ts';

interface ThreadEntry {
  at: string | null;
  from: 'merchant' | 'workflow' | 'ops' | 'forward';
  ticketId: string;
  by: string | null;
  to: string | null;
  subject: string;
  text: string | null;
}

/**
 * The ticket's conversation as one thread: the merchant's messages (this ticket, the earlier
 * ones it answers, the later ones answering it) and every email we sent, oldest first.
 */
export function Thread({ api, ticketId, version }: { api: Api; ticketId: string; version: number }) {
  const { t, lang } = useI18n();
  const thread = useLoad(
    () => api.get<{ entries: ThreadEntry[] }>(`/tickets/${encodeURIComponent(ticketId)}/thread`),
    [ticketId, version],
  );
  return (
    <section class="thread">
      <h2>{t.conversation}</h2>
      <ErrorNote error={thread.error} />
      {thread.data && (
        <ol class="messages">
          {thread.data.entries.map((e, i) => (
            <li key={i} class={e.from === 'merchant' ? 'message theirs' : 'message ours'}>
              <div class="who">
                <strong>{e.from === 'merchant' ? (e.by ?? '') : e.from === 'ops' ? (e.by ?? '') : t.byWorkflow}</strong>{' '}
                · {cst(e.at, lang)} · <span class="id">{e.ticketId}</span>
              </div>
              <div class="subject">{e.subject}</div>
              {e.text === null ? <p class="hint">{t.noBodyKept}</p> : <Folded text={e.text} limit={1_200} />}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
