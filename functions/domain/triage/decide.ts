import {
  ESCALATION_FINDINGS,
  type Decision,
  type EscalationFinding,
  type Finding,
  type Identification,
  type Merchant,
  type RecordsRead,
  type Ticket,
} from '#domain/triage/types';
import { evaluateFindings } from '#domain/triage/findings';
import { type FreshnessRule, invoicesAsOf, staleReason, staleRecords } from '#domain/records/freshness';
import { detectLanguage } from '#domain/triage/language';

const isEscalation = (f: Finding): f is EscalationFinding => (ESCALATION_FINDINGS as readonly string[]).includes(f);

type DecisionBase = Pick<Decision, 'language' | 'merchantId' | 'terminalId'>;

const NOT_FOUND_REASON = {
  TERMINAL_NOT_FOUND: 'TERMINAL_NOT_FOUND: no terminal record for the TID or SN the ticket gives',
  MERCHANT_NOT_FOUND: 'MERCHANT_NOT_FOUND: no merchant record for the MID the ticket gives',
};

function notFound(code: 'TERMINAL_NOT_FOUND' | 'MERCHANT_NOT_FOUND', ticket: Ticket, base: DecisionBase): Decision {
  return {
    ...base,
    outcome: 'ESCALATED',
    diagnosis: code,
    findings: [code],
    overdueInvoices: [],
    replyTo: ticket.from,
    reasons: [NOT_FOUND_REASON[code]],
  };
}

function needsInfo(ticket: Ticket, merchant: Merchant | null, base: DecisionBase): Decision {
  return {
    ...base,
    outcome: 'NEEDS_INFO',
    diagnosis: 'NEEDS_INFO',
    findings: [],
    overdueInvoices: [],
    merchantId: merchant?.merchantId ?? null,
    replyTo: merchant?.contactEmail ?? ticket.from,
    reasons: [
      merchant
        ? `NEEDS_INFO: merchant ${merchant.merchantId} is known but the ticket names none of its terminals, and it has more than one`
        : "NEEDS_INFO: no TID, SN or MID on record in the ticket, and the sender is no merchant's contact",
    ],
  };
}

/**
 * How old the records behind a terminal's decision were: each stale one is named in the
 * reasons, and a reply asking the merchant to pay overdue fees is held back for ops when any
 * of those invoices is stale, as the merchant may have paid since.
 */
function judgedFreshness(decision: Decision, records: RecordsRead, ticket: Ticket, rule: FreshnessRule): Decision {
  const stale = staleRecords(records, rule);
  const judged = { ...decision, staleRecords: stale, invoicesAsOf: invoicesAsOf(records) };
  if (stale.length === 0) return judged;
  const reasons = [...decision.reasons, staleReason(stale, rule.maxAgeMs)];
  const overdueIds = new Set(decision.overdueInvoices.map((i) => `invoice ${i.invoiceId}`));
  const staleFees = stale.some((s) => overdueIds.has(s.record));
  if (decision.outcome !== 'AUTO_RESOLVED' || !decision.findings.includes('FEES_OVERDUE') || !staleFees) {
    return { ...judged, reasons };
  }
  return {
    ...judged,
    outcome: 'ESCALATED',
    replyTo: ticket.from,
    reasons: [
      ...reasons,
      'FEES_OVERDUE held back: the overdue invoices are older than the records may be; confirm them before the merchant is asked to pay',
    ],
  };
}

/**
 * Playbook section 4. Account data goes only to the registered contact, so a terminal whose
 * merchant record is missing cannot be auto-resolved: it escalates as MERCHANT_NOT_FOUND. With
 * a freshness rule, the records' age is judged too (judgedFreshness).
 */
export function decide(input: {
  ticket: Ticket;
  identification: Identification;
  records: RecordsRead | null;
  freshness?: FreshnessRule;
}): Decision {
  const { ticket, identification, records, freshness } = input;
  const decision = decideOnRecords(ticket, identification, records);
  return freshness && records && identification.kind === 'TERMINAL'
    ? judgedFreshness(decision, records, ticket, freshness)
    : decision;
}

function decideOnRecords(ticket: Ticket, identification: Identification, records: RecordsRead | null): Decision {
  const base: DecisionBase = {
    language: detectLanguage(ticket.subject, ticket.body),
    merchantId: null,
    terminalId: null,
  };

  switch (identification.kind) {
    case 'NEEDS_INFO':
      return needsInfo(ticket, identification.merchant, base);
    case 'TERMINAL_NOT_FOUND':
    case 'MERCHANT_NOT_FOUND':
      return notFound(identification.kind, ticket, base);
    case 'TERMINAL': {
      if (!records) throw new Error('an identified terminal needs its records read before deciding');
      const { terminal, merchant } = records;
      const located = { ...base, merchantId: terminal.merchantId, terminalId: terminal.terminalId };
      const { findings, overdueInvoices, reasons } = evaluateFindings({
        receivedAt: ticket.receivedAt,
        ticketId: ticket.ticketId,
        identification,
        records,
      });
      const [first = 'SIGN_IN_REQUIRED'] = findings;
      if (!merchant) {
        const missing = `MERCHANT_NOT_FOUND: terminal ${terminal.terminalId} is bound to merchant ${terminal.merchantId}, which has no record`;
        return {
          ...located,
          outcome: 'ESCALATED',
          diagnosis: 'MERCHANT_NOT_FOUND',
          findings: ['MERCHANT_NOT_FOUND', ...findings],
          overdueInvoices,
          replyTo: ticket.from,
          reasons: [missing, ...reasons],
        };
      }
      if (findings.some(isEscalation)) {
        return {
          ...located,
          outcome: 'ESCALATED',
          diagnosis: first,
          findings,
          overdueInvoices,
          replyTo: ticket.from,
          reasons,
        };
      }
      return {
        ...located,
        outcome: 'AUTO_RESOLVED',
        diagnosis: first,
        findings,
        overdueInvoices,
        replyTo: merchant.contactEmail,
        reasons,
      };
    }
  }
}
