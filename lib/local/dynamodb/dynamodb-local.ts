import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
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

const LIBRARIES = 'DynamoDBLocal_lib/*';
const CLASSPATH = `DynamoDBLocal.jar${path.delimiter}${LIBRARIES}`;

/** The java that a spawn of `java` runs, resolved, so the cache knows when the JVM changed. */
function javaIdentity(): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'java');
    if (!existsSync(candidate)) continue;
    const real = realpathSync(candidate);
    return `${real}:${statSync(real).mtimeMs}`;
  }
  return 'java';
}

const run = (command: string, args: string[], cwd: string) =>
  spawnSync(command, args, { cwd, encoding: 'utf8' }).status === 0;

/** A manifest attribute as `jar` reads one: lines of at most 72 bytes, each continuation after a space. */
const manifestLines = (attribute: string) => {
  const lines = [attribute.slice(0, 70)];
  for (let i = 70; i < attribute.length; i += 69) lines.push(` ${attribute.slice(i, i + 69)}`);
  return lines.join('\n');
};

/**
 * Builds, once per launcher source, jar and JVM, what a start needs in node_modules/.cache:
 * the launcher compiled (so a start does not pay the source launcher's compile) and packed
 * in a jar, and DynamoDB Local's jar repacked without its manifest's class path, which names
 * the jar's own folder: the JVM archives classes only from jars. Null where javac or jar is
 * missing or failed, which is remembered, so later starts do not try again.
 */
function prepared(jarDir: string, cacheRoot: string): string | null {
  const jar = statSync(path.join(jarDir, 'DynamoDBLocal.jar'));
  const key = createHash('sha256')
    .update(readFileSync(LAUNCHER))
    .update(`${jar.size}:${jar.mtimeMs}:${javaIdentity()}`)
    .digest('hex')
    .slice(0, 16);
  const dir = path.join(cacheRoot, key);
  const failedMark = `${dir}.failed`;
  if (existsSync(path.join(dir, 'DynamoDBLocal.jar'))) return dir;
  if (existsSync(failedMark)) return null;
  mkdirSync(cacheRoot, { recursive: true });
  const building = mkdtempSync(path.join(cacheRoot, 'build-'));
  const unpacked = path.join(building, 'unpacked');
  mkdirSync(unpacked);
  const built =
    run('javac', ['-nowarn', '-cp', CLASSPATH, '-d', path.join(building, 'classes'), LAUNCHER], jarDir) &&
    run('jar', ['cf', path.join(building, 'launcher.jar'), '-C', path.join(building, 'classes'), '.'], jarDir) &&
    run('jar', ['xf', path.join(jarDir, 'DynamoDBLocal.jar')], unpacked);
  if (built) {
    const manifestFile = path.join(unpacked, 'META-INF', 'MANIFEST.MF');
    // The main attributes, each joined from its continuation lines, less Class-Path.
    const attributes =
      readFileSync(manifestFile, 'utf8')
        .split(/\r?\n\r?\n/)[0]
        ?.replace(/\r?\n /g, '')
        .split(/\r?\n/) ?? [];
    writeFileSync(
      path.join(building, 'manifest.txt'),
      `${attributes
        .filter((a) => a && !a.startsWith('Class-Path:'))
        .map(manifestLines)
        .join('\n')}\n`,
    );
    rmSync(manifestFile);
  }
  const packed =
    built &&
    run(
      'jar',
      ['cfm', path.join(building, 'DynamoDBLocal.jar'), path.join(building, 'manifest.txt'), '-C', unpacked, '.'],
      jarDir,
    );
  rmSync(unpacked, { recursive: true, force: true });
  if (!packed) {
    rmSync(building, { recursive: true, force: true });
    writeFileSync(failedMark, 'javac or jar failed; remove this file to try again\n');
    return null;
  }
  try {
    renameSync(building, dir);
  } catch {
    rmSync(building, { recursive: true, force: true }); // another start built it first
  }
  return dir;
}

