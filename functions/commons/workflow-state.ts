import type { composeSuggestedReply, Email } from '#commons/replies/compose';
import type {
  Decision,
  ExtractedIdentifiers,
  Identification,
  Invoice,
  Merchant,
  Terminal,
  TerminalModel,
  Ticket,
} from '#triage/types';

/** The state machine's data as it grows from step to step (JSONPath ResultPaths). */
export interface WorkflowInput {
  ticket: Ticket;
  trigger: { evidence: string | null };
}

export interface IdentifyResult {
  extracted: ExtractedIdentifiers;
  identification: Identification;
}

export interface RecordsResult {
  merchant: Merchant | null;
  invoices: Invoice[];
  model: TerminalModel | null;
  priorAutoResolved: Array<{ ticketId: string; receivedAt: string }>;
}

export interface TriageResult {
  decision: Decision;
  reply: Email;
  suggestedReply: ReturnType<typeof composeSuggestedReply>;
  escalationId: string | null;
}

export interface WorkflowState extends WorkflowInput {
  identify?: IdentifyResult;
  records?: RecordsResult;
  triage?: TriageResult;
  error?: { Error: string; Cause: string };
}

export interface TerminalStepInput extends WorkflowInput {
  identify: IdentifyResult & { identification: { kind: 'TERMINAL'; terminal: Terminal } };
}

export type DecidedState = WorkflowState & { triage: TriageResult };

export const escalationIdFor = (ticketId: string) => `ESC-${ticketId}`;

/** Diagnosis of a ticket whose workflow failed after its retries. */
export const PROCESSING_ERROR = 'PROCESSING_ERROR';
