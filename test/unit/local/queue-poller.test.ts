import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { localQueues, type QueueSpec } from '#lib/local/aws/sqs-queues';
import { deletable, pollQueues, type QueueEventSource } from '#lib/local/queue-poller';

const WORK = 'arn:aws:sqs:us-east-1:000000000000:Work';
const DEAD = 'arn:aws:sqs:us-east-1:000000000000:Dead';
const FN = 'arn:aws:lambda:us-east-1:000000000000:function:Consumer';

const specs = (visibilityTimeoutSeconds: number): QueueSpec[] => [
  {
    name: 'Work',
    arn: WORK,
    visibilityTimeoutSeconds,
    retentionSeconds: 3600,
    redrive: { deadLetterArn: DEAD, maxReceiveCount: 3 },
  },
  { name: 'Dead', arn: DEAD, visibilityTimeoutSeconds, retentionSeconds: 3600, redrive: null },
];
const source = (overrides: Partial<QueueEventSource> = {}): QueueEventSource => ({
  queueArn: WORK,
  functionArn: FN,
  batchSize: 10,
  batchingWindowMs: 0,
  reportBatchItemFailures: true,
  ...overrides,
});

async function until(done: () => boolean, ms = 5_000) {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('pollQueues', () => {
  it("hands the function Lambda's SQS event and deletes what it did not report failed", async () => {
    const queues = localQueues(specs(0.05));
    const events: SQSEvent[] = [];
    const seen = new Map<string, number>();
    const poller = pollQueues(
      queues,
      async (arn, event) => {
        expect(arn).toBe(FN);
        events.push(event);
        const failed = event.Records.filter((r) => r.body.startsWith('bad'));
        for (const r of event.Records) seen.set(r.body, (seen.get(r.body) ?? 0) + 1);
        return { batchItemFailures: failed.map((r) => ({ itemIdentifier: r.messageId })) };
      },
      [source()],
    );

    for (const body of ['good-1', 'bad-1', 'good-2']) queues.send(WORK, body);
    await until(() => queues.bodies(DEAD).length === 1);
    await poller.stop();

    expect(events[0]?.Records[0]).toMatchObject({
      eventSource: 'aws:sqs',
      eventSourceARN: WORK,
      awsRegion: 'us-east-1',
      attributes: { ApproximateReceiveCount: '1' },
    });
    expect(Object.fromEntries(seen)).toEqual({ 'good-1': 1, 'good-2': 1, 'bad-1': 3 });
    expect(queues.bodies(WORK)).toEqual([]);
    expect(queues.bodies(DEAD)).toEqual(['bad-1']);
  });

  it('gives every message of a batch back when the function throws', async () => {
    const queues = localQueues(specs(0.05));
    let calls = 0;
    const poller = pollQueues(queues, async () => {
      calls += 1;
      throw new Error('down');
    }, [source()]);

    queues.send(WORK, 'a');
    queues.send(WORK, 'b');
    await until(() => queues.bodies(DEAD).length === 2);
    await poller.stop();

    expect(calls).toBeGreaterThanOrEqual(3);
    expect(queues.bodies(DEAD).sort()).toEqual(['a', 'b']);
  });

  it('fills a batch within the batching window before invoking', async () => {
    const queues = localQueues(specs(30));
    const sizes: number[] = [];
    const poller = pollQueues(
      queues,
      async (_arn, event) => {
        sizes.push(event.Records.length);
        return {};
      },
      [source({ batchSize: 4, batchingWindowMs: 300 })],
    );

    queues.send(WORK, 'first');
    await new Promise((r) => setTimeout(r, 50));
    for (const body of ['2', '3', '4']) queues.send(WORK, body);
    await until(() => sizes.length > 0);
    await poller.stop();

    expect(sizes).toEqual([4]);
  });
});

describe('deletable', () => {
  const batch = ['m1', 'm2'].map((id) => ({
    id,
    receipt: `${id}.r`,
    body: id,
    md5OfBody: '',
    sentAt: 0,
    receiveCount: 1,
    firstReceivedAt: 0,
    visibleAt: 0,
  }));

  it('deletes all on an empty or missing failure list, and all but the named ones otherwise', () => {
    expect(deletable(batch, undefined, true).map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(deletable(batch, { batchItemFailures: [] }, true).map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(deletable(batch, { batchItemFailures: [{ itemIdentifier: 'm2' }] }, true).map((m) => m.id)).toEqual(['m1']);
  });

  it('fails the whole batch on a failure list Lambda cannot read, and ignores the list without ReportBatchItemFailures', () => {
    expect(deletable(batch, { batchItemFailures: [{ itemIdentifier: 'elsewhere' }] }, true)).toEqual([]);
    expect(deletable(batch, { batchItemFailures: [{ itemIdentifier: '' }] }, true)).toEqual([]);
    expect(deletable(batch, { batchItemFailures: 'm1' }, true)).toEqual([]);
    expect(deletable(batch, 'done', true)).toEqual([]);
    expect(deletable(batch, { batchItemFailures: [{ itemIdentifier: 'm1' }] }, false).map((m) => m.id)).toEqual([
      'm1',
      'm2',
    ]);
  });
});
