import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logger } from '#adapters/lambda/logger';
import { stepHandler } from '#adapters/lambda/middleware';
import { changeAdapters } from '#adapters/lambda/records-feed';
import { applyChanges } from '#use-cases/apply-changes';
import { anyFailed, changesIn } from '#use-cases/change-batches';

const deps = changeAdapters();
/** Changes of one message named in the log when refused or failed; the rest are counted. */
const NAMED_PER_MESSAGE = 20;

function parsed(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/**
 * The records feed's queue: each message one change or an array of them. Messages are applied
 * side by side; a message whose changes could not all be written is reported failed alone
 * (ReportBatchItemFailures), so only it comes back, and after the queue's receive count it
 * goes to the dead-letter queue. A message that is not a change is refused and counted, never
 * retried: delivering it again would not make it one. Each refused or failed change is named in
 * a warning with its reason, as the queue has no one to answer.
 */
export const handler = stepHandler<SQSEvent, SQSBatchResponse>(async (event) => {
  const results = await Promise.all(
    event.Records.map(async (message) => {
      const body = parsed(message.body);
      const batch = body === undefined ? { ok: false as const, error: 'not JSON' } : changesIn(body);
      if (!batch.ok) {
        logger.warn('message is not a records change', { messageId: message.messageId, error: batch.error });
        return { message, refused: 1, failed: false, counts: null };
      }
      const report = await applyChanges(deps, batch.changes);
      const unapplied = report.outcomes.filter((o) => o.result === 'REFUSED' || o.result === 'FAILED');
      if (unapplied.length) {
        logger.warn('record changes not applied', {
          messageId: message.messageId,
          changes: unapplied.slice(0, NAMED_PER_MESSAGE),
          more: Math.max(0, unapplied.length - NAMED_PER_MESSAGE),
        });
      }
      return { message, refused: 0, failed: anyFailed(report.outcomes), counts: report.counts };
    }),
  );
  const total = { APPLIED: 0, STALE: 0, REFUSED: 0, FAILED: 0 };
  for (const { refused, counts } of results) {
    total.REFUSED += refused;
    if (counts) for (const key of Object.keys(total) as Array<keyof typeof total>) total[key] += counts[key];
  }
  logger.info('record changes', { route: 'queue', messages: event.Records.length, ...total });
  return {
    batchItemFailures: results.filter((r) => r.failed).map((r) => ({ itemIdentifier: r.message.messageId })),
  };
});
