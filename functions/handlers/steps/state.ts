import type { SuggestedReply } from '#domain/escalation';
import type { Email } from '#domain/replies/compose';
import type {
  Decision,
  ExtractedIdentifiers,
  Identification,
  Invoice,
  Merchant,
  Terminal,
  TerminalModel,
} from '#domain/triage/types';
import type { DeliverResult } from '#use-cases/deliver-reply';
import type { WorkflowInput } from '#use-cases/ports';

/** The state machine's data as it grows from step to step (JSONPath ResultPaths). */
export type { WorkflowInput };

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
  suggestedReply: SuggestedReply | null;
}

export interface WorkflowState extends WorkflowInput {
  identify?: IdentifyResult;
  records?: RecordsResult;
  triage?: TriageResult;
  delivery?: DeliverResult;
  error?: { Error: string; Cause: string };
}

export interface TerminalStepInput extends WorkflowInput {
  identify: IdentifyResult & { identification: { kind: 'TERMINAL'; terminal: Terminal } };
}

export type DecidedState = WorkflowState & { triage: TriageResult };

/** What the run read, as the escalation packet shows it. */
export const recordsSeen = (state: WorkflowState) => ({
  identify: state.identify ?? null,
  records: state.records ?? null,
});
