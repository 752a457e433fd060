import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { dependencyUnavailable } from '#adapters/aws/request-handler';
import { logger } from '#adapters/lambda/logger';

/** What an error says about its cause beyond its message: a system error code (ECONNREFUSED, ENOSPC), the HTTP status. */
export const causeOf = (error: unknown): Record<string, unknown> => {
  const e = error as { code?: unknown; $metadata?: { httpStatusCode?: number }; cause?: { code?: unknown } } | null;
  const code = e?.code ?? e?.cause?.code;
  const status = e?.$metadata?.httpStatusCode;
  return { ...(typeof code === 'string' ? { code } : {}), ...(status ? { httpStatus: status } : {}) };
};

type Handler<I, O> = (event: I, context: Context) => Promise<O>;

/** What every log line of an invocation carries: the function, the request, the ticket and its run. */
const invocationFields = (event: unknown, context: Context) => {
  const state = event as { ticket?: { ticketId?: string }; runId?: string } | null;
  return {
    function: context.functionName,
    requestId: context.awsRequestId,
    ticketId: state?.ticket?.ticketId,
    execution: state?.runId,
  };
};

const withLogContext =
  <I, O>(fn: Handler<I, O>): Handler<I, O> =>
  (event, context) =>
    logger.within(invocationFields(event, context), () => fn(event, context));

/** Logs every failure as one line with the ticket reference, then lets it propagate. */
const logFailures = <I, O>(): MiddlewareObj<I, O, Error, Context> => ({
  onError: async (request) => {
    logger.within(invocationFields(request.event, request.context), () =>
      logger.error('failed', {
        error: request.error?.name,
        detail: request.error?.message,
        ...causeOf(request.error),
      }),
    );
  },
});

/** A workflow step or a schedule: plain JSON in, JSON out; errors go to the state machine's Retry/Catch. */
export function stepHandler<I, O>(fn: Handler<I, O>) {
  return middy<I, O, Error, Context>().use(logFailures<I, O>()).handler(withLogContext(fn));
}

/**
 * Turns an unexpected error into JSON without leaking internals: 503 with Retry-After when a
 * dependency is down, slow or throttling (try again), else 500. Registered last.
 */
const httpErrorResponse = <I>(): MiddlewareObj<I, APIGatewayProxyResultV2, Error, Context> => ({
  onError: async (request) => {
    const unavailable = dependencyUnavailable(request.error);
    request.response = {
      statusCode: unavailable ? 503 : 500,
      headers: { 'content-type': 'application/json', ...(unavailable ? { 'retry-after': '5' } : {}) },
      body: JSON.stringify({
        error: unavailable ? 'a service this needs is unavailable; try again shortly' : 'internal error',
        requestId: request.context.awsRequestId,
      }),
    };
  },
});

export function httpHandler<I>(fn: Handler<I, APIGatewayProxyResultV2>) {
  return middy<I, APIGatewayProxyResultV2, Error, Context>()
    .use(logFailures<I, APIGatewayProxyResultV2>())
    .use(httpErrorResponse<I>())
    .handler(withLogContext(fn));
}
