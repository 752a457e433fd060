/** The tickets a use case stores and reads: the record, its lifecycle states, and the repository port. */
import type { EscalationPacket, RecordsSeen, UndeliveredReason } from '#domain/escalation';
import type { ThreadLink } from '#domain/intake/thread';
import type { Email } from '#domain/replies/compose';
import type { Decision, Finding, NotFound, Ticket } from '#domain/triage/types';

/** What the decision records can be searched by: the terminal or merchant a decision named, or the sender (lower case). */
export type TicketSearchKey = 'terminalId' | 'merchantId' | 'from';

export type TicketStatus = 'PROCESSING' | 'DECIDED';
export type EmailStatus = 'SENDING' | 'SENT' | 'FAILED' | 'UNKNOWN';

/** One item per delivered ticketId: the ticket, its decision, and its reply's delivery. */
export interface TicketRecord {
  ticketId: string;
  ticket: Ticket;
  /** What the merchant sees and quotes back (`7KQ2M-X9PTR`), derived from the ticketId; absent on tickets stored before it. */
  reference?: string;
  receivedAt: string;
  receivedAtEpochMs: number;
  /** The day it was received in China Standard Time (YYYY-MM-DD), for the overview. */
  day?: string;
  status: TicketStatus;
  triggered: boolean;
  triggerEvidence: string | null;
  createdAt: string;
  /** The entry point and sender that delivered it (`webhook`, `webhook:CRM-`, `zendesk`, `mail`, `rerun`); absent on tickets stored before it. */
  origin?: string;
  /** The delivery that created the record; tells a lost answer from a real redelivery. */
  deliveryId: string;
  /** The workflow run that owns the ticket now; a re-drive starts a new one. */
  runId?: string;
  runs?: number;
  /** When the reconciler should look at the ticket if it is not final by then (epoch ms). */
  watchAtEpochMs?: number;
  outcome?: string;
  diagnosis?: string;
  findings?: Array<Finding | NotFound>;
  reasons?: string[];
  merchantId?: string | null;
  terminalId?: string | null;
  escalationId?: string | null;
  decidedAt?: string;
  /** The drafted reply, recorded with the decision, so it can be sent or handed to ops later. */
  reply?: Email;
  emailStatus?: EmailStatus;
  emailClaim?: { runId: string; token: string; at: number };
  emailMessageId?: string;
  processingError?: { Error: string; Cause: string };
  undelivered?: { reason: UndeliveredReason; detail: string };
  /** The earlier ticket a mailed reply answers. */
  thread?: ThreadLink;
  /** Where a mailed ticket came from: its message, where the raw message is kept, its attachments (not read). */
  mail?: MailNote;
  /** This message only told us that the fix of that ticket worked. */
  confirmsFixOf?: string;
  /** The merchant wrote back that this ticket's fix worked. */
  confirmedFixed?: { at: string; byTicketId: string };
  rulesVersion?: string;
  recordsRead?: RecordsSeen;
  /** The ticket this one re-runs, and the reviewer who asked. */
  rerunOf?: { ticketId: string; by: string };
  /** Mail not about code 97, handed to the acquirer's normal support desk. */
  forwarded?: { to: string; at: string; messageId: string };
  /** Replies reviewers sent from the queue, oldest first. */
  opsReplies?: Array<{ at: string; by: string; messageId: string; to: string; subject: string; text?: string }>;
}

export interface MailNote {
  messageId: string | null;
  location: string;
  attachments: Array<{ filename: string | null; mimeType: string; bytes: number }>;
}

/** A final ticket needs nothing more from the system: only tickets still to finish carry a watch time. */
export const isFinal = (record: Pick<TicketRecord, 'watchAtEpochMs'>) => record.watchAtEpochMs === undefined;

export type ClaimResult =
  /** The claim is ours; the record holds the reply to send. */
  | { kind: 'CLAIMED'; record: TicketRecord }
  | { kind: 'ALREADY_SENT' }
  /** A live run elsewhere holds the claim, taken at `claimedAt`: leave the send to it. */
  | { kind: 'IN_FLIGHT'; claimedAt: Date }
  /** An earlier attempt claimed it and never reported back: it may have been sent. */
  | { kind: 'FATE_UNKNOWN'; token: string; record: TicketRecord }
  /** Delivery already ended in the queue (refused or unknown). */
  | { kind: 'ALREADY_ESCALATED' }
  | { kind: 'NOT_DECIDED' };

