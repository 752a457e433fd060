import {
  ESCALATION_FINDINGS,
  MERCHANT_FIXABLE_FINDINGS,
  type Finding,
  type Identification,
  type Invoice,
  type RecordsRead,
} from '#triage/types';
import { compareVersions } from '#triage/version';

const PRIORITY: readonly Finding[] = [...ESCALATION_FINDINGS, ...MERCHANT_FIXABLE_FINDINGS];
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
export const REPEAT_WINDOW_MS = 168 * 60 * 60 * 1000;

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

function isRepeat(records: RecordsRead, ticketId: string | undefined, receivedAt: string): boolean {
  const now = Date.parse(receivedAt);
  return records.priorAutoResolved.some((p) => {
    const at = Date.parse(p.receivedAt);
    return p.ticketId !== ticketId && at < now && now - at <= REPEAT_WINDOW_MS;
  });
}

/** Playbook section 3: every check runs and every finding is kept, highest priority first. */
export function evaluateFindings(input: {
  receivedAt: string;
  ticketId?: string;
  identification: Extract<Identification, { kind: 'TERMINAL' }>;
  records: RecordsRead;
}): { findings: Finding[]; overdueInvoices: Invoice[] } {
  const { receivedAt, identification, records } = input;
  const { terminal, merchant, model, invoices } = records;
  const overdue = overdueInvoices(invoices, receivedAt);
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
    REPEAT_CONTACT: isRepeat(records, input.ticketId, receivedAt),
    NOT_ACTIVATED: terminal.registration === 'PENDING_ACTIVATION',
    FEES_OVERDUE: overdue.length > 0,
    FIRMWARE_OUTDATED: model !== null && compareVersions(terminal.firmwareVersion, model.minFirmwareVersion) < 0,
  };
  const findings = PRIORITY.filter((f) => f !== 'SIGN_IN_REQUIRED' && holds[f as keyof typeof holds]);
  return { findings: findings.length ? findings : ['SIGN_IN_REQUIRED'], overdueInvoices: overdue };
}
