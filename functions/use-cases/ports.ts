/**
 * What the use cases need from the outside world. The adapters under functions/adapters
 * implement these with the AWS SDK; test/fixtures/memory implements them in memory for the
 * use cases' unit tests.
 */
import type { RecordChangeMark, WatchedItem } from '#domain/records/watch';
import type { HeldMessage, SendFailure } from '#domain/escalation';
import type { ParsedMail } from '#domain/intake/mail';
import type { ThreadLink } from '#domain/intake/thread';
import type { AuditEntry, QueueStatus, Resolution } from '#domain/queue';
import type { Email } from '#domain/replies/compose';
import type { ReplyLimit } from '#domain/replies/reply-limit';
import type { Ticket } from '#domain/triage/types';
import type { ChangeResult, RecordChange } from '#domain/records/changes';
import type { HeldVersion, LoadUpsert } from '#domain/records/load';

export * from '#use-cases/ticket-store';

export interface Clock {
  now(): Date;
}

/**
 * Delivery keys a sender attaches to each message (Standard Webhooks' `webhook-id`): a message
 * delivered again under its key is answered as already seen, whatever ticket it carries.
 */
export interface DeliveryKeys {
  /** The ticket the key was first used for, if it was. */
  ticketFor(key: string): Promise<string | null>;
  /** Remembers the key's ticket; a key remembered before keeps its first ticket. */
  remember(key: string, ticketId: string, at: Date): Promise<void>;
}

/** A message that could not be read, kept for a person: it is listed in the ops queue. */
export interface HeldMail {
  hold(item: HeldMessage): Promise<void>;
}

/** Turns a raw RFC 5322 message into its parts; throws when the message cannot be read. */
export interface MailParser {
  parse(raw: Uint8Array): Promise<ParsedMail>;
}

/** Hands a message the triage does not answer, as it arrived, to the acquirer's normal support desk. */
export interface MailForwarder {
  forward(input: {
    raw: Uint8Array;
    to: string;
    ticketId: string;
    from: string;
    subject: string;
  }): Promise<{ messageId: string }>;
}

/** Where ops are told something needs them (SNS on AWS). */
export interface Alerts {
  publish(alert: { subject: string; message: string }): Promise<void>;
}

export interface EscalationPage {
  escalations: Array<Record<string, unknown>>;
  /** Opaque; pass it back for the next page. */
  cursor: string | null;
}

export interface EscalationQuery {
  status: QueueStatus;
  diagnosis: string | null;
  merchantId: string | null;
  terminalId: string | null;
  /** Lowercased words every one of which the item's sender, subject, text, IDs or reference contains. */
  /** Words the item's search text must each hold, each in any one of its forms. */
  search: string[][];
  /** By creation time: the oldest waiting first, or the newest first. */
  order: QueueOrder;
  limit: number;
  cursor: string | null;
}

export type QueueOrder = 'OLDEST_FIRST' | 'NEWEST_FIRST';

/** What a queue change found: done (the item as it is now), refused by the item's state (as it is), or no such item. */
export type QueueChange =
  | { kind: 'DONE'; item: Record<string, unknown> }
  | { kind: 'CONFLICT'; item: Record<string, unknown> }
  | { kind: 'NOT_FOUND' };

export interface QueueCounts {
  open: number;
  claimed: number;
  overdue: number;
}

export interface EscalationRepository {
  /** Newest first, a page at a time; the filters narrow the page (it may come back short, the cursor goes on). */
  list(query: EscalationQuery): Promise<EscalationPage>;
  get(escalationId: string): Promise<Record<string, unknown> | null>;
  /** OPEN → CLAIMED by `by`, in one conditional write: of two reviewers, one wins. */
  claim(input: { escalationId: string; by: string; at: Date }): Promise<QueueChange>;
  /**
   * OPEN, or CLAIMED by `by` (by anyone, with `override`) → CLAIMED by `to` from `at`, in one
   * conditional write audited as ASSIGNED.
   */
  assign(input: { escalationId: string; by: string; to: string; at: Date; override: boolean }): Promise<QueueChange>;
  /** CLAIMED by `by` → OPEN. */
  release(input: { escalationId: string; by: string; at: Date }): Promise<QueueChange>;
  /** CLAIMED by `by` (since `claimedAt`, when given) → RESOLVED with the resolution and note. */
  resolve(input: {
    escalationId: string;
    by: string;
    claimedAt?: string;
    at: Date;
    resolution: Resolution;
    note: string;
  }): Promise<QueueChange>;
  /** Items resolved that were created since `since`, for the time to resolve. */
  resolvedCreatedSince(since: Date): Promise<Array<Record<string, unknown>>>;
  /** How many items are OPEN (of them, how many overdue) and CLAIMED now. */
  queueCounts(): Promise<QueueCounts>;
  /** Up to `limit` OPEN items created before `before` and not alerted since then, oldest first. */
  openCreatedBefore(before: Date, limit: number): Promise<Array<Record<string, unknown>>>;
  /** Marks an OPEN item overdue and alerted now, unless it was claimed or alerted since `alertedBefore`. */
  markOverdue(input: { escalationId: string; at: Date; alertedBefore: Date }): Promise<boolean>;
  /**
   * Takes a reply's Idempotency-Key for the reviewer holding the claim, in one conditional
   * write: of two requests with one key, one gets DONE; the other (and any later) CONFLICT, with
   * the item, whose audit trail shows what the first sent once it has.
   */
  reserveReplyKey(input: { escalationId: string; by: string; key: string }): Promise<QueueChange>;
  /** Gives a reserved key back after a send that surely did not go. */
  releaseReplyKey(input: { escalationId: string; key: string }): Promise<void>;
  /** Appends to the audit trail whatever the item's state: what was done (an email sent) is never left out. */
  appendAudit(escalationId: string, entry: AuditEntry): Promise<void>;
}

