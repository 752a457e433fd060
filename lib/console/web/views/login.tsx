import { useState } from 'preact/hooks';
import type { ConsoleConfig } from '../config.ts';
import { beginCognitoSignIn } from '../auth.ts';
import { ErrorNote } from '../components.tsx';
import type { ApiError } from '../api.ts';
import { useI18n } from '../i18n.ts';

/** Locally a reviewer pastes the token `npm start` printed; on AWS Cognito's managed login signs them in. */
export function Login({
  auth,
  onToken,
  error,
}: {
  auth: ConsoleConfig['auth'];
  onToken: (token: string) => void;
  error: ApiError | null;
}) {
  const { t } = useI18n();
  const [token, setToken] = useState('');
  return (
    <main class="login">
      <h1>{t.signInTitle}</h1>
      {auth.kind === 'cognito' ? (
        <>
          <p>{t.cognitoHint}</p>
          <button type="button" class="primary" onClick={() => void beginCognitoSignIn(auth)}>
            {t.signIn}
          </button>
        </>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (token.trim()) onToken(token.trim());
          }}
        >
          <label>
            {t.tokenLabel}
            <input
              name="token"
              type="password"
              autocomplete="off"
              value={token}
              onInput={(e) => setToken(e.currentTarget.value)}
            />
          </label>
          <p class="hint">{t.tokenHint}</p>
          <button type="submit" class="primary">
            {t.signIn}
          </button>
        </form>
      )}
      <ErrorNote error={error} />
    </main>
  );
}
