import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, StorageClass } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/** Raw messages to the support inbox, as SES received them: private, TLS only, kept a year. */
export function createMailBucket(scope: Construct): Bucket {
  const bucket = new Bucket(scope, 'InboundMail', {
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
  Validations.of(bucket).acknowledge({
    id: 'AwsSolutions-S1',
    reason:
      'Only SES writes to the raw-mail bucket and only the ingest function reads it; object access is audited with CloudTrail data events, not server access logs.',
  });
  return bucket;
}