/**
 * How sure we are that a failed send did not reach the merchant: NOT_SENT is certain (the
 * request never reached the service, or it refused to take it for now); REJECTED is final;
 * UNKNOWN is a request that may have been carried out.
 */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    readonly certainty: SendFailure,
    message: string,
  ) {
    super(message);
  }
}

/**
 * How many automatic replies went to one address lately: RFC 3834 asks a responder not to
 * answer one sender over and over, whatever it sends.
 */
export interface ReplyLimits {
  /** Counts a reply to `address` at `at`, unless `limit.replies` went to it within `limit.windowMs` before: then false. */
  take(address: string, at: Date, limit: ReplyLimit): Promise<boolean>;
}

export interface Mailer {
  send(email: Email, ref: { ticketId: string }): Promise<{ messageId: string }>;
}

/** As DeliveryError, for starting a workflow run: NOT_STARTED is certain, UNKNOWN is not. */
export class StartError extends Error {
  override readonly name = 'StartError';
  constructor(
    readonly certainty: 'NOT_STARTED' | 'UNKNOWN',
    message: string,
  ) {
    super(message);
  }
}

export interface WorkflowInput {
  ticket: Ticket;
  /** The earlier ticket a mailed reply answers, for the escalation packet. */
  thread?: ThreadLink;
  /** Names this run; the reply claim records it so a run can tell its own earlier attempt. */
  runId: string;
  trigger: { evidence: string | null };
}

export interface WorkflowStarter {
  start(input: WorkflowInput): Promise<{ executionArn: string }>;
}

/** A reviewer's account as the directory keeps it (a Cognito user on AWS). */
export interface ReviewerAccount {
  name: string;
  email: string | null;
  admin: boolean;
  /** A disabled account cannot sign in, and is not one an item can be assigned to. */
  enabled: boolean;
  createdAt: string | null;
}

/** The reviewers' accounts: who an item may be assigned to, and what an admin manages. */
export interface ReviewerDirectory {
  list(): Promise<ReviewerAccount[]>;
  get(name: string): Promise<ReviewerAccount | null>;
  /** A new account, invited by email; EXISTS when the name is taken (nothing changes). */
  create(account: { name: string; email: string; admin: boolean }): Promise<'CREATED' | 'EXISTS'>;
  update(name: string, change: { admin?: boolean; enabled?: boolean }): Promise<'UPDATED' | 'NOT_FOUND'>;
}

/** When and how a record reached us: what a decision says of the facts it rests on. */
export interface RecordStamp {
  receivedAt: string;
  /** The bulk load that wrote it; none for a change from the feed. */
  loadId?: string;
}

/**
 * The acquirer's records as the feed changes them: one change at a time, each applied whole or
 * not at all, over a lower version only, and a changeId once.
 */
export interface RecordChangeStore {
  /**
   * Applies a change over an older version only. `duplicate` when its changeId was applied
   * before; `merchantId` the merchant it concerns (named by it, or kept from its record's
   * upsert), when known.
   */
  apply(
    change: RecordChange,
    stamp: RecordStamp,
  ): Promise<{ result: ChangeResult; error?: string; duplicate?: boolean; merchantId?: string | null }>;
}

/**
 * The records tables as a bulk load writes them: many records a request and no transaction,
 * so the load reads what is held first and writes only what supersedes it.
 */
export interface RecordLoadStore {
  /** What the versions table holds of each record key given (a key left out: nothing). */
  held(recordKeys: string[]): Promise<Map<string, HeldVersion>>;
  /** Of the merchants given, those the merchants table holds. */
  merchantsHeld(merchantIds: string[]): Promise<Set<string>>;
  /** Writes each row's record, then its versions item (naming the row's line); an invoice held under another merchant leaves that item. */
  write(
    rows: Array<{ line: number; change: LoadUpsert; held?: HeldVersion }>,
    stamp: RecordStamp & { loadId: string },
  ): Promise<void>;
}

/** The records tables as a reconcile reads them against an export: nothing is written. */
export interface RecordDiffStore extends Pick<RecordLoadStore, 'held'> {
  /** The record items the rows name, by their record key (`rowKeyOf`); a key left out: none held. */
  records(rows: LoadUpsert[]): Promise<Map<string, Record<string, unknown>>>;
  /** Every record the tables hold (tombstones left out), with its version, in no order. */
  heldRecords(): AsyncIterable<{ recordKey: string; version: number }>;
}

/** The open escalations as the records feed finds and marks them. */
export interface OpenEscalationWatch {
  /** The OPEN and CLAIMED items waiting under a record key (`watchedRecordOf`). */
  waitingOn(openRecordKey: string): Promise<WatchedItem[]>;
  /** Adds the change to an open item's `recordsChanged`, once per changeId; false when it held it, is closed or is full. */
  mark(escalationId: string, mark: RecordChangeMark): Promise<boolean>;
}
