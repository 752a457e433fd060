import { Folded } from '../components.tsx';
import { meaning, useI18n } from '../i18n.ts';
import { cst } from '../time.ts';
import type { EmailSent } from '../types.ts';

const SENDER: Record<EmailSent['from'], 'byWorkflow' | 'forwarded'> = {
  workflow: 'byWorkflow',
  ops: 'byWorkflow',
  forward: 'forwarded',
};

/** Every email a ticket got, each opening to its body as it was sent. */
export function Emails({ emails }: { emails: EmailSent[] }) {
  const { t, lang } = useI18n();
  if (emails.length === 0) return <p class="hint">{t.nothing}</p>;
  return (
    <ul class="emails">
      {emails.map((e, i) => (
        <li key={i}>
          <details>
            <summary>
              <span class="when">{cst(e.at, lang)}</span> · {e.by ?? t[SENDER[e.from]]} → {e.to} ·{' '}
              <span class="subject">{e.subject}</span> · {meaning(e.status, lang)}
            </summary>
            {e.text === null ? <p class="hint">{t.noBodyKept}</p> : <Folded text={e.text} limit={4_000} />}
          </details>
        </li>
      ))}
    </ul>
  );
}
