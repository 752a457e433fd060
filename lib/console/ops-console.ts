import {
  AssetHashType,
  Aws,
  CfnOutput,
  DockerImage,
  Duration,
  Names,
  RemovalPolicy,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import {
  AllowedMethods,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
  type IDistribution,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { buildConsole, CONSOLE_SOURCE, consolePage } from './build.ts';
import { consoleCsp } from './csp.ts';
import type { ConsoleConfig } from './config.ts';

export interface ConsoleHostingProps {
  /** Origins the console calls: the ops API's and the sign-in domain's. */
  connectTo: string[];
}

/**
 * Where the ops console lives: a private bucket behind CloudFront (origin access control), with
 * a strict Content-Security-Policy on every response. Its domain is what reviewers bookmark and
 * what the sign-in redirects to, so it stays with the stateful resources.
 */
export class ConsoleHosting extends Construct {
  readonly bucket: IBucket;
  readonly distribution: IDistribution;
  /** `https://<id>.cloudfront.net`, no trailing slash. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    const bucket = new Bucket(this, 'Assets', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const headers = new ResponseHeadersPolicy(this, 'Headers', {
      // Policy names are account-wide: the region keeps a second deployment's apart.
      responseHeadersPolicyName: `${Names.uniqueResourceName(this, { maxLength: 100 })}-${Aws.REGION}`,
      comment: 'code-97 ops console: CSP, HSTS, no framing, no sniffing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: consoleCsp(props.connectTo), override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
    const distribution = new Distribution(this, 'Distribution', {
      comment: 'code-97 triage ops console',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_200,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        responseHeadersPolicy: headers,
        compress: true,
      },
    });
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'The console bucket holds the built static assets only, written by the deployment and read by CloudFront; CloudFront logs the reads.',
    });
    Validations.of(distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'Ops staff sign in from wherever the acquirer works; the console holds no data and the API checks every token.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'A static console behind Cognito sign-in; the API it calls is throttled. Attach a WAF web ACL where the acquirer runs one.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason: 'Static assets only; enable standard logging to the acquirer\u2019s log bucket where required.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The default *.cloudfront.net certificate; with a custom domain and certificate, set minimumProtocolVersion TLSv1.2_2021.',
      },
    );
    this.bucket = bucket;
    this.distribution = distribution;
    this.url = `https://${distribution.distributionDomainName}`;
    new CfnOutput(this, 'Url', { key: 'OpsConsoleUrl', value: `${this.url}/` });
  }
}

export interface ConsoleDeploymentProps {
  hosting: ConsoleHosting;
  config: ConsoleConfig;
  /** The exact origins the page may call (the API's, the sign-in's), for its own policy. */
  connectTo: string[];
}

/**
 * The built console and its config.json in the hosting bucket; CloudFront's cache is
 * invalidated at each deployment so reviewers get the new build at once.
 */
export class ConsoleDeployment extends Construct {
  constructor(scope: Construct, id: string, props: ConsoleDeploymentProps) {
    super(scope, id);
    const assets = Source.asset(CONSOLE_SOURCE, {
      // The build takes in the domain rules and Preact too: hash what was built, not the folder.
      assetHashType: AssetHashType.OUTPUT,
      bundling: {
        // esbuild runs here, in the CDK process; there is no container build.
        image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22-slim'),
        command: [
          'sh',
          '-c',
          'echo "the ops console is built locally with esbuild: run cdk from the project after npm ci" >&2; exit 1',
        ],
        local: {
          tryBundle(outputDir: string) {
            buildConsole(outputDir, undefined, { page: false });
            return true;
          },
        },
      },
    });
    // The bucket crosses stacks under named exports, so the deployment's grants can be acknowledged by name.
    const { bucket } = props.hosting;
    const hostingStack = Stack.of(bucket);
    const arnExport = `${hostingStack.stackName}:OpsConsoleBucketArn`;
    const destinationBucket = Bucket.fromBucketAttributes(this, 'Target', {
      bucketArn: hostingStack.exportValue(bucket.bucketArn, { name: arnExport }),
      bucketName: hostingStack.exportValue(bucket.bucketName, {
        name: `${hostingStack.stackName}:OpsConsoleBucketName`,
      }),
    });
    new BucketDeployment(this, 'Assets', {
      sources: [
        assets,
        Source.data('index.html', consolePage(consoleCsp(props.connectTo, { meta: true }))),
        Source.jsonData('config.json', props.config),
      ],
      destinationBucket,
      distribution: props.hosting.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 256,
    });
    const handler = "CDK's BucketDeployment handler, which runs only while deploying,";
    Validations.of(Stack.of(this)).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: `${handler} logs with the basic execution role.`,
      },
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: `${handler} reads its asset zips and replaces the console's files (aws-cdk-lib's grants).`,
      })),
      {
        id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
        reason: `${handler} reads the console's build from the CDK assets bucket.`,
      },
      {
        id: `AwsSolutions-IAM5[Resource::${arnExport}/*]`,
        reason: `${handler} writes the console's files, whose keys change with each build.`,
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: `${handler} invalidates the console's CloudFront cache; CreateInvalidation is granted on the distribution by aws-cdk-lib.`,
      },
      {
        id: 'AwsSolutions-L1',
        reason: `${handler} has its runtime chosen by aws-cdk-lib, and it moves with its upgrades.`,
      },
    );
  }
}
