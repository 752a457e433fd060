import { render } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, createApi } from './api.ts';
import { completeCognitoSignIn, endCognitoSession, refreshCognitoSession, reviewerOfToken, session } from './auth.ts';
import { asApiError, ErrorNote, SAID } from './components.tsx';
import { loadConfig, refreshMs, type ConsoleConfig } from './config.ts';
import { I18nContext, initialLang, keepLang, MESSAGES, type Lang } from './i18n.ts';
import { useRoute, type Query } from './router.ts';
import { ItemView } from './views/item.tsx';
import { Login } from './views/login.tsx';
import { OverviewView } from './views/overview.tsx';
import { QueueView } from './views/queue.tsx';
import { SettingsView } from './views/settings.tsx';
import { TicketsView } from './views/tickets.tsx';

/** One queue view per status and filters: a change of filter starts from its first page and its own draft. */
const queueKey = (query: Query) =>
  ['status', 'q', 'diagnosis', 'merchantId', 'terminalId', 'order'].map((k) => query[k] ?? '').join('|');

function Console({ config }: { config: ConsoleConfig }) {
  const [lang, setLang] = useState<Lang>(initialLang);
  const [token, setToken] = useState<string | null>(session.token);
  const [authError, setAuthError] = useState<ApiError | null>(null);
  const route = useRoute();
  const i18n = useMemo(() => ({ lang, t: MESSAGES[lang], setLang: (l: Lang) => (keepLang(l), setLang(l)) }), [lang]);
  const { t } = i18n;

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t.title;
  }, [lang, t]);
  useEffect(() => {
    if (config.auth.kind !== 'cognito') return;
    completeCognitoSignIn(config.auth).then(
      (signedIn) => signedIn && (session.keep(signedIn), setToken(signedIn)),
      (error: unknown) => setAuthError(asApiError(error)),
    );
  }, [config]);

  // Requests waiting on a sign-in again: each is answered when the reviewer signs in or out.
  const waiting = useRef<Array<(signedIn: boolean) => void>>([]);
  const [again, setAgain] = useState(false);
  const [againError, setAgainError] = useState<ApiError | null>(null);
  const answerWaiting = (signedIn: boolean) => {
    for (const answer of waiting.current.splice(0)) answer(signedIn);
    setAgain(false);
    setAgainError(null);
  };

  const signOut = (error: ApiError | null = null) => {
    answerWaiting(false);
    session.forget();
    setToken(null);
    setAuthError(error);
  };
  const api = useMemo(
    () =>
      createApi(config.apiUrl, session.token, async () => {
        if (config.auth.kind === 'cognito') {
          const renewed = await refreshCognitoSession(config.auth);
          if (renewed) {
            session.keep(renewed);
            setToken(renewed);
            return true;
          }
        }
        // The page stays as it is, drafts and all, under the sign-in; the request waits for it.
        setAgain(true);
        return new Promise<boolean>((answer) => waiting.current.push(answer));
      }),
    [config],
  );

  /** Whether a token is one the API takes: asked with that token alone, never waiting on a sign-in. */
  const accepted = (candidate: string) =>
    createApi(
      config.apiUrl,
      () => candidate,
      async () => false,
    ).get('/escalations', { limit: '1' });

  const signIn = async (candidate: string) => {
    try {
      await accepted(candidate);
      session.keep(candidate);
      setAuthError(null);
      setToken(candidate);
    } catch (error) {
      setAuthError(asApiError(error));
    }
  };

  const me = token ? reviewerOfToken(token).name : '';
  const admin = token ? reviewerOfToken(token).admin : false;
  const signInAgain = async (candidate: string) => {
    if (reviewerOfToken(candidate).name !== me) {
      setAgainError(new ApiError(0, MESSAGES[lang].sameReviewer(me), null, SAID));
      return;
    }
    try {
      await accepted(candidate);
      session.keep(candidate);
      setToken(candidate);
      answerWaiting(true);
    } catch (error) {
      setAgainError(asApiError(error));
    }
  };
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  return (
    <I18nContext.Provider value={i18n}>
      <header class="top">
        <strong class="brand">{t.title}</strong>
        {token && (
          <nav aria-label="views">
            <a href="#/queue" class={route.view === 'queue' || route.view === 'item' ? 'active' : ''}>
              {t.queue}
            </a>
            <a href="#/overview" class={route.view === 'overview' ? 'active' : ''}>
              {t.overview}
            </a>
            <a href="#/tickets" class={route.view === 'tickets' ? 'active' : ''}>
              {t.tickets}
            </a>
            {admin && (
              <a href="#/settings" class={route.view === 'settings' ? 'active' : ''}>
                {t.settings}
              </a>
            )}
          </nav>
        )}
        <span class="spacer" />
        <button type="button" class="link" lang={other === 'zh' ? 'zh-CN' : 'en'} onClick={() => i18n.setLang(other)}>
          {t.language}
        </button>
        {token && (
          <>
            <span class="me">
              {t.signedInAs} <strong>{me}</strong>
            </span>
            <button
              type="button"
              class="link"
              onClick={() => {
                signOut();
                if (config.auth.kind === 'cognito') endCognitoSession(config.auth);
              }}
            >
              {t.signOut}
            </button>
          </>
        )}
      </header>
      {!token ? (
        <main>
          <Login auth={config.auth} onToken={(candidate) => void signIn(candidate)} error={authError} />
        </main>
      ) : route.view === 'item' && route.id ? (
        <ItemView key={route.id} api={api} id={route.id} me={me} admin={admin} refreshMs={refreshMs(config)} />
      ) : route.view === 'overview' ? (
        <OverviewView api={api} query={route.query} />
      ) : route.view === 'tickets' ? (
        <TicketsView api={api} query={route.query} />
      ) : route.view === 'settings' && admin ? (
        <SettingsView api={api} me={me} refreshMs={refreshMs(config)} />
      ) : (
        <QueueView key={queueKey(route.query)} api={api} query={route.query} refreshMs={refreshMs(config)} />
      )}
      {token && again && (
        <div class="reauth" role="dialog" aria-modal="true" aria-labelledby="sign-in-again">
          <Login
            auth={config.auth}
            onToken={(candidate) => void signInAgain(candidate)}
            error={againError}
            again={{ reviewer: me, onSignOut: () => signOut() }}
          />
        </div>
      )}
    </I18nContext.Provider>
  );
}

const root = document.getElementById('app');
if (root) {
  loadConfig().then(
    (config) => render(<Console config={config} />, root),
    (error: unknown) => render(<ErrorNote error={asApiError(error)} />, root),
  );
}
