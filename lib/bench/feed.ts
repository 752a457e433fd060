import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { PRICES } from '#lib/bench/cost';
import { seededRandom } from '#lib/local/random';
import type { LocalStack } from '#lib/local/stack';
import { usageBetween, type UsageMeter } from '#lib/local/usage';

/** SQS standard queues, per million requests (each 64 KB of a payload is a request), us-east-1. */
const SQS_PER_MILLION_REQUESTS = 0.4;
const CHANGES_PER_MESSAGE = 100;
const MESSAGES_PER_SEND = 10;

export interface FeedBench {
  offeredPerSecond: number;
  seconds: number;
  changes: number;
  /** Changes applied a second, from the first send to the queue empty again. */
  appliedPerSecond: number;
  /** How long after the last send the queue was empty: the backlog the offered rate left. */
  drainSeconds: number;
  /** Messages still in the queue when the bench stopped waiting (twice the offered time, at least a minute): 0 is right. */
  stalledMessages: number;
  /** Terminals whose stored version is not the newest sent (a regression or a loss): 0 is right. */
  wrongTerminals: number;
  costUsdPerMillionChanges: { total: number; lines: Array<{ item: string; usd: number; basis: string }> };
}

/**
 * The records feed under load: `perSecond` changes a second for `seconds`, sent to the changes
 * queue in messages of 100 (batches of 10 messages), each 10-second window's changes shuffled
 * (so a terminal's versions arrive out of order), on `terminals` terminals of the stack's
 * records. It ends when the queue is empty (or gives up waiting, saying how many messages were
 * left), then checks every terminal holds its newest version, and prices a million changes from
 * what the consumer metered.
 */
