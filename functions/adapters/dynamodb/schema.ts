/**
 * Key attributes and index names, shared by the CDK tables and the Lambda adapters so the two
 * cannot drift apart. Table names are never fixed: CDK assigns them and passes them as env vars.
 */
export const TABLE_ENV = {
  merchants: 'MERCHANTS_TABLE',
  terminals: 'TERMINALS_TABLE',
  models: 'MODELS_TABLE',
  invoices: 'INVOICES_TABLE',
  tickets: 'TICKETS_TABLE',
  escalations: 'ESCALATIONS_TABLE',
  deliveries: 'DELIVERIES_TABLE',
  content: 'CONTENT_TABLE',
  replyLimits: 'REPLY_LIMITS_TABLE',
  recordVersions: 'RECORD_VERSIONS_TABLE',
} as const;

export type TableKey = keyof typeof TABLE_ENV;

export const INDEX = {
  merchantsByContactEmail: { name: 'byContactEmail', partitionKey: 'contactEmailKey' },
  terminalsBySerialNumber: { name: 'bySerialNumber', partitionKey: 'serialNumber' },
  terminalsByMerchant: { name: 'byMerchant', partitionKey: 'merchantId', sortKey: 'terminalId' },
  /** What REPEAT_CONTACT reads (the ticket and when it came), and nothing a later write of the ticket would rewrite. */
  ticketsAutoResolvedByTerminal: {
    name: 'autoResolvedByTerminal',
    partitionKey: 'autoResolvedTerminalId',
    sortKey: 'receivedAtEpochMs',
    projected: ['receivedAt'],
  },
  /**
   * Sparse (decided tickets that named one), keys only: the decision records of a terminal or a
   * merchant, newest first, read from the table by key. An index holding whole tickets would be
   * rewritten, at the ticket's full size, by every later write of it.
   */
  ticketsByTerminal: { name: 'byTerminal', partitionKey: 'terminalKey', sortKey: 'receivedAtEpochMs', keysOnly: true },
  ticketsByMerchant: { name: 'byMerchant', partitionKey: 'merchantKey', sortKey: 'receivedAtEpochMs', keysOnly: true },
  /** Keys only: a ticket by the reference its emails carry (a reply quotes it in its subject). */
  ticketsByReference: { name: 'byReference', partitionKey: 'reference' },
  /** Keys only: every ticket by its sender (lower case), so mail that named nothing can still be found. */
  ticketsBySender: { name: 'bySender', partitionKey: 'senderKey', sortKey: 'receivedAtEpochMs', keysOnly: true },
  /** Every ticket by its day in China Standard Time, with what the overview counts projected. */
  ticketsByDay: {
    name: 'byDay',
    partitionKey: 'day',
    sortKey: 'receivedAtEpochMs',
    projected: ['outcome', 'diagnosis', 'triggered', 'confirmedFixed', 'status'],
  },
  /** Sparse, keys only: a merchant's reply names our email by its Message-ID. */
  ticketsByReplyMessage: { name: 'byReplyMessageId', partitionKey: 'emailMessageId' },
  /** Sparse, keys only: only tickets not final yet carry `watch`; the reconciler reads each due one from the table. */
  ticketsDue: { name: 'byWatch', partitionKey: 'watch', sortKey: 'watchAtEpochMs', keysOnly: true },
  escalationsByStatus: { name: 'byStatus', partitionKey: 'status', sortKey: 'createdAt' },
  /** Sparse: only open items carry `openRecordKey` (their merchant's, or the TID not found), for the records feed. */
  escalationsByOpenRecord: { name: 'byOpenRecord', partitionKey: 'openRecordKey', sortKey: 'createdAt' },
} as const;

export const KEYS = {
  merchants: { partitionKey: 'merchantId' },
  terminals: { partitionKey: 'terminalId' },
  models: { partitionKey: 'brand', sortKey: 'model' },
  invoices: { partitionKey: 'merchantId', sortKey: 'invoiceId' },
  tickets: { partitionKey: 'ticketId' },
  escalations: { partitionKey: 'escalationId' },
  /** A helpdesk's delivery key and the ticket it carried; expires after DELIVERY_KEY_DAYS. */
  deliveries: { partitionKey: 'deliveryKey', timeToLive: 'expiresAt' },
  /** Write-once content of tickets and queue items, in the ticket's partition, by a reference made from the value. */
  content: { partitionKey: 'ticketId', sortKey: 'ref' },
  /** When automatic replies went to each address lately (lower case); an address quiet for a window expires. */
  replyLimits: { partitionKey: 'address', timeToLive: 'expiresAt' },
  /**
   * One item per record the feed or a load wrote (`<entity>#<key>`): its version, a delete's
   * tombstone, when it came and where an invoice is kept; and one per changeId seen
   * (`change#<id>`), which expires after CHANGE_ID_DAYS.
   */
  recordVersions: { partitionKey: 'recordKey', timeToLive: 'expiresAt' },
} as const;

/** Past this, a changeId delivered again is judged by its version alone (still STALE once applied). */
export const CHANGE_ID_DAYS = 14;

/** What a record item carries beside the record itself: its version at the source, when it came, which load wrote it. */
export const STAMP = { version: 'recordVersion', receivedAt: 'recordReceivedAt', loadId: 'recordLoadId' } as const;

/** Longer than any helpdesk keeps retrying one delivery (Standard Webhooks senders: a few days). */
export const DELIVERY_KEY_DAYS = 14;

/** The one value of `watch` on a ticket that is not final yet. */
export const WATCHED = 'DUE';
