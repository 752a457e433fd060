/**
 * Every SDK call fails on a timeout instead of hanging until the Lambda is killed:
 * `throwOnRequestTimeout` turns the request timeout from a logged warning into a TimeoutError,
 * which the callers classify (not sent, refused, or fate unknown). Each client module is
 * separate so a function bundles only the SDK clients it uses.
 */
export const REQUEST_HANDLER = { requestTimeout: 3_000, connectionTimeout: 1_000, throwOnRequestTimeout: true };

const NOT_REACHED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
]);

/**
 * An SDK error from which it is certain the service did not carry the request out: it was
 * throttled, or the connection was never made.
 */
export function surelyNotCarriedOut(error: unknown): boolean {
  const e = error as { name?: string; code?: string; message?: string } | null;
  if (!e) return false;
  if (THROTTLED.has(e.name ?? '')) return true;
  if (NOT_REACHED_CODES.has(e.code ?? '')) return true;
  return e.name === 'TimeoutError' && /did not establish a connection/.test(e.message ?? '');
}

/** A 4xx the service answered deliberately (not a throttle): retrying the same request cannot help. */
export function refusedByService(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode ?? 0;
  return status >= 400 && status < 500 && !surelyNotCarriedOut(error);
}

/**
 * A dependency that is down, slow or throttling rather than a request it refused: not reached,
 * timed out, throttled, or a 5xx. The caller may try again later (an HTTP 503).
 */
export function dependencyUnavailable(error: unknown): boolean {
  const e = error as { name?: string; code?: string; $fault?: string; $metadata?: { httpStatusCode?: number } } | null;
  if (!e) return false;
  if (surelyNotCarriedOut(e) || e.name === 'TimeoutError' || e.code === 'ECONNRESET' || e.code === 'EPIPE') return true;
  return e.$fault === 'server' || (e.$metadata?.httpStatusCode ?? 0) >= 500;
}
