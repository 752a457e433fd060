import type { Server } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import sesModule from 'aws-ses-v2-local';
import { TABLE_ENV } from '#adapters/dynamodb/schema';
import type { Records } from '#domain/triage/types';
import { LOCAL_REGION, loadLocalAssembly } from './cloud-assembly.ts';
import { createTables, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.ts';
import { freePort } from './ports.ts';
import { startHttpApi } from './http-api.ts';
import { loadFunctions, type LambdaRuntime } from './lambda-runtime.ts';
import { seedRecords } from '#adapters/dynamodb/records';
import { LocalStepFunctions } from './stepfunctions-local.ts';

export interface LocalStackOptions {
  /** Fixed ports for `npm start`; any left out is chosen free. */
  ports?: Partial<Record<'api' | 'ses' | 'dynamodb' | 'stepfunctions', number>>;
  records?: Records;
  progress?: (message: string) => void;
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
  urls: { api: string; mailbox: string; dynamodb: string; stepfunctions: string };
  runtime: LambdaRuntime;
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

/**
 * The whole stack on 127.0.0.1: DynamoDB Local (child process), SES (aws-ses-v2-local) and the
 * state machine (aws-local-stepfunctions) in this process, every table, function and route taken
 * from the synthesized CDK templates. The SDK clients in the handlers reach the services through
 * AWS_ENDPOINT_URL_* variables, exactly as they would reach AWS.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const progress = options.progress ?? (() => undefined);
  const ports = {
    ses: options.ports?.ses ?? (await freePort()),
    stepfunctions: options.ports?.stepfunctions ?? (await freePort()),
  };
  const stopping: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const fn of [...stopping].reverse()) await fn().catch(() => undefined);
    stopping.length = 0;
  };

  try {
    progress('starting DynamoDB Local');
    const ddbStarting = startDynamoDbLocal(options.ports?.dynamodb);
    ddbStarting.then((d) => stopping.push(d.stop), () => undefined);
    progress('synthesizing the CDK app');
    const assembly = loadLocalAssembly();
    const ddb: DynamoDbLocal = await ddbStarting;

    const urls = {
      dynamodb: ddb.endpoint,
      mailbox: `http://127.0.0.1:${ports.ses}`,
      stepfunctions: `http://127.0.0.1:${ports.stepfunctions}`,
    };
    Object.assign(process.env, {
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: urls.dynamodb,
      AWS_ENDPOINT_URL_SES: urls.mailbox,
      AWS_ENDPOINT_URL_SFN: urls.stepfunctions,
    });

    const ses = await sesServer({ host: '127.0.0.1', port: ports.ses });
    stopping.push(() => closeServer(ses));
    await fetch(`${urls.mailbox}/clear-store`, { method: 'POST' });

    const rawClient = new DynamoDBClient({ endpoint: urls.dynamodb });
    const documentClient = DynamoDBDocumentClient.from(rawClient);
    stopping.push(async () => rawClient.destroy());
    progress(`creating ${assembly.tables.length} tables`);
    await createTables(rawClient, assembly.tables);

    progress(`loading ${assembly.functions.length} Lambda handlers`);
    const runtime = await loadFunctions(assembly.functions);
    const tableNames = Object.fromEntries(
      Object.entries(TABLE_ENV).map(([key, env]) => [key, process.env[env] ?? '']),
    ) as LocalStack['tableNames'];
    if (options.records) {
      const count = await seedRecords(documentClient, options.records, tableNames);
      progress(`seeded ${count} records`);
    }

    const stepFunctions = new LocalStepFunctions(assembly.stateMachine.arn, assembly.stateMachine.definition, runtime);
    await stepFunctions.listen(ports.stepfunctions);
    stopping.push(() => stepFunctions.close());

    const api = await startHttpApi(runtime, assembly.routes, options.ports?.api);
    stopping.push(() => closeServer(api.server));

    return {
      urls: { ...urls, api: api.url },
      runtime,
      stepFunctions,
      documentClient,
      tableNames,
      mailbox: async (sinceSeconds?: number) => {
        const response = await fetch(`${urls.mailbox}/store${sinceSeconds === undefined ? '' : `?since=${sinceSeconds}`}`);
        return ((await response.json()) as { emails: SentEmail[] }).emails;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
