import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, type ITableV2, ProjectionType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { INDEX, KEYS, type TableKey } from '#adapters/dynamodb/schema';

export type TriageTables = Record<TableKey, ITableV2>;

const str = (name: string) => ({ name, type: AttributeType.STRING });

/**
 * Every table, its keys and indexes from the schema the adapters read: on demand, recoverable
 * to any point, protected from deletion and retained with the stack. Created in the stack's
 * own scope, so their logical IDs (and the data behind them) never move.
 */
export function createTriageTables(scope: Construct): TriageTables {
  const table = (id: string, props: Omit<ConstructorParameters<typeof TableV2>[2], 'billing'>) =>
    new TableV2(scope, id, {
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      ...props,
    });

  const merchants = table('MerchantsTable', {
    partitionKey: str(KEYS.merchants.partitionKey),
    globalSecondaryIndexes: [
      {
        indexName: INDEX.merchantsByContactEmail.name,
        partitionKey: str(INDEX.merchantsByContactEmail.partitionKey),
      },
    ],
  });

  const terminals = table('TerminalsTable', {
    partitionKey: str(KEYS.terminals.partitionKey),
    globalSecondaryIndexes: [
      {
        indexName: INDEX.terminalsBySerialNumber.name,
        partitionKey: str(INDEX.terminalsBySerialNumber.partitionKey),
      },
      {
        indexName: INDEX.terminalsByMerchant.name,
        partitionKey: str(INDEX.terminalsByMerchant.partitionKey),
        sortKey: str(INDEX.terminalsByMerchant.sortKey),
      },
    ],
  });

  const models = table('ModelsTable', {
    partitionKey: str(KEYS.models.partitionKey),
    sortKey: str(KEYS.models.sortKey),
  });

  const invoices = table('InvoicesTable', {
    partitionKey: str(KEYS.invoices.partitionKey),
    sortKey: str(KEYS.invoices.sortKey),
  });

  const tickets = table('TicketsTable', {
    partitionKey: str(KEYS.tickets.partitionKey),
    globalSecondaryIndexes: [
      {
        indexName: INDEX.ticketsAutoResolvedByTerminal.name,
        partitionKey: str(INDEX.ticketsAutoResolvedByTerminal.partitionKey),
        sortKey: { name: INDEX.ticketsAutoResolvedByTerminal.sortKey, type: AttributeType.NUMBER },
        projectionType: ProjectionType.INCLUDE,
        nonKeyAttributes: [...INDEX.ticketsAutoResolvedByTerminal.projected],
      },
      ...[INDEX.ticketsByTerminal, INDEX.ticketsByMerchant, INDEX.ticketsBySender].map((index) => ({
        indexName: index.name,
        partitionKey: str(index.partitionKey),
        sortKey: { name: index.sortKey, type: AttributeType.NUMBER },
        projectionType: ProjectionType.KEYS_ONLY,
      })),
      {
        indexName: INDEX.ticketsByDay.name,
        partitionKey: str(INDEX.ticketsByDay.partitionKey),
        sortKey: { name: INDEX.ticketsByDay.sortKey, type: AttributeType.NUMBER },
        projectionType: ProjectionType.INCLUDE,
        nonKeyAttributes: [...INDEX.ticketsByDay.projected],
      },
      {
        indexName: INDEX.ticketsByReference.name,
        partitionKey: str(INDEX.ticketsByReference.partitionKey),
        projectionType: ProjectionType.KEYS_ONLY,
      },
      {
        indexName: INDEX.ticketsByReplyMessage.name,
        partitionKey: str(INDEX.ticketsByReplyMessage.partitionKey),
        projectionType: ProjectionType.KEYS_ONLY,
      },
      {
        indexName: INDEX.ticketsDue.name,
        partitionKey: str(INDEX.ticketsDue.partitionKey),
        sortKey: { name: INDEX.ticketsDue.sortKey, type: AttributeType.NUMBER },
        projectionType: ProjectionType.KEYS_ONLY,
      },
    ],
  });

  const escalations = table('EscalationsTable', {
    partitionKey: str(KEYS.escalations.partitionKey),
    globalSecondaryIndexes: [
      {
        indexName: INDEX.escalationsByStatus.name,
        partitionKey: str(INDEX.escalationsByStatus.partitionKey),
        sortKey: str(INDEX.escalationsByStatus.sortKey),
      },
      {
        indexName: INDEX.escalationsByOpenRecord.name,
        partitionKey: str(INDEX.escalationsByOpenRecord.partitionKey),
        sortKey: str(INDEX.escalationsByOpenRecord.sortKey),
        projectionType: ProjectionType.INCLUDE,
        nonKeyAttributes: ['terminalId', 'diagnosis', 'findings', 'status'],
      },
    ],
  });

  const deliveries = table('DeliveriesTable', {
    partitionKey: str(KEYS.deliveries.partitionKey),
    timeToLiveAttribute: KEYS.deliveries.timeToLive,
  });

  const content = table('ContentTable', {
    partitionKey: str(KEYS.content.partitionKey),
    sortKey: str(KEYS.content.sortKey),
  });

  const replyLimits = table('ReplyLimitsTable', {
    partitionKey: str(KEYS.replyLimits.partitionKey),
    timeToLiveAttribute: KEYS.replyLimits.timeToLive,
  });

  const recordVersions = table('RecordVersionsTable', {
    partitionKey: str(KEYS.recordVersions.partitionKey),
    timeToLiveAttribute: KEYS.recordVersions.timeToLive,
  });

  return {
    merchants,
    terminals,
    models,
    invoices,
    tickets,
    escalations,
    deliveries,
    content,
    replyLimits,
    recordVersions,
  };
}
