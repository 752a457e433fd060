import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { ConsoleHosting } from './console/ops-console.ts';
import { TABLE_ENV, type TableKey } from '#adapters/dynamodb/schema';
import { createExportsBucket } from './exports-bucket.ts';
import { createMailBucket } from './mail-bucket.ts';
import { createTriageTables, type TriageTables } from './triage-tables.ts';

export type { TriageTables } from './triage-tables.ts';

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
  /** Full exports of the records for the cloud load, and its reports. */
  readonly exportsBucket: Bucket;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);

    this.tables = createTriageTables(this);
    this.mailBucket = createMailBucket(this);
    this.exportsBucket = createExportsBucket(this);
    new CfnOutput(this, 'RecordExportsBucket', {
      value: this.exportsBucket.bucketName,
      description: 'put a full export here, then start the RecordsLoadStateMachineArn with {"key": "<its key>"}',
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
