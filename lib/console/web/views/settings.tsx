import { useState } from 'preact/hooks';
import type { Api, ApiError } from '../api.ts';
import { asApiError, ErrorNote, Notice, useLoad } from '../components.tsx';
import { useI18n } from '../i18n.ts';
import { cst } from '../time.ts';

interface Settings {
  slaHours: number;
  adminGroup: string;
  rulesVersion: string;
}

interface ReviewerAccount {
  name: string;
  email: string | null;
  admin: boolean;
  enabled: boolean;
  createdAt: string | null;
}

/** How the queue is set up, and the reviewers' accounts, for admins (the API answers 403 to everyone else). */
export function SettingsView({ api, me, refreshMs }: { api: Api; me: string; refreshMs: number }) {
  const { t } = useI18n();
  const settings = useLoad(() => api.get<Settings>('/settings'), []);
  return (
    <main>
      <h1>{t.settings}</h1>
      <ErrorNote error={settings.error} />
      {settings.loading && !settings.data && <p>{t.loading}</p>}
      {settings.data && (
        <section>
          <dl class="facts">
            <dt>{t.slaHours}</dt>
            <dd>{settings.data.slaHours}</dd>
            <dt>{t.adminGroup}</dt>
            <dd>
              <code>{settings.data.adminGroup}</code>
            </dd>
            <dt>{t.rulesVersion}</dt>
            <dd>
              <code>{settings.data.rulesVersion}</code>
            </dd>
            <dt>{t.refreshEvery}</dt>
            <dd>{t.seconds(refreshMs / 1_000)}</dd>
          </dl>
        </section>
      )}
      <Reviewers api={api} me={me} />
    </main>
  );
}

/** Every account, each with the changes an admin may make (none to their own), and a form for a new one. */
function Reviewers({ api, me }: { api: Api; me: string }) {
  const { t, lang } = useI18n();
  const listed = useLoad(() => api.get<{ reviewers: ReviewerAccount[] }>('/reviewers'), []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const act = async (run: () => Promise<unknown>, said: string | null = null) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await run();
      setNotice(said);
      listed.poll();
      return true;
    } catch (e) {
      setError(asApiError(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const change = (name: string, body: { admin?: boolean; enabled?: boolean }) =>
    void act(() => api.post(`/reviewers/${encodeURIComponent(name)}`, body));
  return (
    <section>
      <h2>{t.reviewers}</h2>
      <ErrorNote error={listed.error ?? error} />
      {notice && <Notice>{notice}</Notice>}
      {listed.data && (
        <table class="reviewers stack">
          <thead>
            <tr>
              <th>{t.reviewerName}</th>
              <th>{t.email}</th>
              <th>{t.role}</th>
              <th>{t.account}</th>
              <th>{t.created}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {listed.data.reviewers.map((r) => (
              <tr key={r.name} class={r.enabled ? '' : 'disabled'}>
                <td data-label={t.reviewerName}>
                  <strong>{r.name}</strong>
                  {r.name === me && ` (${t.you})`}
                </td>
                <td data-label={t.email} class="subject">
                  {r.email ?? '—'}
                </td>
                <td data-label={t.role}>{r.admin ? t.admin : t.reviewer}</td>
                <td data-label={t.account}>{r.enabled ? t.enabled : t.disabled}</td>
                <td data-label={t.created} class="nowrap">
                  {r.createdAt ? cst(r.createdAt, lang) : '—'}
                </td>
                <td class="row-actions">
                  {r.name !== me && (
                    <>
                      <button type="button" disabled={busy} onClick={() => change(r.name, { enabled: !r.enabled })}>
                        {r.enabled ? t.disable : t.enable}
                      </button>
                      <button type="button" disabled={busy} onClick={() => change(r.name, { admin: !r.admin })}>
                        {r.admin ? t.makeReviewer : t.makeAdmin}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <NewReviewer
        busy={busy}
        onAdd={(body, added) =>
          void act(() => api.post('/reviewers', body), t.reviewerAdded(body.name)).then((ok) => ok && added())
        }
      />
    </section>
  );
}

function NewReviewer({
  busy,
  onAdd,
}: {
  busy: boolean;
  onAdd: (body: { name: string; email: string; admin: boolean }, added: () => void) => void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [admin, setAdmin] = useState(false);
  return (
    <form
      class="filters new-reviewer"
      onSubmit={(event) => {
        event.preventDefault();
        onAdd({ name: name.trim(), email: email.trim(), admin }, () => (setName(''), setEmail(''), setAdmin(false)));
      }}
    >
      <label>
        {t.reviewerName}
        <input
          name="reviewer-name"
          value={name}
          maxLength={64}
          required
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </label>
      <label>
        {t.email}
        <input
          name="reviewer-email"
          type="email"
          value={email}
          maxLength={254}
          required
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
      </label>
      <label class="check">
        <input
          type="checkbox"
          name="reviewer-admin"
          checked={admin}
          onChange={(e) => setAdmin(e.currentTarget.checked)}
        />
        {t.admin}
      </label>
      <button type="submit" class="primary" disabled={busy || !name.trim() || !email.trim()}>
        {t.addReviewer}
      </button>
    </form>
  );
}
