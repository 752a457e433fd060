import { dynamoRecordChanges } from '#adapters/dynamodb/record-changes';
import { db } from '#adapters/lambda/db';
import { systemClock } from '#adapters/lambda/env';
import type { ChangeDeps } from '#use-cases/apply-changes';

/** What applying record changes runs on in a Lambda: the feed's queue consumer and its signed route. */
export const changeAdapters = (): ChangeDeps => ({ records: dynamoRecordChanges(db), clock: systemClock });
