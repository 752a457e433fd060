import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { SQSClient, ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { awsCli } from '#fixtures/clients';
import { useLocalStack } from '#fixtures/local-stack';
import { eventually } from '#fixtures/stored';
import { seededRandom } from '#lib/local/random';
import type { LocalStack } from '#lib/local/stack';
import { standardWebhookHeaders } from '#lib/local/webhook-signing';

let stack: LocalStack;
useLocalStack((started) => (stack = started));

const MID = '898500000000101';
type Change = Record<string, unknown> & { changeId: string; version: number };

const terminalRecord = (terminalId: string, registration: string) => ({
  terminalId,
  serialNumber: `SN${terminalId}`,
  merchantId: MID,
  brand: 'PAX',
  model: 'A920',
  registration,
  firmwareVersion: '3.5.0',
});

async function post(changes: unknown, headers?: Record<string, string>) {
  const body = JSON.stringify(changes);
  const response = await fetch(`${stack.urls.api}/records/changes`, {
    method: 'POST',
    headers: headers ?? standardWebhookHeaders(stack.webhookSecrets.records, body),
    body,
  });
  return {
    status: response.status,
    answer: (await response.json()) as {
      outcomes: Array<{ changeId: string | null; result: string; error?: string }>;
      counts: Record<string, number>;
      error?: string;
    },
  };
}

async function storedTerminals(prefix: string) {
  const items: Array<Record<string, unknown>> = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await stack.documentClient.send(
      new ScanCommand({ TableName: stack.tableNames.terminals, ExclusiveStartKey }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return new Map(
    items
      .filter((i) => String(i.terminalId).startsWith(prefix))
      .map((i) => [String(i.terminalId), { registration: i.registration, version: i.recordVersion }]),
  );
}

describe('POST /records/changes, signed per Standard Webhooks', () => {
  it('refuses an unsigned delivery with 401 and applies nothing', async () => {
    const change = {
      changeId: 'U-1',
      entity: 'terminal',
      op: 'upsert',
      version: 1,
      record: terminalRecord('7A000001', 'REGISTERED'),
    };

    const { status } = await post(change, { 'content-type': 'application/json' });

    expect(status).toBe(401);
    expect((await storedTerminals('7A')).size).toBe(0);
  });

  it('refuses the one bad change of 100 alone, naming why, and applies the other 99', async () => {
    const batch: unknown[] = Array.from({ length: 100 }, (_, i) => ({
      changeId: `B-${i}`,
      entity: 'terminal',
      op: 'upsert',
      version: 1,
      record: terminalRecord(`7B${String(i).padStart(6, '0')}`, 'REGISTERED'),
    }));
    batch[42] = {
      ...(batch[42] as Change),
      record: { ...terminalRecord('7B000042', 'REGISTERED'), merchantId: '898599999999999' },
    };

    const { status, answer } = await post(batch);

    expect(status).toBe(200);
    expect(answer.counts).toEqual({ APPLIED: 99, STALE: 0, REFUSED: 1, FAILED: 0 });
    expect(answer.outcomes[42]).toMatchObject({
      changeId: 'B-42',
      result: 'REFUSED',
      error: expect.stringContaining('898599999999999'),
    });
    const stored = await storedTerminals('7B');
    expect(stored.size).toBe(99);
    expect(stored.has('7B000042')).toBe(false);
  });

  it('ends a shuffled feed of 10,000 changes with duplicates, deletes and stale versions in exactly the newest state', async () => {
    const random = seededRandom(97);
    const changes: Change[] = [];
    const newest = new Map<string, Change>();
    const registrations = ['REGISTERED', 'PENDING_ACTIVATION', 'PENDING_REVIEW', 'DEREGISTERED'];
    // 800 terminals, each changed at versions 1..n; some versions are deletes, a tenth delivered twice.
    for (let t = 0; changes.length < 10_000; t++) {
      const terminalId = `7C${String(t).padStart(6, '0')}`;
      const versions = 4 + Math.floor(random() * 12);
      for (let version = 1; version <= versions && changes.length < 10_000; version++) {
        const change: Change =
          random() < 0.2
            ? { changeId: `C-${terminalId}-${version}`, entity: 'terminal', op: 'delete', version, key: { terminalId } }
            : {
                changeId: `C-${terminalId}-${version}`,
                entity: 'terminal',
                op: 'upsert',
                version,
                record: terminalRecord(
                  terminalId,
                  registrations[Math.floor(random() * registrations.length)] ?? 'REGISTERED',
                ),
              };
        changes.push(change);
        if (random() < 0.1 && changes.length < 10_000) changes.push(change);
        if ((newest.get(terminalId)?.version ?? 0) < version) newest.set(terminalId, change);
      }
    }
    for (let i = changes.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [changes[i], changes[j]] = [changes[j] as Change, changes[i] as Change];
    }

    const counts = { APPLIED: 0, STALE: 0, REFUSED: 0, FAILED: 0 };
    for (let start = 0; start < changes.length; start += 500) {
      const { status, answer } = await post(changes.slice(start, start + 500));
      expect(status).toBe(200);
      for (const [result, n] of Object.entries(answer.counts)) counts[result as keyof typeof counts] += n;
    }

    const model = new Map(
      [...newest]
        .filter(([, change]) => change.op === 'upsert')
        .map(([terminalId, change]) => [
          terminalId,
          { registration: (change.record as { registration: string }).registration, version: change.version },
        ]),
    );
    expect(changes).toHaveLength(10_000);
    expect(counts.REFUSED + counts.FAILED).toBe(0);
    expect(counts.APPLIED + counts.STALE).toBe(10_000);
    expect(counts.STALE).toBeGreaterThan(900);
    expect(await storedTerminals('7C')).toEqual(model);
  }, 240_000);

  it('applies a file of changes with npm run records -- apply, one line out per line in', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'code97-changes-')), 'changes.jsonl');
    const change = (version: number, registration: string) =>
      JSON.stringify({
        changeId: `F-${version}`,
        entity: 'terminal',
        op: 'upsert',
        version,
        record: terminalRecord('7D000001', registration),
      });
    writeFileSync(file, [change(2, 'REGISTERED'), 'not json', change(1, 'DEREGISTERED'), ''].join('\n'));

    const run = spawn(
      process.execPath,
      ['--import', 'tsx', path.join('bin', 'records.ts'), 'apply', file, '--url', stack.urls.api],
      {
        env: { ...process.env, RECORDS_WEBHOOK_SECRET: stack.webhookSecrets.records },
      },
    );
    let stdout = '';
    let stderr = '';
    run.stdout.on('data', (d) => (stdout += d));
    run.stderr.on('data', (d) => (stderr += d));
    const status = await new Promise((resolve) => run.on('close', resolve));

    expect(status).toBe(0);
    expect(
      stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { change: 'F-2', result: 'APPLIED' },
      { change: null, result: 'REFUSED', error: 'line 2 is not JSON' },
      { change: 'F-1', result: 'STALE' },
    ]);
    expect(stderr).toContain('1 applied, 1 stale, 1 refused');
    expect((await storedTerminals('7D')).get('7D000001')).toEqual({ registration: 'REGISTERED', version: 2 });
  }, 60_000);
});