export async function feedBench(
  stack: LocalStack,
  usage: UsageMeter,
  options: {
    perSecond: number;
    seconds: number;
    terminals: Array<Record<string, unknown>>;
    seed?: number;
    progress?: (line: string) => void;
  },
): Promise<FeedBench> {
  const random = seededRandom(options.seed ?? 21);
  const queueUrl = stack.outputs.RecordChangesQueueUrl ?? '';
  const sqs = new SQSClient({ endpoint: stack.urls.aws, region: 'us-east-1' });
  const versions = new Map<string, number>();
  const change = (i: number) => {
    const terminal = options.terminals[Math.floor(random() * options.terminals.length)] ?? {};
    const terminalId = String(terminal.terminalId);
    const version = (versions.get(terminalId) ?? 0) + 1;
    versions.set(terminalId, version);
    return {
      changeId: `BENCH-${i}`,
      entity: 'terminal',
      op: 'upsert',
      version,
      record: { ...terminal, firmwareVersion: `9.${version}.0` },
    };
  };
  const shuffled = <T>(items: T[]) => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  };

  const before = usage.snapshot();
  const started = performance.now();
  let made = 0;
  let requests = 0;
  let bytes = 0;
  for (let window = 0; window * 10 < options.seconds; window++) {
    const seconds = Math.min(10, options.seconds - window * 10);
    const changes = shuffled(Array.from({ length: seconds * options.perSecond }, () => change(made++)));
    for (let second = 0; second < seconds; second++) {
      const due = started + (window * 10 + second) * 1000;
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
      const slice = changes.slice(second * options.perSecond, (second + 1) * options.perSecond);
      const sends: Array<Promise<unknown>> = [];
      for (let m = 0; m < slice.length; m += CHANGES_PER_MESSAGE * MESSAGES_PER_SEND) {
        const entries = [];
        for (
          let e = m;
          e < Math.min(slice.length, m + CHANGES_PER_MESSAGE * MESSAGES_PER_SEND);
          e += CHANGES_PER_MESSAGE
        ) {
          const body = JSON.stringify(slice.slice(e, e + CHANGES_PER_MESSAGE));
          bytes += Buffer.byteLength(body);
          entries.push({ Id: `m${e}`, MessageBody: body });
        }
        requests += Math.ceil(entries.reduce((n, x) => n + Buffer.byteLength(x.MessageBody), 0) / 65_536);
        sends.push(sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries })));
      }
      await Promise.all(sends);
    }
  }
  const sentAt = performance.now();
  const giveUpAt = sentAt + Math.max(60, 2 * options.seconds) * 1000;
  let stalledMessages: number;
  for (let polls = 1; ; polls++) {
    const { visible, inFlight, delayed } = stack.queues.counts(queueUrl);
    stalledMessages = visible + inFlight + delayed;
    if (stalledMessages === 0 || performance.now() > giveUpAt) break;
    if (polls % 50 === 0) options.progress?.(`  sent; ${visible} messages waiting, ${inFlight} in flight`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const drainedAt = performance.now();
  sqs.destroy();
  const used = usageBetween(before, usage.snapshot());

  let wrong = 0;
  const ids = [...versions.keys()];
  for (let i = 0; i < ids.length; i += 100) {
    const { Responses } = await stack.documentClient.send(
      new BatchGetCommand({
        RequestItems: {
          [stack.tableNames.terminals]: { Keys: ids.slice(i, i + 100).map((terminalId) => ({ terminalId })) },
        },
      }),
    );
    for (const item of Responses?.[stack.tableNames.terminals] ?? [])
      if (item.recordVersion !== versions.get(String(item.terminalId))) wrong++;
    wrong += ids.slice(i, i + 100).length - (Responses?.[stack.tableNames.terminals]?.length ?? 0);
  }

  const perMillion = (n: number) => (n / Math.max(1, made)) * 1e6;
  const messages = Math.ceil(made / CHANGES_PER_MESSAGE);
  const fns = Object.values(used.lambda);
  const invocations = fns.reduce((n, f) => n + f.invocations, 0);
  const gbSeconds = fns.reduce((n, f) => n + (f.billedMs / 1000) * (f.memoryMb / 1024), 0);
  // Lambda's poller: a receive per batch, a delete per batch, besides the sends.
  const sqsRequests = requests + 2 * invocations;
  const lines = [
    {
      item: 'SQS',
      usd: perMillion(sqsRequests) * (SQS_PER_MILLION_REQUESTS / 1e6),
      basis: `${requests} sends of ${messages} messages (${Math.round(bytes / messages / 1024)} KB each), a receive and a delete per batch`,
    },
    {
      item: 'Lambda',
      usd:
        perMillion(invocations) * (PRICES.lambda.perMillionRequests / 1e6) +
        perMillion(gbSeconds) * PRICES.lambda.perGbSecondArm64,
      basis: `${invocations} invocations, ${((gbSeconds / made) * 1e6).toFixed(0)} GB-µs a change`,
    },
    {
      item: 'DynamoDB',
      usd:
        perMillion(used.dynamodb.readUnits) * (PRICES.dynamodb.perMillionReadUnits / 1e6) +
        perMillion(used.dynamodb.writeUnits) * (PRICES.dynamodb.perMillionWriteUnits / 1e6),
      basis: `${(used.dynamodb.readUnits / made).toFixed(1)} read, ${(used.dynamodb.writeUnits / made).toFixed(1)} write units a change`,
    },
  ];
  return {
    offeredPerSecond: options.perSecond,
    seconds: options.seconds,
    changes: made,
    appliedPerSecond: Math.round((made - stalledMessages * CHANGES_PER_MESSAGE) / ((drainedAt - started) / 1000)),
    drainSeconds: +((drainedAt - sentAt) / 1000).toFixed(1),
    stalledMessages,
    wrongTerminals: wrong,
    costUsdPerMillionChanges: {
      total: +lines.reduce((n, l) => n + l.usd, 0).toFixed(2),
      lines: lines.map((l) => ({ ...l, usd: +l.usd.toFixed(3) })),
    },
  };
}
