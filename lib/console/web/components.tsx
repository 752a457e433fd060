import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from './api.ts';
import { meaning, useI18n } from './i18n.ts';

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
  const run = useCallback(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false, key }),
      (error: unknown) => live && setState({ data: null, error: asApiError(error), loading: false, key }),
    );
    return () => {
      live = false;
    };
  }, deps);
  useEffect(run, [run]);
  return { data: state.data, error: state.error, loading: state.loading || state.key !== key, reload: run };
}

export const asApiError = (error: unknown) =>
  error instanceof ApiError ? error : new ApiError(0, (error as Error).message);

export function ErrorNote({ error }: { error: ApiError | null }) {
  if (!error) return null;
  return (
    <p class="error" role="alert">
      {error.status ? `${error.status}: ` : ''}
      {error.message}
    </p>
  );
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
