import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { RESULTS_PREFIX } from '#adapters/s3/export-keys';

/**
 * Full exports of the acquirer's records, put here for the cloud load (or diff) to read, and
 * each job's report: private, TLS only, retained. A Map Run's result files go after 30 days;
 * the exports and reports are the operator's to keep or delete.
 */
export function createExportsBucket(scope: Construct): Bucket {
  const bucket = new Bucket(scope, 'RecordExports', {
    encryption: BucketEncryption.S3_MANAGED,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [{ prefix: RESULTS_PREFIX, expiration: Duration.days(30) }],
  });
  Validations.of(bucket).acknowledge({
    id: 'AwsSolutions-S1',
    reason:
      "The acquirer's operators put exports here and only the records load reads them; object access is audited with CloudTrail data events, not server access logs.",
  });
  return bucket;
}
