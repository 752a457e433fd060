import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { LocalTable } from './cloud-assembly.ts';
import { freePort } from './ports.ts';

/** The DynamoDB Local jar shipped inside the amplify-dynamodb-simulator package. */
function jarDirectory(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts DynamoDB Local (in memory) as a child process on 127.0.0.1 and waits until it answers. */
export async function startDynamoDbLocal(port?: number, timeoutMs = 30_000): Promise<DynamoDbLocal> {
  const chosen = port ?? (await freePort());
  const child: ChildProcess = spawn(
    'java',
    ['-Djava.library.path=./DynamoDBLocal_lib', '-jar', 'DynamoDBLocal.jar', '-inMemory', '-port', String(chosen)],
    { cwd: jarDirectory(), stdio: ['ignore', 'pipe', 'pipe'] },
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
    await new Promise((r) => setTimeout(r, 100));
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

export async function createTables(client: DynamoDBClient, tables: LocalTable[]): Promise<void> {
  await Promise.all(tables.map((t) => client.send(new CreateTableCommand(createTableInput(t)))));
}
