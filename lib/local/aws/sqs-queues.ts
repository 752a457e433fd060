import { createHash, randomUUID } from 'node:crypto';

/** A queue as the templates declare it (AWS::SQS::Queue). */
export interface QueueSpec {
  name: string;
  arn: string;
  visibilityTimeoutSeconds: number;
  retentionSeconds: number;
  /** Where a message goes once it has been received `maxReceiveCount` times and comes back again. */
  redrive: { deadLetterArn: string; maxReceiveCount: number } | null;
}

export interface QueuedMessage {
  id: string;
  body: string;
  md5OfBody: string;
  sentAt: number;
  receiveCount: number;
  firstReceivedAt: number | null;
  /** When it can be received again (in flight until then). */
  visibleAt: number;
  /** The receipt handle of its latest receive; only that one deletes it or changes its visibility. */
  receipt: string | null;
}

export type Received = Readonly<QueuedMessage> & { receipt: string };

export class QueueError extends Error {
  constructor(
    /** The JSON protocol's shape name (`QueueDoesNotExist`). */
    readonly type: string,
    /** The query protocol's code, sent in x-amzn-query-error (`AWS.SimpleQueueService.NonExistentQueue`). */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

/** SQS's largest message since August 2025. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
const MAX_DELAY_SECONDS = 900;
const MAX_VISIBILITY_SECONDS = 43_200;
/** The characters SQS takes in a message body (XML 1.0's). */
const ALLOWED = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

/** A receipt handle as this queue gives them: the message's ID and the receive's, each a UUID. */
const RECEIPT = /^[0-9a-f-]{36}\.[0-9a-f-]{36}$/;
const invalidReceipt = () =>
  new QueueError(
    'ReceiptHandleIsInvalid',
    'ReceiptHandleIsInvalid',
    'The receipt handle is not one of the latest receive of a message in this queue.',
  );

const invalid = (message: string) => new QueueError('InvalidParameterValue', 'InvalidParameterValue', message);

/** An ARN's last part is the queue's name; a URL's last path segment is too. */
const nameIn = (urlOrArn: string) => urlOrArn.split(/[:/]/).filter(Boolean).at(-1) ?? '';

/**
 * The queues of one local stack, held in memory: standard-queue semantics as the handlers and
 * Lambda's event source see them: a received message is invisible for the visibility timeout,
 * comes back if not deleted, counts its receives, and after `maxReceiveCount` receives moves to
 * the dead-letter queue instead of being delivered again; messages older than the retention
 * period are dropped. `now` is the clock the timeouts read.
 */
export function localQueues(specs: readonly QueueSpec[], options: { now?: () => number } = {}) {
  const now = options.now ?? Date.now;
  const queues = new Map(specs.map((spec) => [spec.name, { spec, messages: new Map<string, QueuedMessage>() }]));
  const byArn = new Map(specs.map((spec) => [spec.arn, spec.name]));
  const waiting = new Set<() => void>();
  const wake = () => {
    for (const resolve of waiting) resolve();
    waiting.clear();
  };

  const queueOf = (urlOrArn: string) => {
    const queue = queues.get(byArn.get(urlOrArn) ?? nameIn(urlOrArn));
    if (!queue) {
      throw new QueueError(
        'QueueDoesNotExist',
        'AWS.SimpleQueueService.NonExistentQueue',
        'The specified queue does not exist.',
      );
    }
    return queue;
  };

  const checkedBody = (body: unknown) => {
    if (typeof body !== 'string' || body.length === 0) throw invalid('The message body must be a non-empty string.');
    if (Buffer.byteLength(body) > MAX_MESSAGE_BYTES) {
      throw invalid(`The message body must be at most ${MAX_MESSAGE_BYTES} bytes long.`);
    }
    if (!ALLOWED.test(body)) {
      throw new QueueError(
        'InvalidMessageContents',
        'InvalidMessageContents',
        'The message body holds characters outside those SQS allows.',
      );
    }
    return body;
  };

  const moveToDeadLetters = (from: ReturnType<typeof queueOf>, message: QueuedMessage) => {
    from.messages.delete(message.id);
    const target = from.spec.redrive ? queues.get(byArn.get(from.spec.redrive.deadLetterArn) ?? '') : undefined;
    // A dead-letter queue keeps the message's ID, body and first sending time, with its receives reset.
    target?.messages.set(message.id, {
      ...message,
      receiveCount: 0,
      firstReceivedAt: null,
      visibleAt: 0,
      receipt: null,
    });
  };

  return {
    specs,
    has: (urlOrArn: string) => queues.has(byArn.get(urlOrArn) ?? nameIn(urlOrArn)),
    nameOf: (urlOrArn: string) => queueOf(urlOrArn).spec.name,
    send(queueUrl: string, body: unknown, delaySeconds = 0) {
      const queue = queueOf(queueUrl);
      const text = checkedBody(body);
      if (!Number.isInteger(delaySeconds) || delaySeconds < 0 || delaySeconds > MAX_DELAY_SECONDS) {
        throw invalid(`DelaySeconds must be a whole number from 0 to ${MAX_DELAY_SECONDS}.`);
      }
      const sentAt = now();
      const message: QueuedMessage = {
        id: randomUUID(),
        body: text,
        md5OfBody: createHash('md5').update(text).digest('hex'),
        sentAt,
        receiveCount: 0,
        firstReceivedAt: null,
        visibleAt: sentAt + delaySeconds * 1000,
        receipt: null,
      };
      queue.messages.set(message.id, message);
      wake();
      return message;
    },
    /** Up to `max` visible messages, now in flight for `visibilitySeconds` (the queue's timeout unless given). */
    receive(queueUrl: string, max = 1, visibilitySeconds?: number): Received[] {
      const queue = queueOf(queueUrl);
      const at = now();
      const visibility = visibilitySeconds ?? queue.spec.visibilityTimeoutSeconds;
      const got: Received[] = [];
      for (const message of queue.messages.values()) {
        if (got.length >= max) break;
        if (message.visibleAt > at) continue;
        if (at - message.sentAt > queue.spec.retentionSeconds * 1000) {
          queue.messages.delete(message.id);
          continue;
        }
        if (queue.spec.redrive && message.receiveCount >= queue.spec.redrive.maxReceiveCount) {
          moveToDeadLetters(queue, message);
          continue;
        }
        message.receiveCount += 1;
        message.firstReceivedAt ??= at;
        message.visibleAt = at + visibility * 1000;
        message.receipt = `${message.id}.${randomUUID()}`;
        got.push({ ...message, receipt: message.receipt });
      }
      return got;
    },
    /**
     * Deletes the message a receipt handle names. As on AWS, a handle of an earlier receive, or of
     * a message deleted already, succeeds without deleting anything; only a handle this queue
     * never gave is refused.
     */
    delete(queueUrl: string, receipt: unknown) {
      const queue = queueOf(queueUrl);
      if (typeof receipt !== 'string' || !RECEIPT.test(receipt)) throw invalidReceipt();
      const message = queue.messages.get(receipt.split('.')[0] ?? '');
      if (message?.receipt === receipt) queue.messages.delete(message.id);
    },
    changeVisibility(queueUrl: string, receipt: unknown, seconds: unknown) {
      if (
        typeof seconds !== 'number' ||
        !Number.isInteger(seconds) ||
        seconds < 0 ||
        seconds > MAX_VISIBILITY_SECONDS
      ) {
        throw invalid(`VisibilityTimeout must be a whole number from 0 to ${MAX_VISIBILITY_SECONDS}.`);
      }
      const message = currentOf(queueOf(queueUrl), receipt);
      message.visibleAt = now() + seconds * 1000;
      if (seconds === 0) wake();
    },
    purge(queueUrl: string) {
      queueOf(queueUrl).messages.clear();
    },
    /** Messages waiting (visible or delayed) and in flight. */
    counts(queueUrl: string) {
      const at = now();
      const counts = { visible: 0, inFlight: 0, delayed: 0 };
      for (const message of queueOf(queueUrl).messages.values()) {
        if (message.visibleAt <= at) counts.visible += 1;
        else if (message.receipt) counts.inFlight += 1;
        else counts.delayed += 1;
      }
      return counts;
    },
    /** The bodies a queue holds, oldest first: what a test reads from a dead-letter queue. */
    bodies(queueUrl: string) {
      return [...queueOf(queueUrl).messages.values()].map((m) => m.body);
    },
    /** Resolves at the next send or visibility change to 0, or after `ms`. */
    nextChange(ms: number) {
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(done);
          resolve();
        }, ms);
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        waiting.add(done);
      });
    },
  };

  function currentOf(queue: ReturnType<typeof queueOf>, receipt: unknown) {
    const id = typeof receipt === 'string' ? receipt.split('.')[0] : undefined;
    const message = id === undefined ? undefined : queue.messages.get(id);
    if (!message || message.receipt !== receipt) throw invalidReceipt();
    return message;
  }
}

export type LocalQueues = ReturnType<typeof localQueues>;
