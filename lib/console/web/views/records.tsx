import { Folded } from '../components.tsx';
import { useI18n } from '../i18n.ts';
import {
  firmwareBelowMinimum,
  invoiceWord,
  overdueOn,
  readRecords,
  registrationWord,
  statusWord,
  yuan,
} from '../records.ts';
import { cst } from '../time.ts';

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
