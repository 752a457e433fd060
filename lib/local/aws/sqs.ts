import type { ServerResponse } from 'node:http';
import { LOCAL_ACCOUNT } from '../cloud-assembly.ts';
import { type LocalQueues, MAX_MESSAGE_BYTES, QueueError, type Received } from './sqs-queues.ts';

type Request = Record<string, unknown>;
type Operation = (request: Request) => Promise<unknown> | unknown;

const MAX_BATCH = 10;
const MAX_WAIT_SECONDS = 20;
const SYSTEM_ATTRIBUTES = ['SenderId', 'SentTimestamp', 'ApproximateReceiveCount', 'ApproximateFirstReceiveTimestamp'];
/** What a queue name and a batch entry ID are made of. */
const SQS_NAME = /^[\w-]{1,80}$/;

const invalid = (message: string) => new QueueError('InvalidParameterValue', 'InvalidParameterValue', message);

const wholeIn = (value: unknown, name: string, min: number, max: number, fallback: number) => {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(`${name} must be a whole number from ${min} to ${max}.`);
  }
  return value;
};

const queueUrlOf = (request: Request) => {
  if (typeof request.QueueUrl !== 'string' || !request.QueueUrl) throw invalid('QueueUrl is required.');
  return request.QueueUrl;
};

/** Batch entries: 1 to 10, each with an ID of letters, digits, hyphens and underscores, no ID twice. */
function entriesOf(request: Request): Request[] {
  const entries = request.Entries;
  if (!Array.isArray(entries) || entries.length === 0) {
    throw new QueueError(
      'EmptyBatchRequest',
      'AWS.SimpleQueueService.EmptyBatchRequest',
      'The batch holds no entries.',
    );
  }
  if (entries.length > MAX_BATCH) {
    throw new QueueError(
      'TooManyEntriesInBatchRequest',
      'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
      `A batch holds at most ${MAX_BATCH} entries.`,
    );
  }
  const ids = new Set<string>();
  for (const entry of entries as Request[]) {
    if (typeof entry?.Id !== 'string' || !SQS_NAME.test(entry.Id)) {
      throw new QueueError(
        'InvalidBatchEntryId',
        'AWS.SimpleQueueService.InvalidBatchEntryId',
        'A batch entry ID is 1 to 80 letters, digits, hyphens or underscores.',
      );
    }
    if (ids.has(entry.Id)) {
      throw new QueueError(
        'BatchEntryIdsNotDistinct',
        'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
        `Two entries have the ID ${entry.Id}.`,
      );
    }
    ids.add(entry.Id);
  }
  return entries as Request[];
}

/** Each entry run alone: one that fails is listed under Failed, the others still succeed. */
function batchOf(request: Request, run: (entry: Request) => Record<string, unknown>) {
  const Successful: unknown[] = [];
  const Failed: unknown[] = [];
  for (const entry of entriesOf(request)) {
    try {
      Successful.push({ Id: entry.Id, ...run(entry) });
    } catch (error) {
      if (!(error instanceof QueueError)) throw error;
      Failed.push({ Id: entry.Id, SenderFault: true, Code: error.type, Message: error.message });
    }
  }
  return { Successful, Failed };
}

const refuseAttributes = (request: Request) => {
  if (request.MessageAttributes !== undefined || request.MessageSystemAttributes !== undefined) {
    throw invalid('Message attributes are not served by the local queue; put what the consumer needs in the body.');
  }
};

function attributesOf(message: Received, names: readonly string[]) {
  const all: Record<string, string> = {
    SenderId: 'AIDALOCALSENDER',
    SentTimestamp: String(message.sentAt),
    ApproximateReceiveCount: String(message.receiveCount),
    ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? message.sentAt),
  };
  const wanted = names.includes('All') ? SYSTEM_ATTRIBUTES : names.filter((n) => SYSTEM_ATTRIBUTES.includes(n));
  return Object.fromEntries(wanted.map((name) => [name, all[name] ?? '']));
}

const namesIn = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((n): n is string => typeof n === 'string') : [];

/**
 * SQS's JSON protocol (`AmazonSQS.*`, application/x-amz-json-1.0) over `queues`: what the SDK v3,
 * the AWS CLI and botocore send. Queue URLs are `baseUrl/<account>/<name>`; a URL is matched by
 * its last path segment, so the AWS-shaped URL a template's Ref resolves to names the same queue.
 */
