import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { RESOLUTIONS, type Resolution } from '#domain/queue';
import { ApiError } from './api.ts';
import { meaning, type Messages, useI18n } from './i18n.ts';

/**
 * Loads something for a view; `reload` fetches it again (after an action changed it). It is
 * `loading` from the first render after its inputs change, so a view never shows the data of
 * the inputs before as if it were the answer to the new ones.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const key = JSON.stringify(deps);
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean; key: string | null }>({
    data: null,
    error: null,
    loading: true,
    key: null,
  });
  // Quiet (a poll): the data shown stays until the answer comes, and stays beside an error.
  const run = useCallback((quiet = false) => {
    let live = true;
    if (!quiet) setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false, key }),
      (error: unknown) =>
        live && setState((s) => ({ data: quiet ? s.data : null, error: asApiError(error), loading: false, key })),
    );
    return () => {
      live = false;
    };
  }, deps);
  useEffect(() => run(), [run]);
  return {
    data: state.data,
    error: state.error,
    loading: state.loading || state.key !== key,
    reload: () => void run(),
    poll: () => void run(true),
  };
}

export const asApiError = (error: unknown) =>
  error instanceof ApiError ? error : new ApiError(0, (error as Error).message);

/** What the API said, in the reviewer's language where the console knows the refusal; else its own English words. */
export function ErrorNote({ error }: { error: ApiError | null }) {
  const { t } = useI18n();
  if (!error) return null;
  const said = saidIn(t, error);
  return (
    <p class="error" role="alert">
      {error.status ? `${error.status}: ` : ''}
      {said ?? <span lang="en">{error.message}</span>}
    </p>
  );
}

/** The code of an error the console made itself, already in the reviewer's language. */
export const SAID = 'SAID';

function saidIn(t: Messages, error: ApiError): string | null {
  if (error.code === 'CLAIMED_BY_OTHER') return t.claimedByOther(error.claimedBy ?? '?');
  if (error.code === 'ALREADY_RESOLVED') return t.alreadyResolved;
  if (error.code === 'NOT_CLAIMED') return t.notClaimed;
  if (error.status === 404 && error.message.startsWith('no escalation')) return t.notFound;
  if (error.status === 400 && error.field === 'note') return t.noteNeeded;
  if (error.status === 400 && error.field === 'resolution' && error.message.startsWith('REPLIED')) return t.replyFirst;
  if (error.status === 400 && error.field === 'to') return t.notAReviewer;
  if (error.code === SAID) return error.message;
  if (error.status === 0) return t.unreachable;
  if (error.status === 401) return t.tokenRefused;
  if (error.status === 403) return t.adminOnly;
  return null;
}

export function Notice({ children }: { children: ComponentChildren }) {
  return (
    <p class="notice" role="status">
      {children}
    </p>
  );
}

/** A code with its meaning on hover, e.g. a diagnosis in the queue. */
export function Code({ code }: { code: string }) {
  const { lang } = useI18n();
  return (
    <span class={`code code-${code}`} title={meaning(code, lang)}>
      {code}
    </span>
  );
}

/** The resolutions to choose from, with none chosen at first: the reviewer says what happened. */
export function ResolutionSelect({
  name,
  value,
  onChange,
}: {
  name: string;
  value: Resolution | '';
  onChange: (resolution: Resolution | '') => void;
}) {
  const { t, lang } = useI18n();
  return (
    <label>
      {t.resolution}
      <select name={name} value={value} onChange={(e) => onChange(e.currentTarget.value as Resolution | '')}>
        <option value="" disabled>
          {t.chooseResolution}
        </option>
        {RESOLUTIONS.map((r) => (
          <option key={r} value={r}>
            {meaning(r, lang)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const { lang } = useI18n();
  return <span class={`badge status-${status}`}>{meaning(status, lang)}</span>;
}

/** A line of hostile text cut to `max` characters, for lists. */
export const clip = (text: string | undefined, max = 80) => {
  const value = text ?? '';
  return value.length > max ? `${value.slice(0, max)}…` : value;
};

/**
 * Ticket text is hostile input of up to 100,000 characters: always a text node (never HTML),
 * and past `limit` characters folded until the reviewer asks for the rest.
 */
export function Folded({ text, limit = 2_000, label }: { text: string; limit?: number; label?: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const long = text.length > limit;
  return (
    <div class="folded">
      <pre class={open ? 'text open' : 'text'} aria-label={label}>
        {long && !open ? `${text.slice(0, limit)}…` : text}
      </pre>
      {long && (
        <button type="button" class="link" onClick={() => setOpen(!open)}>
          {open ? t.showLess : t.showAll(text.length)}
        </button>
      )}
    </div>
  );
}

/** The time now, again every `everyMs`: what an age or a countdown is drawn against. */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/**
 * Calls `refresh` every `everyMs` while the tab is visible, and at once when it becomes visible
 * again: a queue or an item left open follows what other reviewers do.
 */
export function usePolling(refresh: () => void, everyMs: number): void {
  const latest = useRef(refresh);
  latest.current = refresh;
  useEffect(() => {
    const tick = () => {
      if (document.visibilityState === 'visible') latest.current();
    };
    const timer = setInterval(tick, everyMs);
    document.addEventListener('visibilitychange', tick);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', tick);
    };
  }, [everyMs]);
}
