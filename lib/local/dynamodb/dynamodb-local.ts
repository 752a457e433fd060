import { spawn, type ChildProcess } from 'node:child_process';

import { chmodSync, mkdirSync, rmSync } from 'node:fs';

import path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

import { freePort } from '#lib/local/ports';
import { localCacheRoot } from '#lib/project';

import { jarDirectory, launch, type Launch } from './jvm-cache.ts';

export { createTableInput, createTables } from './local-tables.ts';

export interface DynamoDbLocal {
  endpoint: string;
  /** The JVM's process ID. */
  pid: number;
  /** Settles when the JVM exits for any reason after it answered: how it ended, and its last output. */
  exited: Promise<{ how: string; lastOutput: string }>;
  /** Called with each line the JVM writes after it answered (its own logging of what failed). */
  onOutput(listener: (line: string) => void): void;
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
 * The client compiler only: DynamoDB Local is ready sooner and seeds as fast, as the JVM is busy
 * parsing requests, not running hot loops the server compiler would speed up. The collector
 * stays the default G1: the serial collector's pauses under the fault replay's load left
 * DynamoDB Local unanswering for seconds at a time.
 */
export const JVM_FOR_A_LOCAL_SERVICE: string[] = ['-XX:TieredStopAtLevel=1'];

/**
 * Starts DynamoDB Local as a child process on 127.0.0.1 (through LoopbackDynamoDbLocal.java,
 * which also makes it exit with its parent) and waits until it answers.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const jarDir = jarDirectory();
  const cacheRoot = options.cacheDir ?? path.join(localCacheRoot(), 'code97-dynamodb-local');
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
  if (options.dataDir) {
    // The JVM writes its file with the process's umask (0644): the folder keeps it this user's alone.
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    chmodSync(options.dataDir, 0o700);
  }
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
    // A group of its own: Ctrl-C reaches the stack, which stops it; were this process killed, it exits with the pipe.
    { cwd: jarDir, stdio: ['pipe', 'pipe', 'pipe'], detached: true },
  );
  child.once('exit', (code, signal) => how.exited(code, signal));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let output = '';
  let ready = false;
  const listeners: Array<(line: string) => void> = [];
  const take = (d: Buffer) => {
    const text = d.toString();
    // Kept whole until it answers (a failed start reports it); a tail after, for an exit's report.
    output = ready ? (output + text).slice(-4_000) : output + text;
    if (ready) for (const line of text.split('\n').filter(Boolean)) for (const listener of listeners) listener(line);
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const howItEnded = () => (child.signalCode ? `signal ${child.signalCode}` : `code ${child.exitCode}`);
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
        (code) => new JvmExited(`DynamoDB Local exited with ${howItEnded()}: ${output.trim()}`, code === null),
      ),
      client.send(new ListTablesCommand({})).then(
        () => null,
        () => undefined,
      ),
    ]);
    if (failure === null) {
      ready = true;
      return {
        endpoint,
        pid: child.pid ?? 0,
        exited: exited.then(() => ({ how: howItEnded(), lastOutput: output.trim() })),
        onOutput: (listener) => void listeners.push(listener),
        stop,
      };
    }
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
