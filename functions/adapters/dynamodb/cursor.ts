/** Paging keys as opaque cursors: the API hands them out and takes them back, never parses a caller's. */
export const encodeCursor = (key: Record<string, unknown> | undefined) =>
  key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : null;

export function decodeCursor(cursor: string | null): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (key && typeof key === 'object' && !Array.isArray(key)) return key as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new RangeError('not a cursor this API gave out');
}

/**
 * Runs a query that starts at a caller's cursor: DynamoDB refusing the start key (a cursor of
 * another query, or edited) is the caller's mistake, reported as a bad cursor, not a failure.
 */
export async function fromCursor<T>(cursor: string | null, query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    if (cursor && (error as { name?: string }).name === 'ValidationException')
      throw new RangeError('not a cursor for this query', { cause: error });
    throw error;
  }
}
