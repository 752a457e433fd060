import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { TABLE_ENV } from '#adapters/dynamodb/schema';
import { ENV } from '#adapters/lambda/env-names';
import { ADMIN_GROUP } from '#adapters/lambda/reviewer';

import type { LifecycleTiming } from '#use-cases/timing';
import type { Alert } from './aws/sns-log.ts';
import { LOCAL_REGION, loadLocalAssembly } from './cloud-assembly.ts';
import { startConsoleServer } from './console-server.ts';
import { createTables, startDynamoDbLocal } from './dynamodb/dynamodb-local.ts';
import { type Notice, superviseDynamoDb } from './dynamodb/supervisor.ts';
import type { FaultInjector } from './faults.ts';
import { startHttpApi } from './http-api.ts';
import { resumeUnfinished, seedUnlessKept } from './kept-data.ts';
import { loadFunctions, mergedEnvironment } from './lambda-runtime.ts';
import { localInbox } from './mail-inbox.ts';
import { startMailService } from './mail-service.ts';
import { claimsOfToken, DEFAULT_LOCAL_REVIEWERS, newOpsSecret, opsTokenFor } from './ops-tokens.ts';
import { freePort } from './ports.ts';
import { startSmtp } from './smtp.ts';
import type { LocalStack, LocalStackOptions } from './stack-types.ts';
import { LocalStepFunctions } from './stepfunctions-local.ts';
import { localQueues } from './aws/sqs-queues.ts';
import { pollQueues } from './queue-poller.ts';

import { hintUnsigned, newWebhookSecrets, signUnsigned } from './webhook-signing.ts';

export { MAIL_KEPT, type SentEmail } from './mail-service.ts';

export type { LocalStack, LocalStackOptions } from './stack-types.ts';

/** Stops taking connections and ends the idle keep-alive ones at once (a browser's would hold close() open for seconds). */
const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
const printAlert = (alert: Alert) =>
  void process.stderr.write(
    `${JSON.stringify({ level: 'warn', message: 'alert', topicArn: alert.topicArn, subject: alert.subject, alert: alert.message })}\n`,
  );

/** For a command line: the stack stopped by itself (a dependency it needs is gone), said on stderr, exit status 1. */
export const exitWhenStopped =
  (command: string) =>
  (message: string): never => {
    process.stderr.write(`${command}: stopped by itself: ${message}\n`);
    process.exit(1);
  };

const printNotice: Notice = (level, message) =>
  void process.stderr.write(`${JSON.stringify({ level, message: 'local stack', detail: message })}\n`);

/** Free ports for what was not given one; a port picked free is never one asked for by number (bound only later). */
async function portsFor(given: LocalStackOptions['ports'] = {}) {
  const taken = new Set(Object.values(given));
  const pick = async (port: number | undefined) => {
    if (port) return port;
    for (;;) {
      const free = await freePort();
      if (!taken.has(free)) {
        taken.add(free);
        return free;
      }
    }
  };
  return {
    ses: await pick(given.ses),
    stepfunctions: await pick(given.stepfunctions),
    dynamodb: await pick(given.dynamodb),
    console: await pick(given.console),
    aws: await pick(given.aws),
  };
}

/** What the handlers' SDK clients and settings read, set before they load: the local endpoints and deadlines. */
function handlerEnvironment(
  ports: Awaited<ReturnType<typeof portsFor>>,
  timing: Partial<LifecycleTiming>,
  rerunOnRecordChange: boolean,
) {
  const at = (port: number) => `http://127.0.0.1:${port}`;
  Object.assign(process.env, {
    // The variable the context's rerunOnRecordChange gives the feed's functions (and, in this one process, all of them).
    [ENV.rerunOnRecordChange]: rerunOnRecordChange ? 'true' : '',
    ...(timing.decideWithinMs ? { [ENV.decideWithinMs]: String(timing.decideWithinMs) } : {}),
    ...(timing.sendWithinMs ? { [ENV.sendWithinMs]: String(timing.sendWithinMs) } : {}),
    ...(timing.maxRuns ? { [ENV.maxRuns]: String(timing.maxRuns) } : {}),
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: at(ports.dynamodb),
    AWS_ENDPOINT_URL_SESV2: at(ports.ses),
    AWS_ENDPOINT_URL_SFN: at(ports.stepfunctions),
    AWS_ENDPOINT_URL_S3: at(ports.aws),
    AWS_ENDPOINT_URL_SNS: at(ports.aws),
    AWS_ENDPOINT_URL_SQS: at(ports.aws),
    AWS_ENDPOINT_URL_SECRETS_MANAGER: at(ports.aws),
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: at(ports.aws),
  });
}

