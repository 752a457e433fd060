import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoDbLocal } from '#lib/local/dynamodb/dynamodb-local';

const scratch = mkdtempSync(path.join(tmpdir(), 'code97-ddb-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A cache made by one start and stop on an empty one: the prepared jars and the archive. */
const made = path.join(scratch, 'made');
beforeAll(async () => {
  const first = await startDynamoDbLocal({ cacheDir: made });
  await first.stop();
}, 60_000);

/** The folder of prepared files inside a cache. */
const preparedIn = (cacheDir: string) => {
  const [key] = readdirSync(cacheDir).filter((name) => /^[0-9a-f]{16}$/.test(name));
  return path.join(cacheDir, key ?? 'missing');
};

/** A copy of the made cache, for a test to spoil. */
const copyOfMade = (name: string) => {
  const copy = path.join(scratch, name);
  cpSync(made, copy, { recursive: true });
  return copy;
};

const answers = async (endpoint: string) => {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    return (await client.send(new ListTablesCommand({}))).TableNames;
  } finally {
    client.destroy();
  }
};

describe('DynamoDB Local started from a prepared cache', () => {
  it('writes a class archive as its first JVM exits, and the next JVM maps it', async () => {
    // Prepare
    const dir = preparedIn(made);
    const unpacked = mkdtempSync(path.join(scratch, 'manifest-'));
    execFileSync('jar', ['xf', path.join(dir, 'DynamoDBLocal.jar'), 'META-INF/MANIFEST.MF'], { cwd: unpacked });
    const manifest = readFileSync(path.join(unpacked, 'META-INF', 'MANIFEST.MF'), 'utf8');

    // Act: with sharing required, a JVM that cannot map the archive refuses to start.
    const second = await startDynamoDbLocal({ cacheDir: made, javaOptions: ['-XX:TieredStopAtLevel=1', '-Xshare:on'] });
    const tables = await answers(second.endpoint).finally(() => second.stop());

    // Assess: the repacked jar names no class path; the archive is in place, nothing else left.
    expect(manifest).toContain('Main-Class: com.amazonaws.services.dynamodbv2.local.main.ServerRunner');
    expect(manifest).not.toContain('Class-Path');
    expect(
      readdirSync(dir)
        .filter((f) => f.includes('.jsa'))
        .sort(),
    ).toEqual(['classes.jsa']);
    expect(tables).toEqual([]);
  }, 60_000);

  it('removes an archive cut short, which crashes the JVM, and starts without it', async () => {
    // Prepare
    const cacheDir = copyOfMade('cut');
    const archive = path.join(preparedIn(cacheDir), 'classes.jsa');
    truncateSync(archive, 1_000_000);

    // Act
    const started = await startDynamoDbLocal({ cacheDir });
    const tables = await answers(started.endpoint).finally(() => started.stop());

    // Assess
    expect(tables).toEqual([]);
    expect(existsSync(archive)).toBe(false);
  }, 60_000);

  it('takes over the right to write the archive from a start that died, and clears what it left', async () => {
    // Prepare: a lock held by a process that no longer exists, and its part-written archive.
    const cacheDir = copyOfMade('orphaned');
    const dir = preparedIn(cacheDir);
    rmSync(path.join(dir, 'classes.jsa'));
    const leftover = path.join(dir, 'classes-4194000-deadbeef-00000000.jsa');
    writeFileSync(leftover, 'part of an archive');
    writeFileSync(
      path.join(dir, 'classes.jsa.lock'),
      JSON.stringify({ pid: 4_194_000, token: 'gone', writing: leftover }),
    );

    // Act
    const started = await startDynamoDbLocal({ cacheDir });
    await started.stop();

    // Assess
    expect(
      readdirSync(dir)
        .filter((f) => f.includes('.jsa'))
        .sort(),
    ).toEqual(['classes.jsa']);
  }, 60_000);
});