/** Exit codes of a JVM that ended itself: its input closed (0), or SIGTERM or SIGINT, which it handles. */
const EXITED_BY_ITSELF = new Set([0, 130, 143]);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Tells this process's locks from a dead one's that had the same pid (as in a container). */
const PROCESS_TOKEN = randomUUID();

interface ArchiveLock {
  pid: number;
  token: string;
  /** The archive its holder's JVM is writing. */
  writing: string;
}

/**
 * Takes the right to write the class archive: one start at a time. A holder that is gone
 * (its process dead, or its pid now another process's) loses the right, and its part-written
 * archive is removed.
 */
function takeArchiveLock(lockFile: string, writing: string): boolean {
  const mine: ArchiveLock = { pid: process.pid, token: PROCESS_TOKEN, writing };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, JSON.stringify(mine), { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return false;
      let holder: Partial<ArchiveLock> = {};
      try {
        holder = JSON.parse(readFileSync(lockFile, 'utf8')) as Partial<ArchiveLock>;
      } catch {
        // unreadable: a lock of an older layout, or cut short; it lapses like a dead holder's
      }
      const held =
        holder.pid !== undefined && alive(holder.pid) && (holder.pid !== process.pid || holder.token === PROCESS_TOKEN);
      if (held) return false;
      if (holder.writing) rmSync(holder.writing, { force: true });
      rmSync(lockFile, { force: true });
    }
  }
  return false;
}

