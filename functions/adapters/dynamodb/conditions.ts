import {
  type AttributeValue,
  ConditionalCheckFailedException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/** A write refused because its condition did not hold (alone, or as part of a transaction). */
export const isConditionFailure = (error: unknown) =>
  error instanceof ConditionalCheckFailedException ||
  (error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed'));

/** A conditional write whose unmet condition is an answer (nothing to do), not an error. */
export async function writeIfCondition(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** The item a failed condition saw (ReturnValuesOnConditionCheckFailure: ALL_OLD), as stored. */
export const oldItem = (error: unknown): Record<string, unknown> | null => {
  const item = (error as { Item?: Record<string, AttributeValue> }).Item;
  return item ? unmarshall(item) : null;
};
