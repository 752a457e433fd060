import type { Api } from '../api.ts';
import { ErrorNote, useLoad } from '../components.tsx';
import { useI18n } from '../i18n.ts';

interface Settings {
  slaHours: number;
  adminGroup: string;
  rulesVersion: string;
}

/** How the queue is set up, for admins (`GET /settings` answers 403 to everyone else). */
export function SettingsView({ api, refreshMs }: { api: Api; refreshMs: number }) {
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
    </main>
  );
}
