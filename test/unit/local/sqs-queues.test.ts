import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { localQueues, QueueError, type QueueSpec } from '#lib/local/aws/sqs-queues';

const DLQ = 'arn:aws:sqs:us-east-1:000000000000:Dead';
const specs: QueueSpec[] = [
  {
    name: 'Work',
    arn: 'arn:aws:sqs:us-east-1:000000000000:Work',
    visibilityTimeoutSeconds: 30,
    retentionSeconds: 3600,
    redrive: { deadLetterArn: DLQ, maxReceiveCount: 2 },
  },
  { name: 'Dead', arn: DLQ, visibilityTimeoutSeconds: 30, retentionSeconds: 3600, redrive: null },
];
const WORK = 'http://127.0.0.1:1/000000000000/Work';

function queuesAt(start = 1_000_000) {
  const clock = { now: start };
  return { clock, queues: localQueues(specs, { now: () => clock.now }) };
}

describe('localQueues', () => {
  it('hides a received message for the visibility timeout, gives it back with a new receipt, and deletes it by that one only', () => {
    const { clock, queues } = queuesAt();
    queues.send(WORK, 'one');

    const [first] = queues.receive(WORK, 10);
    const whileHidden = queues.receive(WORK, 10);
    clock.now += 30_000;
    const [again] = queues.receive(WORK, 10);

    expect(first).toMatchObject({
      body: 'one',
      receiveCount: 1,
      md5OfBody: createHash('md5').update('one').digest('hex'),
    });
    expect(whileHidden).toEqual([]);
    expect(again).toMatchObject({ id: first?.id, receiveCount: 2 });
    expect(again?.receipt).not.toBe(first?.receipt);
    queues.delete(WORK, first?.receipt);
    expect(queues.counts(WORK)).toEqual({ visible: 0, inFlight: 1, delayed: 0 });
    expect(() => queues.delete(WORK, 'not-a-handle')).toThrow(/receipt handle/);
    queues.delete(WORK, again?.receipt);
    queues.delete(WORK, again?.receipt);
    expect(queues.counts(WORK)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  });

  it('moves a message received maxReceiveCount times to the dead-letter queue instead of a third delivery', () => {
    const { clock, queues } = queuesAt();
    queues.send(WORK, 'poison');

    const deliveries = [];
    for (let i = 0; i < 3; i += 1) {
      deliveries.push(...queues.receive(WORK, 10));
      clock.now += 30_000;
    }

    expect(deliveries.map((d) => d.receiveCount)).toEqual([1, 2]);
    expect(queues.bodies(WORK)).toEqual([]);
    expect(queues.bodies(DLQ)).toEqual(['poison']);
    expect(queues.receive(DLQ, 10)[0]).toMatchObject({ body: 'poison', receiveCount: 1 });
  });

  it('holds a delayed message back, and drops one older than the retention period', () => {
    const { clock, queues } = queuesAt();
    queues.send(WORK, 'later', 60);
    queues.send(WORK, 'old');

    expect(queues.counts(WORK)).toEqual({ visible: 1, inFlight: 0, delayed: 1 });
    clock.now += 3_600_001;
    expect(queues.receive(WORK, 10)).toEqual([]);
    expect(queues.counts(WORK)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  });

  it('refuses an empty body, one over 1 MiB, characters SQS does not carry, and an unknown queue', () => {
    const { queues } = queuesAt();
    const refusal = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return (error as QueueError).type;
      }
      return 'accepted';
    };

    expect(refusal(() => queues.send(WORK, ''))).toBe('InvalidParameterValue');
    expect(refusal(() => queues.send(WORK, 'x'.repeat(1024 * 1024 + 1)))).toBe('InvalidParameterValue');
    expect(refusal(() => queues.send(WORK, 'bell \u0007'))).toBe('InvalidMessageContents');
    expect(refusal(() => queues.send(WORK, 'x', 901))).toBe('InvalidParameterValue');
    expect(refusal(() => queues.send('http://127.0.0.1:1/000000000000/Nope', 'x'))).toBe('QueueDoesNotExist');
    expect(refusal(() => queues.send(WORK, '中文 and emoji 🙂'))).toBe('accepted');
  });

  it('names a queue by its URL, its ARN or the AWS-shaped URL a template resolves to', () => {
    const { queues } = queuesAt();

    expect(queues.nameOf(WORK)).toBe('Work');
    expect(queues.nameOf(specs[0]?.arn ?? '')).toBe('Work');
    expect(queues.nameOf('https://sqs.us-east-1.amazonaws.com/000000000000/Work')).toBe('Work');
  });
});
