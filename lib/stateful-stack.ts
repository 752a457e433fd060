import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, StorageClass } from 'aws-cdk-lib/aws-s3';
import { AttributeType, Billing, ProjectionType, TableV2, type ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { ConsoleHosting } from './console/ops-console.ts';
import { INDEX, KEYS, TABLE_ENV, type TableKey } from '#adapters/dynamodb/schema';

export type TriageTables = Record<TableKey, ITableV2>;

const str = (name: string) => ({ name, type: AttributeType.STRING });

/**
 * The acquirer's records and the triage state. Kept apart from the stateless stack so that
 * redeploying code never replaces a table; every table is retained on stack deletion.
 */
export interface StatefulStackProps extends StackProps {
  /** Origins the ops console may call (the ops API's, the sign-in domain's), for its CSP. */
  consoleConnectTo: string[];
}

export class StatefulStack extends Stack {
  readonly tables: TriageTables;
  /** The ops console's bucket and CloudFront distribution: its address outlives any deployment. */
  readonly console: ConsoleHosting;
  /** Raw messages to the support inbox, as SES received them. */
  readonly mailBucket: Bucket;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);

    const table = (id: string, props: Omit<ConstructorParameters<typeof TableV2>[2], 'billing'>) =>
      new TableV2(this, id, {
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
        ...[INDEX.ticketsByTerminal, INDEX.ticketsByMerchant].map((index) => ({
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

    this.tables = { merchants, terminals, models, invoices, tickets, escalations, deliveries, content };

    this.mailBucket = new Bucket(this, 'InboundMail', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          transitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) }],
          expiration: Duration.days(365),
        },
      ],
    });
    Validations.of(this.mailBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Only SES writes to the raw-mail bucket and only the ingest function reads it; object access is audited with CloudTrail data events, not server access logs.',
    });
    this.console = new ConsoleHosting(this, 'OpsConsole', { connectTo: props.consoleConnectTo });
    for (const [key, t] of Object.entries(this.tables)) {
      new CfnOutput(this, `${key}TableName`, {
        value: t.tableName,
        description: `export ${TABLE_ENV[key as TableKey]}=<this> before npm run seed`,
      });
    }
  }
}