export function sqsService(queues: LocalQueues, baseUrl: string) {
  const urlOf = (name: string) => `${baseUrl}/${LOCAL_ACCOUNT}/${name}`;
  const sent = (message: { id: string; md5OfBody: string }) => ({
    MessageId: message.id,
    MD5OfMessageBody: message.md5OfBody,
  });

  const operations: Record<string, Operation> = {
    GetQueueUrl: (request) => {
      const name = typeof request.QueueName === 'string' && SQS_NAME.test(request.QueueName) ? request.QueueName : '';
      return { QueueUrl: urlOf(queues.nameOf(name)) };
    },
    ListQueues: (request) => {
      const prefix = typeof request.QueueNamePrefix === 'string' ? request.QueueNamePrefix : '';
      return { QueueUrls: queues.specs.filter((s) => s.name.startsWith(prefix)).map((s) => urlOf(s.name)) };
    },
    GetQueueAttributes: (request) => {
      const url = queueUrlOf(request);
      const spec = queues.specs.find((s) => s.name === queues.nameOf(url));
      const { visible, inFlight, delayed } = queues.counts(url);
      const all: Record<string, string> = {
        QueueArn: spec?.arn ?? '',
        ApproximateNumberOfMessages: String(visible),
        ApproximateNumberOfMessagesNotVisible: String(inFlight),
        ApproximateNumberOfMessagesDelayed: String(delayed),
        VisibilityTimeout: String(spec?.visibilityTimeoutSeconds ?? 30),
        MessageRetentionPeriod: String(spec?.retentionSeconds ?? 345_600),
        MaximumMessageSize: String(MAX_MESSAGE_BYTES),
        ...(spec?.redrive
          ? {
              RedrivePolicy: JSON.stringify({
                deadLetterTargetArn: spec.redrive.deadLetterArn,
                maxReceiveCount: spec.redrive.maxReceiveCount,
              }),
            }
          : {}),
      };
      const names = namesIn(request.AttributeNames);
      const wanted = names.includes('All') ? Object.keys(all) : names.filter((n) => n in all);
      return { Attributes: Object.fromEntries(wanted.map((name) => [name, all[name]])) };
    },
    SendMessage: (request) => {
      refuseAttributes(request);
      return sent(
        queues.send(queueUrlOf(request), request.MessageBody, wholeIn(request.DelaySeconds, 'DelaySeconds', 0, 900, 0)),
      );
    },
    SendMessageBatch: (request) => {
      const url = queueUrlOf(request);
      const entries = entriesOf(request);
      const bytes = entries.reduce(
        (n, e) => n + (typeof e.MessageBody === 'string' ? Buffer.byteLength(e.MessageBody) : 0),
        0,
      );
      if (bytes > MAX_MESSAGE_BYTES) {
        throw new QueueError(
          'BatchRequestTooLong',
          'AWS.SimpleQueueService.BatchRequestTooLong',
          `A batch's bodies add up to at most ${MAX_MESSAGE_BYTES} bytes.`,
        );
      }
      return batchOf(request, (entry) => {
        refuseAttributes(entry);
        return sent(queues.send(url, entry.MessageBody, wholeIn(entry.DelaySeconds, 'DelaySeconds', 0, 900, 0)));
      });
    },
    ReceiveMessage: async (request) => {
      const url = queueUrlOf(request);
      queues.nameOf(url);
      const max = wholeIn(request.MaxNumberOfMessages, 'MaxNumberOfMessages', 1, MAX_BATCH, 1);
      const visibility =
        request.VisibilityTimeout === undefined
          ? undefined
          : wholeIn(request.VisibilityTimeout, 'VisibilityTimeout', 0, 43_200, 0);
      const waitUntil = Date.now() + wholeIn(request.WaitTimeSeconds, 'WaitTimeSeconds', 0, MAX_WAIT_SECONDS, 0) * 1000;
      const names = [...namesIn(request.AttributeNames), ...namesIn(request.MessageSystemAttributeNames)];
      let got = queues.receive(url, max, visibility);
      // Long polling: wait for a send (or a message coming back into view) until the wait ends.
      while (got.length === 0 && Date.now() < waitUntil) {
        await queues.nextChange(Math.min(200, waitUntil - Date.now()));
        got = queues.receive(url, max, visibility);
      }
      return {
        Messages: got.map((message) => ({
          MessageId: message.id,
          ReceiptHandle: message.receipt,
          MD5OfBody: message.md5OfBody,
          Body: message.body,
          ...(names.length ? { Attributes: attributesOf(message, names) } : {}),
        })),
      };
    },
    DeleteMessage: (request) => {
      queues.delete(queueUrlOf(request), request.ReceiptHandle);
      return {};
    },
    DeleteMessageBatch: (request) => {
      const url = queueUrlOf(request);
      return batchOf(request, (entry) => {
        queues.delete(url, entry.ReceiptHandle);
        return {};
      });
    },
    ChangeMessageVisibility: (request) => {
      queues.changeVisibility(queueUrlOf(request), request.ReceiptHandle, request.VisibilityTimeout);
      return {};
    },
    PurgeQueue: (request) => {
      queues.purge(queueUrlOf(request));
      return {};
    },
  };

  return async (target: string, body: string, res: ServerResponse): Promise<void> => {
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', ...headers });
      res.end(JSON.stringify(payload));
    };
    const fail = (error: QueueError) =>
      send(
        400,
        { __type: `com.amazonaws.sqs#${error.type}`, message: error.message },
        { 'x-amzn-query-error': `${error.code};Sender` },
      );
    const operation = operations[target.replace(/^AmazonSQS\./, '')];
    if (!operation)
      return fail(
        new QueueError(
          'UnsupportedOperation',
          'AWS.SimpleQueueService.UnsupportedOperation',
          `${target} is not served locally`,
        ),
      );
    let request: unknown;
    try {
      request = JSON.parse(body || '{}');
    } catch {
      return fail(invalid('The request body is not JSON.'));
    }
    if (request === null || typeof request !== 'object' || Array.isArray(request)) {
      return fail(invalid('The request body is not a JSON object.'));
    }
    try {
      send(200, await operation(request as Request));
    } catch (error) {
      if (error instanceof QueueError) return fail(error);
      throw error;
    }
  };
}
