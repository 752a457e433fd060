import { Folded } from '../components.tsx';
import { useI18n } from '../i18n.ts';
import {
  changeAgainstDecision,
  firmwareBelowMinimum,
  invoiceWord,
  overdueOn,
  readRecords,
  registrationWord,
  statusWord,
  yuan,
} from '../records.ts';
import { cst, span } from '../time.ts';
import type { RecordChangeMark } from '#domain/records/watch';
import type { AsOf } from '#domain/triage/types';

/** A record's version and when it was received, with its age now. */
function AsOfFact({ asOf }: { asOf: AsOf | undefined }) {
  const { t, lang } = useI18n();
  return (
    <>
      <dt>{t.asOf}</dt>
      <dd class="as-of">
        {asOf
          ? t.versionAt(asOf.version, cst(asOf.receivedAt, lang), span(Date.now() - Date.parse(asOf.receivedAt), lang))
          : t.unstamped}
      </dd>
    </>
  );
}

const shown = (value: unknown) =>
  value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);

/**
 * The records changes applied since the item was decided, each against what the decision read:
 * the fields it changed, a delete, or a record the decision did not read.
 */
export function RecordsChanged({ marks, recordsRead }: { marks: RecordChangeMark[]; recordsRead: unknown }) {
  const { t, lang } = useI18n();
  const records = readRecords(recordsRead);
  return (
    <section class="records-changed warning" aria-label={t.recordsChanged}>
      <h2>{t.recordsChanged}</h2>
      <p class="hint">{t.recordsChangedHint}</p>
      <ul class="plain">
        {marks.map((mark) => {
          const change = changeAgainstDecision(mark, records);
          return (
            <li key={mark.changeId}>
              <strong>
                {mark.entity} {Object.values(mark.key).join(' ')}
              </strong>{' '}
              ·{' '}
              {t.versionAt(
                mark.version,
                cst(mark.receivedAt, lang),
                span(Date.now() - Date.parse(mark.receivedAt), lang),
              )}{' '}
              · {mark.changeId}
              {change.kind === 'DELETED' && <span class="badge warn">{t.recordDeleted}</span>}
              {change.kind === 'NEW' && <span class="badge">{t.recordNew}</span>}
              {change.kind === 'CHANGED' && (
                <ul class="plain">
                  {change.fields.map((f) => (
                    <li key={f.field}>
                      {f.field}: {shown(f.was)} → <strong>{shown(f.now)}</strong>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/**
 * The records a decision read, as a reviewer reads them: the merchant by name, the terminal and
 * its firmware against the model's minimum, the invoices in yuan, and the JSON behind a toggle.
 */
export function RecordsPanel({ recordsRead, receivedAt }: { recordsRead: unknown; receivedAt: string }) {
  const { t, lang } = useI18n();
  const records = readRecords(recordsRead);
  const below = records ? firmwareBelowMinimum(records) : null;
  const overdue = records ? overdueOn(records, receivedAt) : new Set<string>();
  return (
    <section class="records">
      <h2>{t.recordsRead}</h2>
      {!records && <p class="hint">{t.noRecords}</p>}
      {records && (
        <div class="record-cards">
          <dl class="facts" aria-label={t.merchant}>
            <dt>{t.merchant}</dt>
            <dd>
              {records.merchant ? (
                <>
                  <strong>{records.merchant.name}</strong> · {records.merchant.merchantId}
                </>
              ) : (
                (records.terminal?.merchantId ?? '—')
              )}
            </dd>
            {records.merchant && (
              <>
                <dt>{t.merchantStatus}</dt>
                <dd class={records.merchant.status === 'ACTIVE' ? '' : 'bad'}>
                  {statusWord(records.merchant.status, lang)}
                </dd>
                <dt>{t.contact}</dt>
                <dd>{records.merchant.contactEmail}</dd>
                <AsOfFact asOf={records.merchant.asOf} />
              </>
            )}
          </dl>
          {records.terminal && (
            <dl class="facts" aria-label={t.terminal}>
              <dt>{t.terminal}</dt>
              <dd>
                <strong>{records.terminal.terminalId}</strong> · SN {records.terminal.serialNumber}
              </dd>
              <dt>{t.brandModel}</dt>
              <dd>
                {records.terminal.brand} {records.terminal.model}
              </dd>
              <dt>{t.registration}</dt>
              <dd class={records.terminal.registration === 'REGISTERED' ? '' : 'bad'}>
                {registrationWord(records.terminal.registration, lang)}
              </dd>
              <dt>{t.firmware}</dt>
              <dd class={below ? 'bad' : ''}>
                {records.terminal.firmwareVersion}
                {' · '}
                {records.model ? t.minimum(records.model.minFirmwareVersion) : t.noMinimum}
                {below === true && <span class="badge warn">{t.belowMinimum}</span>}
              </dd>
              <AsOfFact asOf={records.terminal.asOf} />
            </dl>
          )}
        </div>
      )}
      {records && (
        <>
          <h3>{t.invoices}</h3>
          {records.invoices.length === 0 ? (
            <p class="hint">{t.noInvoices}</p>
          ) : (
            <table class="invoices stack">
              <thead>
                <tr>
                  <th>{t.invoice}</th>
                  <th>{t.period}</th>
                  <th class="num">{t.amountDue}</th>
                  <th class="num">{t.amountPaid}</th>
                  <th>{t.dueDate}</th>
                  <th>{t.status}</th>
                  <th>{t.asOf}</th>
                </tr>
              </thead>
              <tbody>
                {records.invoices.map((i) => (
                  <tr key={i.invoiceId} class={overdue.has(i.invoiceId) || i.status === 'DISPUTED' ? 'bad' : ''}>
                    <td data-label={t.invoice}>{i.invoiceId}</td>
                    <td data-label={t.period}>{i.period}</td>
                    <td data-label={t.amountDue} class="num">
                      {yuan(i.amountDueFen)}
                    </td>
                    <td data-label={t.amountPaid} class="num">
                      {yuan(i.amountPaidFen)}
                    </td>
                    <td data-label={t.dueDate}>{i.dueDate}</td>
                    <td data-label={t.status}>
                      {invoiceWord(i.status, lang)}
                      {overdue.has(i.invoiceId) && <span class="badge warn">{t.overdue}</span>}
                    </td>
                    <td data-label={t.asOf} class="as-of">
                      {i.asOf ? `v${i.asOf.version} · ${cst(i.asOf.receivedAt, lang)}` : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {records.priorAutoResolved.length > 0 && (
            <>
              <h3>{t.earlierFixes}</h3>
              <ul class="plain">
                {records.priorAutoResolved.map((p) => (
                  <li key={p.ticketId}>
                    <a href={`#/tickets?by=ticketId&q=${encodeURIComponent(p.ticketId)}`}>{p.ticketId}</a> ·{' '}
                    {cst(p.receivedAt, lang)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      <details class="raw">
        <summary>{t.rawJson}</summary>
        <Folded text={JSON.stringify(recordsRead ?? null, null, 2)} limit={3_000} />
      </details>
    </section>
  );
}
