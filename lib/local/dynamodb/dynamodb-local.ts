import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { LocalTable } from '#lib/local/cloud-assembly';
import { freePort } from '#lib/local/ports';

const LAUNCHER = path.join(import.meta.dirname, 'LoopbackDynamoDbLocal.java');

/** The DynamoDB Local jar shipped inside the amplify-dynamodb-simulator package. */
function jarDirectory(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

const CLASSPATH = `DynamoDBLocal.jar${path.delimiter}DynamoDBLocal_lib/*`;

/**
 * The launcher compiled once with javac into node_modules/.cache (keyed by its source), so a
 * start does not pay the source launcher's in-memory compile; the source launcher is the
 * fallback where javac is missing.
 */
function launcherCommand(jarDir: string): string[] {
  const source = readFileSync(LAUNCHER);
  const key = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const cacheRoot = path.join(jarDir, '..', '..', '.cache', 'code97-dynamodb-launcher');
  const classes = path.join(cacheRoot, key);
  if (!existsSync(path.join(classes, 'LoopbackDynamoDbLocal.class'))) {
    mkdirSync(cacheRoot, { recursive: true });
    const building = mkdtempSync(path.join(cacheRoot, 'build-'));
    const javac = spawnSync('javac', ['-nowarn', '-cp', CLASSPATH, '-d', building, LAUNCHER], { cwd: jarDir, encoding: 'utf8' });
    if (javac.status !== 0) {
      rmSync(building, { recursive: true, force: true });
      return ['-cp', CLASSPATH, LAUNCHER];
    }
    try {
      renameSync(building, classes);
    } catch {
      rmSync(building, { recursive: true, force: true }); // another start compiled it first
    }
  }
  return ['-cp', `${classes}${path.delimiter}${CLASSPATH}`, 'LoopbackDynamoDbLocal'];
}

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  port?: number;
  /** Keep the tables in this folder; in memory when left out. */
  dataDir?: string;
  timeoutMs?: number;
  /** Options for the JVM, before the launcher's class path; JVM_FOR_A_LOCAL_SERVICE unless given. */
  javaOptions?: string[];
}

/**
 * The client compiler only: DynamoDB Local is ready in 1.5–2 s instead of 2.3–2.8 s, and seeds
 * as fast (4,900 rows/s either way, timed here; the JVM is busy parsing requests, not running
 * hot loops the server compiler would speed up). The collector stays the default G1: with the
 * serial collector, its pauses under the fault replay's load left DynamoDB Local unanswering for
 * seconds at a time.
 */
export const JVM_FOR_A_LOCAL_SERVICE: string[] = ['-XX:TieredStopAtLevel=1'];

/**
 * Starts DynamoDB Local as a child process on 127.0.0.1 (through LoopbackDynamoDbLocal.java,
 * which also makes it exit with its parent) and waits until it answers.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const chosen = options.port ?? (await freePort());
  const timeoutMs = options.timeoutMs ?? 30_000;
  const storage = options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory'];
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const jarDir = jarDirectory();
  const child: ChildProcess = spawn(
    'java',
    [...(options.javaOptions ?? JVM_FOR_A_LOCAL_SERVICE), '-Djava.library.path=./DynamoDBLocal_lib', ...launcherCommand(jarDir), ...storage, '-port', String(chosen), '-disableTelemetry'],
    { cwd: jarDir, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const spawnFailed = new Promise<Error>((resolve) => child.once('error', resolve));

  const endpoint = `http://127.0.0.1:${chosen}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const stop = async () => {
    process.off('exit', killOnExit);
    client.destroy();
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const failure = await Promise.race([
      spawnFailed.then((e) => `could not start java (${e.message}); DynamoDB Local needs Java 17 or later on PATH`),
      exited.then((code) => `DynamoDB Local exited with code ${code}: ${output.trim()}`),
      client.send(new ListTablesCommand({})).then(() => null, () => undefined),
    ]);
    if (failure === null) return { endpoint, stop };
    if (typeof failure === 'string') throw new Error(failure);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms: ${output.trim()}`);
    }
    // Asked often: each try is a refused connection, and the stack's start waits on the answer.
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** CreateTable input from a synthesized AWS::DynamoDB::GlobalTable (or Table) resource. */
export function createTableInput(table: LocalTable): CreateTableCommandInput {
  const p = table.properties as unknown as CreateTableCommandInput & { GlobalSecondaryIndexes?: CreateTableCommandInput['GlobalSecondaryIndexes'] };
  return {
    TableName: table.logicalId,
    KeySchema: p.KeySchema,
    AttributeDefinitions: p.AttributeDefinitions,
    BillingMode: 'PAY_PER_REQUEST',
    ...(p.GlobalSecondaryIndexes?.length
      ? { GlobalSecondaryIndexes: p.GlobalSecondaryIndexes.map(({ IndexName, KeySchema, Projection }) => ({ IndexName, KeySchema, Projection })) }
      : {}),
  };
}

const indexNames = (input: { GlobalSecondaryIndexes?: Array<{ IndexName?: string | undefined }> | undefined }) =>
  (input.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName).sort().join(',');

/**
 * Creates each table the template declares; a table kept from an earlier start is reused when
 * its indexes are the template's, and refused (naming it) when they are not.
 */
export async function createTables(client: DynamoDBClient, tables: LocalTable[]): Promise<'created' | 'reused'> {
  const outcomes = await Promise.all(tables.map(async (t) => {
    const input = createTableInput(t);
    try {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: input.TableName }));
      if (indexNames(Table ?? {}) !== indexNames(input)) {
        throw new Error(`the kept table ${input.TableName} has other indexes than the template; start once with --fresh to rebuild the local data`);
      }
      return 'reused' as const;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      await client.send(new CreateTableCommand(input));
      return 'created' as const;
    }
  }));
  return outcomes.includes('reused') ? 'reused' : 'created';
}
