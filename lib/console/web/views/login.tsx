import { useState } from 'preact/hooks';
import type { ConsoleConfig } from '../config.ts';
import { beginCognitoSignIn } from '../auth.ts';
import { ErrorNote } from '../components.tsx';
import type { ApiError } from '../api.ts';
import { useI18n } from '../i18n.ts';

/**
 * Locally a reviewer pastes the token `npm start` printed; on AWS Cognito's managed login signs
 * them in. The same form signs a reviewer in again when their token expires (`again`), over the
 * page they were working on.
 */
export function Login({
  auth,
  onToken,
  error,
  again,
}: {
  auth: ConsoleConfig['auth'];
  onToken: (token: string) => void;
  error: ApiError | null;
  again?: { reviewer: string; onSignOut: () => void };
}) {
  const { t } = useI18n();
  const [token, setToken] = useState('');
  return (
    <div class="login">
      <h1 id={again ? 'sign-in-again' : undefined}>{again ? t.signInAgain(again.reviewer) : t.signInTitle}</h1>
      {again && <p>{t.draftsKept}</p>}
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
      {again && (
        <button type="button" class="link" onClick={again.onSignOut}>
          {t.signOut}
        </button>
      )}
    </div>
  );
}
