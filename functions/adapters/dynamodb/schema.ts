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
} as const;

export type TableKey = keyof typeof TABLE_ENV;

export const INDEX = {
  merchantsByContactEmail: { name: 'byContactEmail', partitionKey: 'contactEmailKey' },
  terminalsBySerialNumber: { name: 'bySerialNumber', partitionKey: 'serialNumber' },
  terminalsByMerchant: { name: 'byMerchant', partitionKey: 'merchantId', sortKey: 'terminalId' },
  ticketsAutoResolvedByTerminal: {
    name: 'autoResolvedByTerminal',
    partitionKey: 'autoResolvedTerminalId',
    sortKey: 'receivedAtEpochMs',
  },
  /** Sparse (decided tickets that named one): the decision records of a terminal or a merchant, newest first. */
  ticketsByTerminal: { name: 'byTerminal', partitionKey: 'terminalKey', sortKey: 'receivedAtEpochMs' },
  ticketsByMerchant: { name: 'byMerchant', partitionKey: 'merchantKey', sortKey: 'receivedAtEpochMs' },
  /** Every ticket by its day in China Standard Time, with what the overview counts projected. */
  ticketsByDay: { name: 'byDay', partitionKey: 'day', sortKey: 'receivedAtEpochMs', projected: ['outcome', 'diagnosis', 'triggered', 'confirmedFixed', 'status'] },
  /** Sparse, keys only: a merchant's reply names our email by its Message-ID. */
  ticketsByReplyMessage: { name: 'byReplyMessageId', partitionKey: 'emailMessageId' },
  /** Sparse: only tickets not final yet carry `watch`, so the reconciler reads just those. */
  ticketsDue: { name: 'byWatch', partitionKey: 'watch', sortKey: 'watchAtEpochMs' },
  escalationsByStatus: { name: 'byStatus', partitionKey: 'status', sortKey: 'createdAt' },
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
} as const;

/** Longer than any helpdesk keeps retrying one delivery (Standard Webhooks senders: a few days). */
export const DELIVERY_KEY_DAYS = 14;

/** The one value of `watch` on a ticket that is not final yet. */
export const WATCHED = 'DUE';
