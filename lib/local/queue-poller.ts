import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { LocalQueues, Received } from './aws/sqs-queues.ts';
import { LOCAL_REGION } from './cloud-assembly.ts';

/** An AWS::Lambda::EventSourceMapping from a queue, as the templates declare it. */
export interface QueueEventSource {
  queueArn: string;
  functionArn: string;
  batchSize: number;
  batchingWindowMs: number;
  /** FunctionResponseTypes holds ReportBatchItemFailures: the function names the messages that failed. */
  reportBatchItemFailures: boolean;
}

/** Batches Lambda's poller keeps in flight per queue at first (it scales up from there on AWS). */
const BATCHES_IN_FLIGHT = 5;
const IDLE_WAIT_MS = 250;

export function recordOf(message: Received, queueArn: string): SQSRecord {
  return {
    messageId: message.id,
    receiptHandle: message.receipt,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentAt),
      SenderId: 'AIDALOCALSENDER',
      ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? message.sentAt),
    },
    messageAttributes: {},
    md5OfBody: message.md5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: LOCAL_REGION,
  };
}

/**
 * The messages of a batch to delete after the function returned `result`: all of them, or with
 * ReportBatchItemFailures all but those it names. A response Lambda cannot read (not an object,
 * an itemIdentifier that is empty or not in the batch) fails the whole batch, as on AWS.
 */
export function deletable(batch: readonly Received[], result: unknown, reportFailures: boolean): Received[] {
  if (!reportFailures || result === null || result === undefined) return [...batch];
  if (typeof result !== 'object' || Array.isArray(result)) return [];
  const failures = (result as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return [...batch];
  if (!Array.isArray(failures)) return [];
  const ids = new Set(batch.map((m) => m.id));
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || !ids.has(id)) return [];
    failed.add(id);
  }
  return batch.filter((m) => !failed.has(m.id));
}

/**
 * Lambda's SQS event source for the local stack: per mapping, a few batches in flight, each
 * filled up to the batch size within the batching window, handed to the function as the
 * SQSEvent AWS sends, and deleted once it returns (but for the messages it reports failed).
 * A message not deleted comes back after the queue's visibility timeout; the queue moves it to
 * its dead-letter queue once it has been received the redrive policy's number of times.
 */
export function pollQueues(
  queues: LocalQueues,
  invoke: (functionArn: string, event: SQSEvent) => Promise<unknown>,
  sources: readonly QueueEventSource[],
  options: { onError?: (source: QueueEventSource, error: unknown) => void } = {},
) {
  let running = true;

  const nextBatch = async (source: QueueEventSource) => {
    const batch = queues.receive(source.queueArn, source.batchSize);
    if (batch.length === 0) {
      await queues.nextChange(IDLE_WAIT_MS);
      return batch;
    }
    const windowEnds = Date.now() + source.batchingWindowMs;
    while (running && batch.length < source.batchSize && Date.now() < windowEnds) {
      await queues.nextChange(windowEnds - Date.now());
      batch.push(...queues.receive(source.queueArn, source.batchSize - batch.length));
    }
    return batch;
  };

  const deliver = async (source: QueueEventSource, batch: Received[]) => {
    let result: unknown;
    try {
      result = await invoke(source.functionArn, { Records: batch.map((m) => recordOf(m, source.queueArn)) });
    } catch (error) {
      options.onError?.(source, error);
      return;
    }
    for (const message of deletable(batch, result, source.reportBatchItemFailures)) {
      try {
        queues.delete(source.queueArn, message.receipt);
      } catch {
        // Received again after its visibility timeout ran out: that receive deletes it.
      }
    }
  };

  const worker = async (source: QueueEventSource) => {
    while (running) {
      const batch = await nextBatch(source);
      if (batch.length) await deliver(source, batch);
    }
  };

  const workers = sources.flatMap((source) => Array.from({ length: BATCHES_IN_FLIGHT }, () => worker(source)));
  return {
    /** Stops receiving; resolves once the batches in flight have been handed back. */
    async stop() {
      running = false;
      await Promise.all(workers);
    },
  };
}