export interface TicketRepository {
  /** Stores a first delivery; a redelivery gets the stored record instead. */
  create(record: TicketRecord): Promise<{ created: true } | { created: false; existing: TicketRecord }>;
  get(ticketId: string): Promise<TicketRecord | null>;
  /**
   * The decision, its drafted reply and (for an escalation) the packet, all at once. A ticket
   * already decided by an earlier attempt is left as it is.
   */
  recordDecision(input: {
    ticketId: string;
    decision: Decision;
    reply: Email;
    packet: EscalationPacket | null;
    /** What the run read (identifiers, identification, records), for the decision record. */
    recordsRead: RecordsSeen;
    rulesVersion: string;
    at: Date;
  }): Promise<'RECORDED' | 'ALREADY_RECORDED'>;
  /**
   * Takes the right to send the ticket's one reply. Neither this nor the decision moves the
   * watch: a run's start set it past the time the run's own claim would normally go stale.
   */
  claimReply(
    ticketId: string,
    claim: { runId: string; token: string; at: Date; staleBefore: Date },
  ): Promise<ClaimResult>;
  /** Gives a claim back after a send that surely did not happen. */
  releaseReply(ticketId: string, token: string): Promise<void>;
  /**
   * The reply was accepted by the mail service: the ticket is final. An auto-resolve counts
   * for REPEAT_CONTACT from here on, and only from here.
   */
  markReplySent(
    ticketId: string,
    input: { messageId: string; at: Date; autoResolvedTerminalId: string | null },
  ): Promise<void>;
  /**
   * The ticket goes to the human queue with the packet (final, and out of the reconciler's
   * sight, when `final`), provided what `expect` says still holds; false, and nothing
   * written, when it no longer does (another run or pass moved the ticket on).
   */
  escalate(input: {
    ticketId: string;
    packet: EscalationPacket;
    /** The ticket's diagnosis from now on. */
    diagnosis: string;
    /** Set when the escalation is about the reply's delivery. */
    emailStatus: EmailStatus | null;
    /** The email still to send (an acknowledgement), when the ticket is not final yet. */
    reply?: Email;
    /** Final: nothing more will happen to the ticket without a person. */
    final: boolean;
    at: Date;
    /** Still undecided, or the reply's claim still the one seen (its token). */
    expect: { status: 'PROCESSING' } | { claimToken: string };
  }): Promise<boolean>;
  /** Moves a ticket's watch on to `at`, unless it is final or watched until later already. */
  deferWatch(ticketId: string, at: Date): Promise<void>;
  /** Tickets whose watch time has passed, oldest first (a bounded query on a sparse index). */
  due(now: Date, limit: number): Promise<TicketRecord[]>;
  /** The tickets carrying this reference: one, or none (two only if two ticketIds' references ever coincide). */
  ticketsForReference(reference: string): Promise<string[]>;
  /** The ticket whose reply the mail service sent under this message ID, if one was. */
  ticketForReply(messageId: string): Promise<string | null>;
  /** Marks the ticket's fix as confirmed by the merchant (the first confirmation stays); false when there is no such ticket. */
  confirmFixed(ticketId: string, input: { at: Date; byTicketId: string }): Promise<boolean>;
  /** Every ticket received on a day (China Standard Time), as the overview counts them. */
  onDay(
    day: string,
  ): Promise<Array<Pick<TicketRecord, 'outcome' | 'diagnosis' | 'triggered' | 'confirmedFixed' | 'status'>>>;
  /** The tickets that named a terminal or a merchant (once decided), or every ticket of a sender, newest first, a page at a time. */
  search(query: {
    by: TicketSearchKey;
    value: string;
    limit: number;
    cursor: string | null;
  }): Promise<{ tickets: TicketRecord[]; cursor: string | null }>;
  /** Records where a ticket's message was forwarded (the first forward stays). */
  markForwarded(ticketId: string, forward: { to: string; at: Date; messageId: string }): Promise<void>;
  /** A reply a reviewer sent from the queue, kept in the ticket's decision record. */
  recordOpsReply(
    ticketId: string,
    reply: { at: Date; by: string; messageId: string; to: string; subject: string; text: string },
  ): Promise<void>;
  /** AUTO_RESOLVED tickets on a terminal whose reply was delivered, received in [fromMs, toMs]: what REPEAT_CONTACT counts. */
  deliveredAutoResolvesOn(
    terminalId: string,
    fromMs: number,
    toMs: number,
  ): Promise<Array<{ ticketId: string; receivedAt: string }>>;
  /** Hands a stuck ticket to a new workflow run, unless another caller did so first. */
  redrive(ticketId: string, input: { fromRunId: string | undefined; runId: string; watchAt: Date }): Promise<boolean>;
}
