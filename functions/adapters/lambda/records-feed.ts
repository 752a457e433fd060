import { dynamoEscalationWatch } from '#adapters/dynamodb/escalation-watch';
import { dynamoEscalations } from '#adapters/dynamodb/escalations';
import { dynamoRecordChanges } from '#adapters/dynamodb/record-changes';
import { db } from '#adapters/lambda/db';
import { flagFromEnv, systemClock } from '#adapters/lambda/env';
import { ENV } from '#adapters/lambda/env-names';
import { acceptAdapters } from '#adapters/lambda/wiring';
import type { ChangeDeps } from '#use-cases/apply-changes';
import { rerunOnRecordChange } from '#use-cases/escalation-queue';

/**
 * What applying record changes runs on in a Lambda: the feed's queue consumer and its signed
 * route. With RERUN_ON_RECORD_CHANGE=true, an open item a change can clear is re-run through
 * accept-ticket, as a reviewer's re-run is.
 */
export function changeAdapters(): ChangeDeps {
  const rerunDeps = flagFromEnv(ENV.rerunOnRecordChange)
    ? { ...acceptAdapters(), escalations: dynamoEscalations(db) }
    : null;
  return {
    records: dynamoRecordChanges(db),
    clock: systemClock,
    watch: {
      watch: dynamoEscalationWatch(db),
      rerun: rerunDeps
        ? async (escalationId) => {
            const result = await rerunOnRecordChange(rerunDeps, escalationId);
            // A re-run that could not be stored is tried again with the change; one refused stays refused.
            if (!result.ok && result.status >= 500) throw new Error(result.error);
            return result;
          }
        : null,
    },
  };
}
