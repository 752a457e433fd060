import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import sesModule from 'aws-ses-v2-local';
import { INDEX, TABLE_ENV, WATCHED } from '#adapters/dynamodb/schema';
import { RECORD_TABLES, seedRecords } from '#adapters/dynamodb/records';
import type { Records } from '#domain/triage/types';
import type { LifecycleTiming } from '#use-cases/timing';
import { LOCAL_REGION, loadLocalAssembly } from './cloud-assembly.ts';
import { createTables, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb/dynamodb-local.ts';
import { freePort } from './ports.ts';
import { recordsFingerprint } from './records.ts';
import { startHttpApi } from './http-api.ts';
import { loadFunctions, type LambdaRuntime } from './lambda-runtime.ts';
import { FaultInjector, injectIntoClient, type FaultPlan } from './faults.ts';
import { LocalStepFunctions } from './stepfunctions-local.ts';
import { newWebhookSecrets, signUnsigned, type WebhookSecrets } from './webhook-signing.ts';
import { localInbox, type LocalInbox } from './mail-inbox.ts';
import { startSmtp } from './smtp.ts';
import { startConsoleServer } from './console-server.ts';
import { newOpsSecret, opsTokenFor, reviewerOfToken } from './ops-tokens.ts';
import { meterDynamoDb, meterSes, type UsageMeter } from './usage.ts';

/** Beside DynamoDB's kept data: which records were last seeded into it, written once they all were. */
const SEEDED_MARK = 'seeded-records.sha256';

export interface LocalStackOptions {
  /** Fixed ports for `npm start`; any left out is chosen free. */
  ports?: Partial<Record<'api' | 'ses' | 'dynamodb' | 'stepfunctions' | 'smtp' | 'console', number>>;
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
  /** Count what the handlers consume (the bench): their DynamoDB capacity, invocations, emails, requests, log bytes. */
  usage?: UsageMeter;
}

export interface SentEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string };
  at: number;
}

export interface LocalStack {
  urls: { api: string; mailbox: string; dynamodb: string; stepfunctions: string; smtp: string; console: string };
  /** The support inbox: what SES receiving does with a raw message, and the SMTP listener in front of it. */
  inbox: LocalInbox;
  /** The secrets the intake routes verify signatures with. */
  webhookSecrets: WebhookSecrets;
  /** A reviewer's bearer token for the ops API (what the ops user pool's sign-in gives on AWS). */
  opsToken(reviewer: string): string;
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
  tableNames: Record<keyof typeof TABLE_ENV, string>;
  /** Emails the local SES has received (since an epoch second, if given), oldest first, from GET /store. */
  mailbox(sinceSeconds?: number): Promise<SentEmail[]>;
  stop(): Promise<void>;
}

/** aws-ses-v2-local is CommonJS with an `exports.default`; from ESM it arrives one level down. */
const sesServer = ((sesModule as unknown as { default?: typeof sesModule }).default ?? sesModule) as typeof sesModule;

const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/** The newest emails the local mail service keeps for its inbox page; older ones are let go. */
export const MAIL_KEPT = 1_000;
const sesStore = createRequire(import.meta.url)('aws-ses-v2-local/dist/store.js') as {
  getStoreReadonly(): { emails: unknown[] };
};
const trimMailStore = () => {
  const { emails } = sesStore.getStoreReadonly();
  if (emails.length > MAIL_KEPT) emails.splice(0, emails.length - MAIL_KEPT);
};

/**
 * Workflow runs live in this process, so those of an earlier start died with it: every ticket
 * it left unfinished is due now, and the reconciler's next pass drives it on.
 */
async function resumeUnfinished(client: DynamoDBDocumentClient, ticketsTable: string): Promise<number> {
  const index = INDEX.ticketsDue;
  let resumed = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: ticketsTable,
        IndexName: index.name,
        KeyConditionExpression: '#w = :due',
        ExpressionAttributeNames: { '#w': index.partitionKey },
        ExpressionAttributeValues: { ':due': WATCHED },
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) {
      await client.send(
        new UpdateCommand({
          TableName: ticketsTable,
          Key: { ticketId: item.ticketId },
          UpdateExpression: 'SET watchAtEpochMs = :now',
          ExpressionAttributeValues: { ':now': 0 },
        }),
      );
      resumed++;
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return resumed;
}