/**
 * The whole stack on 127.0.0.1: DynamoDB Local (child process), SES (aws-ses-v2-local), the
 * state machine (aws-local-stepfunctions) and the parts of S3, SNS and Secrets Manager the
 * handlers use, every table, function and route taken from the synthesized CDK templates. The
 * SDK clients in the handlers reach the services through AWS_ENDPOINT_URL_* variables, exactly
 * as they would reach AWS.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const progress = options.progress ?? (() => undefined);
  const ports = await portsFor(options.ports);
  /** What to undo at stop, last started first; a named part says so as it stops (`npm start` prints it). */
  const stopping: Array<{ run: () => Promise<void>; what?: string }> = [];
  const onStop = (run: () => Promise<void>, what?: string) => void stopping.push({ run, ...(what ? { what } : {}) });
  /** Told first when the stack stops, before any part is: what watches a part for failure. */
  const quiescing: Array<() => void> = [];
  const stop = async () => {
    for (const quiesce of quiescing) quiesce();
    for (const { run, what } of [...stopping].reverse()) {
      if (what) progress(`stopping ${what}`);
      await run().catch(() => undefined);
    }
    stopping.length = 0;
  };

  try {
    progress('starting DynamoDB Local');
    const ddbOptions = { port: ports.dynamodb, ...(options.dataDir ? { dataDir: options.dataDir } : {}) };
    const ddbStarting = startDynamoDbLocal(ddbOptions);
    const notice = options.notice ?? printNotice;
    ddbStarting.then(
      (first) => {
        const supervised = superviseDynamoDb(first, {
          restart: options.dataDir ? () => startDynamoDbLocal(ddbOptions) : null,
          ...(options.dataDir ? { dataDir: options.dataDir } : {}),
          notice,
          onLost: (message) => {
            notice('error', message);
            void stop().then(() => options.onStopped?.(message));
          },
        });
        quiescing.push(supervised.quiesce);
        onStop(
          supervised.stop,
          options.dataDir
            ? 'DynamoDB Local (its data is written as each request is)'
            : 'DynamoDB Local (in memory: its data goes with it)',
        );
      },
      () => undefined,
    );
    progress('reading the CDK templates (synthesized again only when the sources changed)');
    const assembly = await loadLocalAssembly();
    if (!assembly.mailIngest) throw new Error('the templates hold no SES receipt rule for the support inbox');
    const env = mergedEnvironment(assembly.functions);
    const tableNames = Object.fromEntries(
      Object.entries(TABLE_ENV).map(([key, name]) => [key, env[name] ?? '']),
    ) as LocalStack['tableNames'];

    // Every endpoint is known before DynamoDB Local answers, so the handlers (whose SDK clients
    // read them as they are made) load while the JVM starts.
    handlerEnvironment(ports, options.timing ?? {}, options.rerunOnRecordChange === true);
    progress(`loading ${assembly.functions.length} Lambda handlers`);
    const runtimeLoading = loadFunctions(assembly.functions);
    runtimeLoading.catch(() => undefined);

    const webhookSecrets = options.webhookSecrets ?? newWebhookSecrets();
    const mailDir = options.mailDir ?? (await mkdtemp(path.join(tmpdir(), 'code97-mail-')));
    if (!options.mailDir) onStop(() => rm(mailDir, { recursive: true, force: true }));
    const { startLocalEndpoints } = await import('./aws/endpoints.ts');
    const visibility = options.queueVisibilitySeconds;
    const queues = localQueues(
      assembly.queues.map((q) => (visibility === undefined ? q : { ...q, visibilityTimeoutSeconds: visibility })),
    );
    const endpoints = await startLocalEndpoints({
      port: ports.aws,
      queues,
      mailBucket: assembly.mailIngest.bucketName,
      mailDir,
      secrets: new Map([
        [env[ENV.triageWebhookSecretArn] ?? '', webhookSecrets.triage],
        [env[ENV.zendeskWebhookSecretArn] ?? '', webhookSecrets.zendesk],
        [env[ENV.recordsWebhookSecretArn] ?? '', webhookSecrets.records],
      ]),
      users: {
        userPoolId: env[ENV.opsUserPoolId] ?? '',
        groups: [ADMIN_GROUP],
        adminGroup: ADMIN_GROUP,
        initial: options.reviewers ?? DEFAULT_LOCAL_REVIEWERS,
        ...(options.dataDir ? { keepIn: path.join(options.dataDir, 'reviewers.json') } : {}),
      },
      onAlert: options.onAlert ?? printAlert,
    });
    onStop(() => closeServer(endpoints.server), 'the local S3, SNS, SQS, Secrets Manager and user pool');
    // Kept with the received mail, so a kept mail folder keeps the Mail-out page too.
    const mail = await startMailService(ports.ses, { keepIn: path.join(mailDir, 'sent.jsonl') });
    onStop(mail.close, 'the mail service');
    await ddbStarting;

    const rawClient = new DynamoDBClient({ endpoint: `http://127.0.0.1:${ports.dynamodb}` });
    const documentClient = DynamoDBDocumentClient.from(rawClient, { marshallOptions: { removeUndefinedValues: true } });
    onStop(async () => rawClient.destroy());
    progress(`creating ${assembly.tables.length} tables`);
    const { state: tables, reused } = await createTables(rawClient, assembly.tables);
    const runtime = await runtimeLoading;
    if (options.records) {
      await seedUnlessKept({
        client: documentClient,
        records: options.records,
        tableNames,
        reused,
        dataDir: options.dataDir,
        progress,
      });
    }

    const { meterHandlers, injectFaults } = await import('./instrument.ts');
    if (options.usage) {
      const unmeter = meterHandlers(runtime, options.usage, false);
      onStop(async () => unmeter());
    }
    let faults: FaultInjector | null = null;
    if (options.faults) {
      const injected = injectFaults(runtime, options.faults);
      faults = injected.injector;
      onStop(async () => injected.undo());
      const { rate, kinds, targets, seed } = options.faults;
      progress(
        `injecting faults into ${Math.round(rate * 100)} % of calls (${kinds.join(', ')} into ${targets.join(', ')}; seed ${seed})`,
      );
    }

    const { stateMachine } = assembly;
    const stepFunctions = new LocalStepFunctions(
      stateMachine.arn,
      stateMachine.definition,
      runtime,
      stateMachine.logLevel,
    );
    await stepFunctions.listen(ports.stepfunctions);
    onStop(() => stepFunctions.close(), 'the workflow runs (unfinished ones resume at the next start)');

    const pollers = pollQueues(queues, (arn, event) => runtime.invoke(arn, event), assembly.queueSources, {
      // As Lambda's poller: the batch comes back after the visibility timeout; the function's failure is said.
      onError: (source, error) =>
        notice('warn', `${source.functionArn} failed a batch from ${source.queueArn}: ${(error as Error).message}`),
    });
    onStop(pollers.stop, "the queues' pollers (the local queues are in memory: what they still hold is not kept)");

    const inbox = localInbox(runtime, assembly.mailIngest, mailDir);
    const smtp = await startSmtp(inbox, options.ports?.smtp);
    onStop(smtp.close, 'the support inbox (SMTP)');

    const opsSecret = options.opsSecret ?? newOpsSecret();
    // The console's origin is known before the API starts, as its CloudFront domain is on AWS.
    const consoleOrigin = `http://127.0.0.1:${ports.console}`;
    const usage = options.usage;
    const api = await startHttpApi(runtime, assembly.routes, {
      ...(assembly.cors ? { cors: { ...assembly.cors, allowOrigins: [consoleOrigin] } } : {}),
      ...(usage ? { onRequest: () => void (usage.apiRequests += 1) } : {}),
      ...(options.ports?.api ? { port: options.ports.api } : {}),
      ...(options.unsigned
        ? { headerHook: (route, headers, body) => signUnsigned(webhookSecrets, route, headers, body) }
        : { responseHook: hintUnsigned }),
      jwt: (authorization) => claimsOfToken(opsSecret, authorization),
    });
    onStop(() => closeServer(api.server), 'the intake and ops API');
    const opsConsole = await startConsoleServer({ apiUrl: api.url, port: ports.console });
    onStop(opsConsole.close, 'the ops console');

    if (tables === 'reused') {
      const resumed = await resumeUnfinished(documentClient, tableNames.tickets);
      if (resumed) progress(`${resumed} tickets left unfinished by the last run are due again`);
    }
    const runSchedules = async () => {
      for (const { functionArn } of assembly.schedules) await runtime.invoke(functionArn, {}).catch(() => undefined);
    };
    const timer = setInterval(() => void runSchedules(), options.scheduleEveryMs ?? 5_000);
    onStop(async () => clearInterval(timer));

    const localUrl = (value: string) => {
      const url = URL.canParse(value) ? new URL(value) : null;
      const name = url?.hostname.startsWith('sqs.') ? url.pathname.split('/').at(-1) : undefined;
      return name && queues.has(name) ? `${endpoints.url}${url?.pathname}` : value;
    };
    return {
      outputs: Object.fromEntries(Object.entries(assembly.outputs).map(([key, value]) => [key, localUrl(value)])),
      queues,
      urls: {
        api: api.url,
        mailbox: mail.url,
        dynamodb: `http://127.0.0.1:${ports.dynamodb}`,
        stepfunctions: `http://127.0.0.1:${ports.stepfunctions}`,
        smtp: `smtp://127.0.0.1:${smtp.port}`,
        console: opsConsole.url,
        aws: endpoints.url,
      },
      webhookSecrets,
      opsToken: (reviewer, tokenOptions) => opsTokenFor(opsSecret, reviewer, tokenOptions),
      inbox,
      tables,
      runSchedules,
      faults,
      runtime,
      stepFunctions,
      documentClient,
      tableNames,
      db: { client: documentClient, table: (key) => tableNames[key] },
      mailbox: mail.mailbox,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
