import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDb } from '#adapters/dynamodb/db';
import { type TableKey } from '#adapters/dynamodb/schema';

import type { Records } from '#domain/triage/types';
import type { LifecycleTiming } from '#use-cases/timing';
import type { LocalReviewer } from './aws/cognito-users.ts';
import type { Alert } from './aws/sns-log.ts';
import type { LocalQueues } from './aws/sqs-queues.ts';
import type { Notice } from './dynamodb/supervisor.ts';
import type { TokenOptions } from './ops-tokens.ts';

import type { FaultInjector, FaultPlan } from './faults.ts';

import { type LambdaRuntime } from './lambda-runtime.ts';
import { type LocalInbox } from './mail-inbox.ts';
import { type SentEmail } from './mail-service.ts';

import { LocalStepFunctions } from './stepfunctions-local.ts';
import type { UsageMeter } from './usage.ts';
import { type WebhookSecrets } from './webhook-signing.ts';

/** What a local stack is started with, and what it hands back. */

export interface LocalStackOptions {
  /** Fixed ports for `npm start`; any left out is chosen free. */
  ports?: Partial<Record<'api' | 'ses' | 'dynamodb' | 'stepfunctions' | 'smtp' | 'console' | 'aws', number>>;
  records?: Records;
  progress?: (message: string) => void;
  /** Keep DynamoDB's data in this folder across starts; in memory when left out. */
  dataDir?: string;
  /** How often the scheduled functions (the reconciler) run locally; 5 s unless given. */
  scheduleEveryMs?: number;
  /** Shorter lifecycle deadlines, for tests that wait for the reconciler. */
  timing?: Partial<LifecycleTiming>;
  /** Inject faults into the handlers' AWS calls and the Lambda invocations. */
  faults?: FaultPlan;
  /** The intake routes' signing secrets; new random ones when left out. */
  webhookSecrets?: WebhookSecrets;
  /** The local gateway signs deliveries that come without a signature (for curl and the demo). */
  unsigned?: boolean;
  /** Where received mail is kept (the mail bucket's stand-in); a new temporary folder when left out. */
  mailDir?: string;
  /** The secret reviewers' local bearer tokens are made with (OPS_TOKEN); a new one when left out. */
  opsSecret?: string;
  /**
   * The reviewers' accounts the local user pool starts with (DEFAULT_LOCAL_REVIEWERS unless
   * given); with `dataDir`, the accounts admins made are kept there across starts.
   */
  reviewers?: readonly LocalReviewer[];
  /**
   * A records change re-runs the open escalations it can clear, as `--context
   * rerunOnRecordChange=true` makes the feed's functions do on AWS.
   */
  rerunOnRecordChange?: boolean;
  /**
   * Every queue's visibility timeout, in seconds, instead of the template's (360 s for the
   * records feed): for tests that wait for a failed message to come back and go dead-letter.
   */
  queueVisibilitySeconds?: number;
  /** Count what the handlers consume (the bench): their DynamoDB capacity, invocations, emails, requests, log bytes. */
  usage?: UsageMeter;
  /** What an alert published to the ops topic does; a warning line on stderr unless given. */
  onAlert?: (alert: Alert) => void;
  /** What the stack says while it runs (a dependency that died, a disk filling up); JSON lines on stderr unless given. */
  notice?: Notice;
  /** The stack stopped by itself, as a dependency it cannot run without is gone (said in `message`). */
  onStopped?: (message: string) => void;
}

export interface LocalStack {
  urls: {
    api: string;
    mailbox: string;
    dynamodb: string;
    stepfunctions: string;
    smtp: string;
    console: string;
    aws: string;
  };
  /** The support inbox: what SES receiving does with a raw message, and the SMTP listener in front of it. */
  inbox: LocalInbox;
  /** The secrets the intake routes verify signatures with. */
  webhookSecrets: WebhookSecrets;
  /** A reviewer's bearer token for the local ops API (an admin's with `admin`; good for 12 h unless `ttlSeconds`). */
  opsToken(reviewer: string, options?: Omit<TokenOptions, 'now'>): string;
  /** The stacks' outputs as the local stack answers them (a queue's URL is the local queue's). */
  outputs: Record<string, string>;
  /** The local SQS queues (named by logical ID), which the handlers and the AWS CLI reach on `urls.aws`. */
  queues: LocalQueues;
  /** Whether DynamoDB's tables were created now or kept from an earlier start. */
  tables: 'created' | 'reused';
  /** Runs every scheduled function once now (the reconciler), as its timer would. */
  runSchedules(): Promise<void>;
  runtime: LambdaRuntime;
  /** The fault injector, with what it injected so far, when faults were asked for. */
  faults: FaultInjector | null;
  stepFunctions: LocalStepFunctions;
  documentClient: DynamoDBDocumentClient;
  /** Table names by role, as the template named them. */
  tableNames: Record<TableKey, string>;
  /** The stack's tables for the DynamoDB adapters, on a client of the stack's own (not the handlers'). */
  db: DynamoDb;
  /** Emails the local SES has received (since an epoch second, if given), oldest first, from GET /store. */
  mailbox(sinceSeconds?: number): Promise<SentEmail[]>;
  stop(): Promise<void>;
}
