import {
  ESCALATION_FINDINGS,
  MERCHANT_FIXABLE_FINDINGS,
  type Finding,
  type Identification,
  type Invoice,
  type RecordsRead,
} from '#domain/triage/types';
import { compareVersions } from '#domain/triage/version';
import { CHINA_OFFSET_MS, HOUR_MS } from '#domain/time';

const PRIORITY: readonly Finding[] = [...ESCALATION_FINDINGS, ...MERCHANT_FIXABLE_FINDINGS];
/** How far back a delivered auto-resolve makes a new ticket on the terminal a REPEAT_CONTACT. */
export const REPEAT_WINDOW_HOURS = 168;
export const REPEAT_WINDOW_MS = REPEAT_WINDOW_HOURS * HOUR_MS;

/** The calendar date (YYYY-MM-DD) of an instant in China Standard Time (UTC+8). */
export function chinaDate(iso: string): string {
  return new Date(Date.parse(iso) + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

export function overdueInvoices(invoices: Invoice[], receivedAt: string): Invoice[] {
  const today = chinaDate(receivedAt);
  return invoices
    .filter((i) => i.status === 'OPEN' && i.amountPaidFen < i.amountDueFen && i.dueDate < today)
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.invoiceId.localeCompare(b.invoiceId));
}

/** The delivered auto-resolves on the terminal within the repeat window before this ticket. */
export function repeatedContacts(
  records: Pick<RecordsRead, 'priorAutoResolved'>,
  ticketId: string | undefined,
  receivedAt: string,
) {
  const now = Date.parse(receivedAt);
  return records.priorAutoResolved.filter((p) => {
    const at = Date.parse(p.receivedAt);
    return p.ticketId !== ticketId && at < now && now - at <= REPEAT_WINDOW_MS;
  });
}

type Located = Extract<Identification, { kind: 'TERMINAL' }>;

interface Evidence {
  identification: Located;
  records: RecordsRead;
  overdue: Invoice[];
  repeated: RecordsRead['priorAutoResolved'];
  receivedAt: string;
}

function reasonFor(finding: Finding, { identification, records, overdue, repeated, receivedAt }: Evidence): string {
  const { terminal, merchant, model, invoices } = records;
  switch (finding) {
    case 'MERCHANT_MISMATCH': {
      const claimed = [...identification.namedMerchantIds, ...identification.senderMerchants.map((m) => m.merchantId)];
      return `terminal ${terminal.terminalId} is bound to merchant ${terminal.merchantId}, the ticket speaks for ${[...new Set(claimed)].join(', ')}`;
    }
    case 'MERCHANT_INACTIVE':
      return `merchant ${terminal.merchantId} is ${merchant?.status}`;
    case 'TERMINAL_DEREGISTERED':
    case 'APPLICATION_INCOMPLETE':
    case 'NOT_ACTIVATED':
      return `terminal ${terminal.terminalId} registration is ${terminal.registration}`;
    case 'FEE_DISPUTE':
      return `disputed invoice ${invoices
        .filter((i) => i.status === 'DISPUTED')
        .map((i) => i.invoiceId)
        .join(', ')}`;
    case 'REPEAT_CONTACT':
      return `auto-resolved within ${REPEAT_WINDOW_HOURS} h before this ticket: ${repeated.map((p) => p.ticketId).join(', ')}`;
    case 'FEES_OVERDUE':
      return `unpaid past due on ${chinaDate(receivedAt)} (CST): ${overdue.map((i) => `${i.invoiceId} due ${i.dueDate}`).join(', ')}`;
    case 'FIRMWARE_OUTDATED':
      return `firmware ${terminal.firmwareVersion} is below the ${terminal.brand} ${terminal.model} minimum ${model?.minFirmwareVersion}`;
    case 'SIGN_IN_REQUIRED':
      return 'registration, merchant status, invoices, firmware and history are all in order: sign-in and parameter download';
  }
}

/** Playbook section 3: every check runs and every finding is kept, highest priority first. */
export function evaluateFindings(input: {
  receivedAt: string;
  ticketId?: string;
  identification: Located;
  records: RecordsRead;
}): { findings: Finding[]; overdueInvoices: Invoice[]; reasons: string[] } {
  const { receivedAt, identification, records } = input;
  const { terminal, merchant, model, invoices } = records;
  const overdue = overdueInvoices(invoices, receivedAt);
  const repeated = repeatedContacts(records, input.ticketId, receivedAt);
  const senderIds = identification.senderMerchants.map((m) => m.merchantId);
  const mismatch =
    identification.namedMerchantIds.some((mid) => mid !== terminal.merchantId) ||
    (senderIds.length > 0 && !senderIds.includes(terminal.merchantId));

  const holds: Record<Exclude<Finding, 'SIGN_IN_REQUIRED'>, boolean> = {
    MERCHANT_MISMATCH: mismatch,
    MERCHANT_INACTIVE: merchant?.status === 'SUSPENDED' || merchant?.status === 'CLOSED',
    TERMINAL_DEREGISTERED: terminal.registration === 'DEREGISTERED',
    APPLICATION_INCOMPLETE: terminal.registration === 'PENDING_REVIEW' || terminal.registration === 'REJECTED',
    FEE_DISPUTE: invoices.some((i) => i.status === 'DISPUTED'),
    REPEAT_CONTACT: repeated.length > 0,
    NOT_ACTIVATED: terminal.registration === 'PENDING_ACTIVATION',
    FEES_OVERDUE: overdue.length > 0,
    FIRMWARE_OUTDATED: model !== null && compareVersions(terminal.firmwareVersion, model.minFirmwareVersion) < 0,
  };
  const held = PRIORITY.filter((f) => f !== 'SIGN_IN_REQUIRED' && holds[f as keyof typeof holds]);
  const findings: Finding[] = held.length ? held : ['SIGN_IN_REQUIRED'];
  const evidence: Evidence = { identification, records, overdue, repeated, receivedAt };
  const reasons = findings.map((f) => `${f}: ${reasonFor(f, evidence)}`);
  if (model === null) {
    reasons.push(
      `firmware not checked: the baseline for ${terminal.brand} ${terminal.model} is unknown (no models row)`,
    );
  }
  return { findings, overdueInvoices: overdue, reasons };
}
