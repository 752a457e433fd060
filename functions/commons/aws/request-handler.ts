/**
 * Fail fast inside a 10 s Lambda: the state machine's Retry, not a hung socket, handles a slow
 * service. Each client module is separate so a function bundles only the SDK clients it uses.
 */
export const REQUEST_HANDLER = { requestTimeout: 5_000, connectionTimeout: 2_000 };
