import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { startDynamoDbLocal } from '#lib/local/dynamodb/dynamodb-local';

const cacheDir = mkdtempSync(path.join(tmpdir(), 'code97-ddb-cache-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

const prepared = () => {
  const [key] = readdirSync(cacheDir).filter((name) => !name.startsWith('build-') && !name.startsWith('manifest-'));
  return path.join(cacheDir, key ?? 'missing');
};

const answers = async (endpoint: string) => {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    return (await client.send(new ListTablesCommand({}))).TableNames;
  } finally {
    client.destroy();
  }
};

describe('DynamoDB Local started from a prepared cache', () => {
  it('writes a class archive as its first JVM exits, and the next JVM maps it', async () => {
    // Prepare / Act: a first start and stop with an empty cache.
    const first = await startDynamoDbLocal({ cacheDir });
    await first.stop();

    // Assess: the repacked jar names no class path, and the archive is in place, unlocked.
    const dir = prepared();
    const unpacked = mkdtempSync(path.join(cacheDir, 'manifest-'));
    execFileSync('jar', ['xf', path.join(dir, 'DynamoDBLocal.jar'), 'META-INF/MANIFEST.MF'], { cwd: unpacked });
    const manifest = readFileSync(path.join(unpacked, 'META-INF', 'MANIFEST.MF'), 'utf8');
    expect(manifest).toContain('Main-Class: com.amazonaws.services.dynamodbv2.local.main.ServerRunner');
    expect(manifest).not.toContain('Class-Path');
    expect(readdirSync(dir).filter((f) => f.includes('.jsa')).sort()).toEqual(['classes.jsa']);

    // Act: with sharing required, a JVM that cannot map the archive refuses to start.
    const second = await startDynamoDbLocal({ cacheDir, javaOptions: ['-XX:TieredStopAtLevel=1', '-Xshare:on'] });
    try {
      // Assess
      expect(await answers(second.endpoint)).toEqual([]);
    } finally {
      await second.stop();
    }
  }, 60_000);
});
