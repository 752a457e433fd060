/**
 * Error name the workflow never retries: the input or the records are wrong, so trying again
 * cannot help. The Catch that follows escalates the ticket with the message.
 */
export const PERMANENT_ERROR = 'TriagePermanentError';

export class TriagePermanentError extends Error {
  override readonly name = PERMANENT_ERROR;
}