describe("the records feed's SQS queue, consumed by Lambda's event source", () => {
  const queueUrl = () => stack.outputs.RecordChangesQueueUrl ?? '';
  const change = (terminalId: string, version: number, registration = 'REGISTERED'): Change => ({
    changeId: `Q-${terminalId}-${version}`,
    entity: 'terminal',
    op: 'upsert',
    version,
    record: terminalRecord(terminalId, registration),
  });

  it('applies a change the AWS CLI sends, and answers the queue calls the CLI makes', async () => {
    const { QueueUrl } = await awsCli(
      stack,
      'sqs',
      'get-queue-url',
      '--queue-name',
      queueUrl().split('/').at(-1) ?? '',
    );
    const sent = await awsCli(
      stack,
      'sqs',
      'send-message',
      '--queue-url',
      queueUrl(),
      '--message-body',
      JSON.stringify(change('7E000001', 1)),
    );
    const stored = await eventually(
      () => storedTerminals('7E'),
      (t) => t.size > 0,
    );
    const attributes = await awsCli(
      stack,
      'sqs',
      'get-queue-attributes',
      '--queue-url',
      queueUrl(),
      '--attribute-names',
      'All',
    );
    const missing = awsCli(stack, 'sqs', 'get-queue-url', '--queue-name', 'NoSuchQueue');

    expect(QueueUrl).toBe(queueUrl());
    expect(queueUrl()).toMatch(new RegExp(`^${stack.urls.aws}/000000000000/`));
    expect(sent.MD5OfMessageBody).toMatch(/^[0-9a-f]{32}$/);
    expect(stored.get('7E000001')).toEqual({ registration: 'REGISTERED', version: 1 });
    expect(attributes.Attributes).toMatchObject({
      ApproximateNumberOfMessages: '0',
      VisibilityTimeout: '360',
      RedrivePolicy: expect.stringContaining('"maxReceiveCount":5'),
    });
    await expect(missing).rejects.toThrow(/QueueDoesNotExist|NonExistentQueue/);
  });

  it('takes a batch from the SDK of one change, an array of changes and a message that is no change, and keeps none back', async () => {
    const sqs = new SQSClient({ endpoint: stack.urls.aws, region: 'us-east-1' });
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl(),
        Entries: [
          { Id: 'one', MessageBody: JSON.stringify(change('7F000001', 1)) },
          { Id: 'many', MessageBody: JSON.stringify([change('7F000002', 1), change('7F000002', 2, 'DEREGISTERED')]) },
          { Id: 'junk', MessageBody: 'not a change' },
        ],
      }),
    );
    const stored = await eventually(
      () => storedTerminals('7F'),
      (t) => t.get('7F000002')?.version === 2,
    );
    const settled = await eventually(
      () => awsCli(stack, 'sqs', 'get-queue-attributes', '--queue-url', queueUrl(), '--attribute-names', 'All'),
      (a) => (a.Attributes as Record<string, string>).ApproximateNumberOfMessagesNotVisible === '0',
    );
    const deadLetterUrl = await deadLetterQueueUrl(queueUrl());
    const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: deadLetterUrl, MaxNumberOfMessages: 10 }));
    sqs.destroy();

    expect(sent.Successful?.map((s) => s.Id).sort()).toEqual(['junk', 'many', 'one']);
    expect(stored).toEqual(
      new Map([
        ['7F000001', { registration: 'REGISTERED', version: 1 }],
        ['7F000002', { registration: 'DEREGISTERED', version: 2 }],
      ]),
    );
    expect(settled.Attributes).toMatchObject({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
    });
    expect(dead.Messages ?? []).toEqual([]);
  });
});

/** The dead-letter queue the changes queue's redrive policy names, found as a user would with the CLI. */
async function deadLetterQueueUrl(queueUrl: string) {
  const { Attributes } = await awsCli(
    stack,
    'sqs',
    'get-queue-attributes',
    '--queue-url',
    queueUrl,
    '--attribute-names',
    'RedrivePolicy',
  );
  const { deadLetterTargetArn } = JSON.parse((Attributes as { RedrivePolicy: string }).RedrivePolicy) as {
    deadLetterTargetArn: string;
  };
  const found = await awsCli(
    stack,
    'sqs',
    'get-queue-url',
    '--queue-name',
    deadLetterTargetArn.split(':').at(-1) ?? '',
  );
  return String(found.QueueUrl);
}