/**
 * The whole stack on 127.0.0.1: DynamoDB Local (child process), SES (aws-ses-v2-local) and the
 * state machine (aws-local-stepfunctions) in this process, every table, function and route taken
 * from the synthesized CDK templates. The SDK clients in the handlers reach the services through
 * AWS_ENDPOINT_URL_* variables, exactly as they would reach AWS.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const progress = options.progress ?? (() => undefined);
  // A port picked free here must not be one asked for by number: that one is bound only later,
  // and the system may hand a just-released port out again.
  const taken = new Set(Object.values(options.ports ?? {}));
  const pick = async (given: number | undefined) => {
    if (given) return given;
    for (;;) {
      const port = await freePort();
      if (!taken.has(port)) {
        taken.add(port);
        return port;
      }
    }
  };
  const ports = {
    ses: await pick(options.ports?.ses),
    stepfunctions: await pick(options.ports?.stepfunctions),
    dynamodb: await pick(options.ports?.dynamodb),
    console: await pick(options.ports?.console),
  };
  const stopping: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const fn of [...stopping].reverse()) await fn().catch(() => undefined);
    stopping.length = 0;
  };

  try {
    progress('starting DynamoDB Local');
    const ddbStarting = startDynamoDbLocal({
      port: ports.dynamodb,
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    });
    ddbStarting.then(
      (d: DynamoDbLocal) => stopping.push(d.stop),
      () => undefined,
    );
    progress('reading the CDK templates (synthesized again only when the sources changed)');
    const assembly = await loadLocalAssembly();

    // Every endpoint is known before DynamoDB Local answers, so the handlers (whose SDK clients
    // read them as they are made) load while the JVM starts.
    const urls = {
      dynamodb: `http://127.0.0.1:${ports.dynamodb}`,
      mailbox: `http://127.0.0.1:${ports.ses}`,
      stepfunctions: `http://127.0.0.1:${ports.stepfunctions}`,
    };
    const timing = options.timing ?? {};
    const webhookSecrets = options.webhookSecrets ?? newWebhookSecrets();
    const mailDir = options.mailDir ?? (await mkdtemp(path.join(tmpdir(), 'code97-mail-')));
    if (!options.mailDir) stopping.push(() => rm(mailDir, { recursive: true, force: true }));
    Object.assign(process.env, {
      LOCAL_MAIL_DIR: mailDir,
      LOCAL_ALERTS: 'log',
      TRIAGE_WEBHOOK_SECRET: webhookSecrets.triage,
      ZENDESK_WEBHOOK_SECRET: webhookSecrets.zendesk,
      ...(timing.decideWithinMs ? { DECIDE_WITHIN_MS: String(timing.decideWithinMs) } : {}),
      ...(timing.sendWithinMs ? { SEND_WITHIN_MS: String(timing.sendWithinMs) } : {}),
      ...(timing.maxRuns ? { MAX_RUNS: String(timing.maxRuns) } : {}),
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: urls.dynamodb,
      AWS_ENDPOINT_URL_SES: urls.mailbox,
      AWS_ENDPOINT_URL_SFN: urls.stepfunctions,
    });
    progress(`loading ${assembly.functions.length} Lambda handlers`);
    const runtimeLoading = loadFunctions(assembly.functions);
    runtimeLoading.catch(() => undefined);

    const ses = await sesServer({ host: '127.0.0.1', port: ports.ses });
    stopping.push(() => closeServer(ses));
    await fetch(`${urls.mailbox}/clear-store`, { method: 'POST' });
    await ddbStarting;

    const rawClient = new DynamoDBClient({ endpoint: urls.dynamodb });
    const documentClient = DynamoDBDocumentClient.from(rawClient);
    stopping.push(async () => rawClient.destroy());
    progress(`creating ${assembly.tables.length} tables`);
    const { state: tables, reused } = await createTables(rawClient, assembly.tables);

    const runtime = await runtimeLoading;
    const tableNames = Object.fromEntries(
      Object.entries(TABLE_ENV).map(([key, env]) => [key, process.env[env] ?? '']),
    ) as LocalStack['tableNames'];
    if (options.records) {
      // Kept data already holding these very records is not written again: a start with
      // nothing changed pays for the JVM, not for the records (200,000 rows took 24–42 s here).
      const mark = options.dataDir ? path.join(options.dataDir, SEEDED_MARK) : null;
      const fingerprint = mark ? recordsFingerprint(options.records, tableNames) : '';
      const allKept = RECORD_TABLES.every((table) => reused.has(tableNames[table]));
      if (mark && allKept && (await readFile(mark, 'utf8').catch(() => '')) === fingerprint) {
        progress('the records are as last seeded; kept, not written again');
      } else {
        if (mark) await rm(mark, { force: true });
        progress('seeding the records');
        const count = await seedRecords(documentClient, options.records, tableNames);
        progress(`seeded ${count} records`);
        if (mark) await writeFile(mark, fingerprint);
      }
    }

    if (options.usage) {
      const usage = options.usage;
      runtime.observer = (logicalId, memoryMb, ms) => usage.countInvocation(logicalId, memoryMb, ms);
      const undo = [
        meterDynamoDb((await import('#adapters/aws/dynamodb-client')).documentClient, usage),
        meterSes((await import('#adapters/aws/ses-client')).sesClient, usage),
        (await import('#adapters/lambda/logger')).logger.redirect(
          (line) => (usage.functionLogBytes += Buffer.byteLength(line)),
        ),
      ];
      stopping.push(async () => undo.forEach((u) => u()));
    }

    let faults: FaultInjector | null = null;
    if (options.faults) {
      const injector = new FaultInjector(options.faults);
      faults = injector;
      runtime.faults = injector;
      const clients = [
        [(await import('#adapters/aws/dynamodb-client')).documentClient, 'dynamodb'],
        [(await import('#adapters/aws/ses-client')).sesClient, 'ses'],
        [(await import('#adapters/aws/sfn-client')).sfnClient, 'sfn'],
      ] as const;
      for (const [client, target] of clients) {
        const undo = injectIntoClient(client, target, injector);
        stopping.push(async () => undo());
      }
      progress(
        `injecting faults into ${Math.round(options.faults.rate * 100)} % of calls (${options.faults.kinds.join(', ')} into ${options.faults.targets.join(', ')}; seed ${options.faults.seed})`,
      );
    }

    const stepFunctions = new LocalStepFunctions(
      assembly.stateMachine.arn,
      assembly.stateMachine.definition,
      runtime,
      assembly.stateMachine.logLevel,
    );
    await stepFunctions.listen(ports.stepfunctions);
    stopping.push(() => stepFunctions.close());

    if (!assembly.mailIngest) throw new Error('the templates hold no SES receipt rule for the support inbox');
    const inbox = localInbox(runtime, assembly.mailIngest, mailDir);
    const smtp = await startSmtp(inbox, options.ports?.smtp);
    stopping.push(smtp.close);

    const opsSecret = options.opsSecret ?? newOpsSecret();
    // The console's origin is known before the API starts, as its CloudFront domain is on AWS.
    const consolePort = ports.console;
    const consoleOrigin = `http://127.0.0.1:${consolePort}`;
    const api = await startHttpApi(runtime, assembly.routes, {
      ...(assembly.cors ? { cors: { ...assembly.cors, allowOrigins: [consoleOrigin] } } : {}),
      ...(options.usage ? { onRequest: () => void (options.usage && (options.usage.apiRequests += 1)) } : {}),
      ...(options.ports?.api ? { port: options.ports.api } : {}),
      ...(options.unsigned
        ? { headerHook: (route, headers, body) => signUnsigned(webhookSecrets, route, headers, body) }
        : {}),
      jwt: (authorization) => {
        const reviewer = reviewerOfToken(opsSecret, authorization);
        return reviewer ? { username: reviewer, 'cognito:username': reviewer } : null;
      },
    });
    stopping.push(() => closeServer(api.server));
    const opsConsole = await startConsoleServer({ apiUrl: api.url, port: consolePort });
    stopping.push(opsConsole.close);

    if (tables === 'reused') {
      const resumed = await resumeUnfinished(documentClient, tableNames.tickets);
      if (resumed) progress(`${resumed} tickets left unfinished by the last run are due again`);
    }
    const runSchedules = async () => {
      for (const { functionArn } of assembly.schedules) await runtime.invoke(functionArn, {}).catch(() => undefined);
    };
    const mailTrimmer = setInterval(trimMailStore, 1_000);
    mailTrimmer.unref();
    stopping.push(async () => clearInterval(mailTrimmer));
    const timer = setInterval(() => void runSchedules(), options.scheduleEveryMs ?? 5_000);
    stopping.push(async () => clearInterval(timer));

    return {
      urls: { ...urls, api: api.url, smtp: `smtp://127.0.0.1:${smtp.port}`, console: opsConsole.url },
      webhookSecrets,
      opsToken: (reviewer) => opsTokenFor(opsSecret, reviewer),
      inbox,
      tables,
      runSchedules,
      faults,
      runtime,
      stepFunctions,
      documentClient,
      tableNames,
      mailbox: async (sinceSeconds?: number) => {
        const response = await fetch(
          `${urls.mailbox}/store${sinceSeconds === undefined ? '' : `?since=${sinceSeconds}`}`,
        );
        return ((await response.json()) as { emails: SentEmail[] }).emails;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
