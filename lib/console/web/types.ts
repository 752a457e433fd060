import type { RecordChangeMark } from '#domain/records/watch';
import type { QueueStatus } from '#domain/queue';
import type { Ticket } from '#domain/triage/types';

/** The shapes the ops API answers with, as far as the console reads them. */
export interface AuditEntry {
  at: string;
  by: string;
  action: string;
  detail?: string;
}

export interface Escalation {
  escalationId: string;
  status: QueueStatus;
  createdAt: string;
  ticketId?: string;
  ticket?: Ticket;
  diagnosis: string;
  findings?: string[];
  reasons?: string[];
  merchantId?: string | null;
  /** In a queue page: the merchant's name from the records read. */
  merchantName?: string | null;
  /** In a queue page, an OPEN item's: when its SLA runs out. */
  dueAt?: string;
  terminalId?: string | null;
  recordsRead?: unknown;
  suggestedReply?: { to: string; subject: string; text: string; language: string } | null;
  acknowledgement?: { to: string; subject: string } | null;
  processingError?: { Error: string; Cause: string };
  undeliveredReply?: { reason: string; detail: string; email: { to: string; subject: string; text: string } };
  claimedBy?: string | null;
  resolution?: string;
  note?: string;
  overdueSince?: string;
  audit?: AuditEntry[];
  /** The records changes applied since the decision, oldest first. */
  recordsChanged?: RecordChangeMark[];
}

export interface EscalationPage {
  status: string;
  order: 'OLDEST_FIRST' | 'NEWEST_FIRST';
  escalations: Escalation[];
  cursor: string | null;
  more: boolean;
}

export interface EmailSent {
  from: 'workflow' | 'ops' | 'forward';
  to: string;
  subject: string;
  text: string | null;
  status: string;
  at: string | null;
  by?: string;
}

export interface DecisionRecord {
  ticketId: string;
  reference: string;
  ticket: Ticket;
  status: string;
  outcome: string | null;
  diagnosis: string | null;
  findings: string[];
  reasons: string[];
  merchantId: string | null;
  terminalId: string | null;
  rulesVersion: string | null;
  decidedAt: string | null;
  escalationId: string | null;
  emails: EmailSent[];
  confirmedFixed: unknown;
  rerunOf: { ticketId: string; by: string } | null;
}

export interface DecisionRecordPage {
  tickets: DecisionRecord[];
  cursor: string | null;
  more: boolean;
}

export interface Stats {
  days: Array<{ day: string; outcomes: Record<string, number>; diagnoses: Record<string, number> }>;
  triggered: number;
  autoResolved: number;
  autoResolveRate: number | null;
  confirmedFixed: number;
  confirmedFixedRate: number | null;
  resolvedEscalations: number;
  medianHoursToResolve: number | null;
  overdueNow: number;
  queue: { open: number; claimed: number; overdue: number };
}
