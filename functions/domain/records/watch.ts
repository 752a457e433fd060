import { type RecordChange, recordKeyOf } from '#domain/records/changes';

/**
 * How an open escalation waits on the records: by its merchant's record key when the decision
 * knew the merchant (a terminal's, an invoice's or the merchant's own change concerns it), else
 * by the terminal the ticket named (a TERMINAL_NOT_FOUND item waits for that terminal).
 */
export function watchedRecordOf(
  decision: { merchantId: string | null },
  recordsRead: Record<string, unknown>,
): string | null {
  if (decision.merchantId) return recordKeyOf('merchant', { merchantId: decision.merchantId });
  const identify = recordsRead.identify as { extracted?: { terminalIds?: unknown } } | null | undefined;
  const [named] = Array.isArray(identify?.extracted?.terminalIds) ? identify.extracted.terminalIds : [];
  return typeof named === 'string' ? recordKeyOf('terminal', { terminalId: named }) : null;
}

/** What an open item is watched by, as the watch reads it back. */
export interface WatchedItem {
  escalationId: string;
  terminalId: string | null;
  diagnosis: string;
  findings: string[];
}

/** A change applied to the records, as an open escalation shows it. */
export interface RecordChangeMark {
  changeId: string;
  entity: RecordChange['entity'];
  op: RecordChange['op'];
  key: Record<string, string>;
  version: number;
  receivedAt: string;
  /** The record as it now is (an upsert's); the item's packet holds what the decision read. */
  record?: Record<string, unknown>;
}

/**
 * The watch keys under which the items a change concerns wait: its merchant's (given when the
 * change or the stored versions name it) and, for a terminal, the terminal's own. A model's
 * change concerns no item by itself: a firmware minimum is no finding that escalates.
 */
export function watchKeysOf(change: RecordChange, merchantId: string | null): string[] {
  if (change.entity === 'model') return [];
  const merchant = change.entity === 'merchant' ? change.key.merchantId : merchantId;
  return [
    ...(merchant ? [recordKeyOf('merchant', { merchantId: merchant })] : []),
    ...(change.entity === 'terminal' ? [recordKeyOf('terminal', change.key)] : []),
  ];
}

/**
 * Whether an item waiting under one of the change's watch keys is about what changed: every
 * item of the merchant for a merchant's or an invoice's change; for a terminal's, the items on
 * that terminal, and those that found no terminal for the TID it has.
 */
export function concerns(change: RecordChange, item: WatchedItem): boolean {
  return change.entity !== 'terminal' || item.terminalId === null || item.terminalId === change.key.terminalId;
}

/** What the records decide, and so a change of them can clear. */
const CLEARED_BY_RECORDS = new Set([
  'MERCHANT_INACTIVE',
  'TERMINAL_DEREGISTERED',
  'APPLICATION_INCOMPLETE',
  'FEE_DISPUTE',
  'TERMINAL_NOT_FOUND',
  'MERCHANT_NOT_FOUND',
  // Held back for ops as its invoices were stale: a fresh change of them settles it.
  'FEES_OVERDUE',
]);
/** Findings no record change clears: who writes, and how often. */
const NOT_CLEARED_BY_RECORDS = new Set(['MERCHANT_MISMATCH', 'REPEAT_CONTACT']);

/**
 * Whether a records change may re-run an item by itself: its diagnosis is one the records
 * decide (not a processing error, an undelivered reply or unread mail), and none of its
 * findings is one a record cannot clear.
 */
export const rerunsOnRecordChange = (item: Pick<WatchedItem, 'diagnosis' | 'findings'>): boolean =>
  CLEARED_BY_RECORDS.has(item.diagnosis) && !item.findings.some((f) => NOT_CLEARED_BY_RECORDS.has(f));
