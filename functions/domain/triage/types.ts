/**
 * Shapes shared by the triage rules, the replies and the Lambda adapters.
 * Ticket and record shapes follow the outside contract (contract.md); keep them stable.
 */

export type Channel = 'email' | 'web' | 'chat';

export interface Ticket {
  ticketId: string;
  /** ISO 8601 with offset. */
  receivedAt: string;
  from: string;
  subject: string;
  body: string;
  channel?: Channel;
  merchantId?: string;
  terminalId?: string;
}

export type MerchantStatus = 'ACTIVE' | 'SUSPENDED' | 'CLOSED';
export type Language = 'zh' | 'en';

export interface Merchant {
  merchantId: string;
  name: string;
  contactEmail: string;
  status: MerchantStatus;
  language: Language;
  asOf?: AsOf;
}

/**
 * When the acquirer's systems last sent a record, and at what version (the feed's change, a
 * load's row, the seed): what a decision's freshness is judged by. A record stored before
 * records were stamped has none.
 */
export interface AsOf {
  version: number;
  /** ISO 8601, when we received it. */
  receivedAt: string;
  /** The load that wrote it, when a load did. */
  loadId?: string;
}

export type Registration = 'REGISTERED' | 'PENDING_ACTIVATION' | 'PENDING_REVIEW' | 'REJECTED' | 'DEREGISTERED';

export interface Terminal {
  terminalId: string;
  serialNumber: string;
  merchantId: string;
  brand: string;
  model: string;
  registration: Registration;
  firmwareVersion: string;
  asOf?: AsOf;
}

export interface TerminalModel {
  brand: string;
  model: string;
  minFirmwareVersion: string;
  asOf?: AsOf;
}

export type InvoiceStatus = 'OPEN' | 'PAID' | 'DISPUTED';

export interface Invoice {
  invoiceId: string;
  merchantId: string;
  /** YYYY-MM */
  period: string;
  amountDueFen: number;
  amountPaidFen: number;
  /** YYYY-MM-DD, a calendar date in China Standard Time. */
  dueDate: string;
  status: InvoiceStatus;
  asOf?: AsOf;
}

export interface Records {
  merchants: Merchant[];
  terminals: Terminal[];
  models: TerminalModel[];
  invoices: Invoice[];
}

/** Escalation findings, highest priority first (playbook section 3). */
export const ESCALATION_FINDINGS = [
  'MERCHANT_MISMATCH',
  'MERCHANT_INACTIVE',
  'TERMINAL_DEREGISTERED',
  'APPLICATION_INCOMPLETE',
  'FEE_DISPUTE',
  'REPEAT_CONTACT',
] as const;

/** Findings the merchant can fix, highest priority first. */
export const MERCHANT_FIXABLE_FINDINGS = [
  'NOT_ACTIVATED',
  'FEES_OVERDUE',
  'FIRMWARE_OUTDATED',
  'SIGN_IN_REQUIRED',
] as const;

export type EscalationFinding = (typeof ESCALATION_FINDINGS)[number];
export type MerchantFixableFinding = (typeof MERCHANT_FIXABLE_FINDINGS)[number];
export type Finding = EscalationFinding | MerchantFixableFinding;

/** Identification failures that escalate on their own (playbook section 2). */
export type NotFound = 'TERMINAL_NOT_FOUND' | 'MERCHANT_NOT_FOUND';

export type Outcome = 'NOT_TRIGGERED' | 'NEEDS_INFO' | 'AUTO_RESOLVED' | 'ESCALATED';
export type Diagnosis = Finding | NotFound | 'NEEDS_INFO';

/** What the ticket text itself says, before any record is read. */
export interface ExtractedIdentifiers {
  /** Labelled TIDs and the structured terminalId, in order of appearance (structured first). */
  terminalIds: string[];
  /** Labelled serial numbers, in order of appearance. */
  serialNumbers: string[];
  /** 15-digit merchant numbers and the structured merchantId, structured first. */
  merchantIds: string[];
  /**
   * Unlabelled tokens that could be a TID or an SN. They identify a terminal only when they
   * match a record; one that matches nothing is ignored (it is not TERMINAL_NOT_FOUND).
   */
  bareTokens: string[];
  /** The sender address, lower-cased. */
  sender: string;
}

/** Result of playbook section 2. */
export type Identification =
  | {
      kind: 'TERMINAL';
      terminal: Terminal;
      /** How the terminal was found: 'TID', 'SN', 'BARE' token, or the merchant's only terminal. */
      via: 'TID' | 'SN' | 'BARE' | 'ONLY_TERMINAL';
      /** Merchants named by a MID in the ticket (those on record), for MERCHANT_MISMATCH. */
      namedMerchantIds: string[];
      /** The merchants whose contactEmail sent the ticket (one address may serve several shops). */
      senderMerchants: Merchant[];
    }
  | { kind: 'TERMINAL_NOT_FOUND'; senderMerchants: Merchant[] }
  | { kind: 'MERCHANT_NOT_FOUND'; senderMerchants: Merchant[] }
  | {
      kind: 'NEEDS_INFO';
      /** The merchant when known (by MID or sender); the reply then goes to its contactEmail. */
      merchant: Merchant | null;
      /** That merchant's terminals (at most a few), for the request to list; `more` when it has others too. */
      choices?: { terminals: Terminal[]; more: boolean };
    };

/** Everything the record checks read for an identified terminal. */
export interface RecordsRead {
  terminal: Terminal;
  /** The merchant the terminal is bound to; null when that record is missing. */
  merchant: Merchant | null;
  /** null when the model has no minimum on record. */
  model: TerminalModel | null;
  invoices: Invoice[];
  /** Earlier tickets on this terminal that ended AUTO_RESOLVED (any age; the rules filter). */
  priorAutoResolved: Array<{ ticketId: string; receivedAt: string }>;
}

export interface Decision {
  outcome: Exclude<Outcome, 'NOT_TRIGGERED'>;
  diagnosis: Diagnosis;
  /** Every finding, in priority order; [] for NEEDS_INFO; [code] for *_NOT_FOUND. */
  findings: Array<Finding | NotFound>;
  /** Overdue invoices, when FEES_OVERDUE holds. */
  overdueInvoices: Invoice[];
  merchantId: string | null;
  terminalId: string | null;
  language: Language;
  /** Where the reply goes (playbook section 4). */
  replyTo: string;
  /** Why, one line per finding or identification step, for ops reading the history or the queue. */
  reasons: string[];
  /**
   * The records the decision rests on that were older than the records' maximum age when it
   * was made (absent on decisions made before freshness was judged).
   */
  staleRecords?: StaleRecord[];
  /** The oldest time the invoices read were received: what a fees reply says they are as of. */
  invoicesAsOf?: string | null;
}

/** A record older than the maximum age when a decision read it. */
export interface StaleRecord {
  entity: 'merchant' | 'terminal' | 'model' | 'invoice';
  /** `terminal 10030012`, `invoice INV-2026-10-0001`, `model PAX A920`, `merchant 898…`. */
  record: string;
  version: number;
  receivedAt: string;
  ageHours: number;
}