/** The archive the JVM wrote, made durable, then put in place in one rename. */
function promote(writing: string, archive: string): void {
  const fd = openSync(writing, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(writing, archive);
}

interface Launch {
  args: string[];
  /** The archive this JVM maps, if it maps one. */
  archive?: string;
  /** Called once the JVM has exited, with how it exited. */
  exited(code: number | null, signal: NodeJS.Signals | null): void;
}

/**
 * How to start the JVM: from the prepared jars with an application class-data archive, which
 * halves the JVM's time to answer (about 1.0–1.2 s against 1.6–2.2 s here). The first start
 * without one writes it as its JVM exits (about 3 s, once). The JVM ignores an archive that no
 * longer fits the class path; one it cannot map at all is removed by the start (below).
 */
function launch(jarDir: string, cacheRoot: string, archiveAllowed: boolean): Launch {
  const dir = prepared(jarDir, cacheRoot);
  const none = () => undefined;
  if (!dir) return { args: ['-cp', CLASSPATH, LAUNCHER], exited: none };
  const classpath = [
    '-cp',
    [path.join(dir, 'launcher.jar'), path.join(dir, 'DynamoDBLocal.jar'), LIBRARIES].join(path.delimiter),
    'LoopbackDynamoDbLocal',
  ];
  if (!archiveAllowed) return { args: classpath, exited: none };
  // Quiet about the archive, and harmless on a JVM without these options.
  const quiet = [
    '-XX:+IgnoreUnrecognizedVMOptions',
    '-Xlog:cds*=off',
    `-XX:ErrorFile=${path.join(tmpdir(), 'code97-dynamodb-local-crash-%p.log')}`,
  ];
  const archive = path.join(dir, 'classes.jsa');
  if (existsSync(archive))
    return { args: [...quiet, `-XX:SharedArchiveFile=${archive}`, ...classpath], archive, exited: none };
  const lockFile = `${archive}.lock`;
  const writing = path.join(dir, `classes-${process.pid}-${PROCESS_TOKEN.slice(0, 8)}-${randomUUID().slice(0, 8)}.jsa`);
  if (!takeArchiveLock(lockFile, writing)) return { args: classpath, exited: none };
  return {
    args: [...quiet, `-XX:ArchiveClassesAtExit=${writing}`, ...classpath],
    exited: (code, signal) => {
      // The JVM writes the archive as it exits by itself (a signal it handles included); killed, it leaves a part.
      if (signal === null && EXITED_BY_ITSELF.has(code ?? -1) && existsSync(writing)) promote(writing, archive);
      else rmSync(writing, { force: true });
      rmSync(lockFile, { force: true });
    },
  };
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
  /** Where the prepared jars and the class archive are kept; node_modules/.cache unless given. */
  cacheDir?: string;
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
  const jarDir = jarDirectory();
  const cacheRoot = options.cacheDir ?? path.join(jarDir, '..', '..', '.cache', 'code97-dynamodb-local');
  const how = launch(jarDir, cacheRoot, true);
  try {
    return await runJvm(jarDir, how, options);
  } catch (error) {
    if (!how.archive || !(error instanceof JvmExited) || !error.crashed) throw error;
    // An archive cut short (a crash while it was put in place, a partial copy of the cache)
    // makes the JVM crash as it maps it: removed, and started once more without one.
    rmSync(how.archive, { force: true });
    return runJvm(jarDir, launch(jarDir, cacheRoot, false), options);
  }
}

class JvmExited extends Error {
  constructor(
    message: string,
    readonly crashed: boolean,
  ) {
    super(message);
  }
}

async function runJvm(jarDir: string, how: Launch, options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const chosen = options.port ?? (await freePort());
  const timeoutMs = options.timeoutMs ?? 30_000;
  const storage = options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory'];
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child: ChildProcess = spawn(
    'java',
    [
      ...(options.javaOptions ?? JVM_FOR_A_LOCAL_SERVICE),
      '-Djava.library.path=./DynamoDBLocal_lib',
      ...how.args,
      ...storage,
      '-port',
      String(chosen),
      '-disableTelemetry',
    ],
    { cwd: jarDir, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  child.once('exit', (code, signal) => how.exited(code, signal));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const spawnFailed = new Promise<Error>((resolve) => child.once('error', resolve));

  const endpoint = `http://127.0.0.1:${chosen}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
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
      spawnFailed.then(
        (e) => new Error(`could not start java (${e.message}); DynamoDB Local needs Java 17 or later on PATH`),
      ),
      exited.then(
        (code) =>
          new JvmExited(
            `DynamoDB Local exited with ${code === null ? `signal ${child.signalCode}` : `code ${code}`}: ${output.trim()}`,
            code === null,
          ),
      ),
      client.send(new ListTablesCommand({})).then(
        () => null,
        () => undefined,
      ),
    ]);
    if (failure === null) return { endpoint, stop };
    if (failure) {
      await stop();
      throw failure;
    }
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
  const p = table.properties as unknown as CreateTableCommandInput & {
    GlobalSecondaryIndexes?: CreateTableCommandInput['GlobalSecondaryIndexes'];
  };
  return {
    TableName: table.logicalId,
    KeySchema: p.KeySchema,
    AttributeDefinitions: p.AttributeDefinitions,
    BillingMode: 'PAY_PER_REQUEST',
    ...(p.GlobalSecondaryIndexes?.length
      ? {
          GlobalSecondaryIndexes: p.GlobalSecondaryIndexes.map(({ IndexName, KeySchema, Projection }) => ({
            IndexName,
            KeySchema,
            Projection,
          })),
        }
      : {}),
  };
}

const indexNames = (input: { GlobalSecondaryIndexes?: Array<{ IndexName?: string | undefined }> | undefined }) =>
  (input.GlobalSecondaryIndexes ?? [])
    .map((i) => i.IndexName)
    .sort()
    .join(',');

/**
 * Creates each table the template declares; a table kept from an earlier start is reused when
 * its indexes are the template's, and refused (naming it) when they are not.
 */
export async function createTables(
  client: DynamoDBClient,
  tables: LocalTable[],
): Promise<{ state: 'created' | 'reused'; reused: Set<string> }> {
  const outcomes = await Promise.all(
    tables.map(async (t) => {
      const input = createTableInput(t);
      try {
        const { Table } = await client.send(new DescribeTableCommand({ TableName: input.TableName }));
        if (indexNames(Table ?? {}) !== indexNames(input)) {
          throw new Error(
            `the kept table ${input.TableName} has other indexes than the template; start once with --fresh to rebuild the local data`,
          );
        }
        return input.TableName;
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
        await client.send(new CreateTableCommand(input));
        return null;
      }
    }),
  );
  const reused = new Set(outcomes.filter((t): t is string => t !== null));
  return { state: reused.size ? 'reused' : 'created', reused };
}
