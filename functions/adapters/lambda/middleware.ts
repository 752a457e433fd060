import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyResultV2, Context } from 'aws-lambda';

type StepHandler<I, O> = (event: I, context: Context) => Promise<O>;

function log(level: 'info' | 'error', message: string, fields: Record<string, unknown>) {
  const line = JSON.stringify({ level, message, timestamp: new Date().toISOString(), ...fields });
  (level === 'error' ? console.error : console.info)(line);
}

const ticketIdOf = (event: unknown): string | undefined =>
  (event as { ticket?: { ticketId?: string } } | null)?.ticket?.ticketId;

/** Logs every failure as one JSON line with the ticket reference, then lets it propagate. */
const logFailures = <I, O>(): MiddlewareObj<I, O, Error, Context> => ({
  onError: async (request) => {
    log('error', 'step failed', {
      function: request.context.functionName,
      requestId: request.context.awsRequestId,
      ticketId: ticketIdOf(request.event),
      error: request.error?.name,
      detail: request.error?.message,
    });
  },
});

/** A workflow step: plain JSON in, JSON out; errors propagate to the state machine's Retry/Catch. */
export function stepHandler<I, O>(fn: StepHandler<I, O>) {
  return middy<I, O, Error, Context>().use(logFailures<I, O>()).handler(fn);
}

/** Turns an unexpected error into a JSON 500 without leaking internals. Register it last. */
const httpErrorResponse = <I>(): MiddlewareObj<I, APIGatewayProxyResultV2, Error, Context> => ({
  onError: async (request) => {
    request.response = {
      statusCode: 500,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error: 'internal error', requestId: request.context.awsRequestId }),
    };
  },
});

export function httpHandler<I>(fn: StepHandler<I, APIGatewayProxyResultV2>) {
  return middy<I, APIGatewayProxyResultV2, Error, Context>()
    .use(logFailures<I, APIGatewayProxyResultV2>())
    .use(httpErrorResponse<I>())
    .handler(fn);
}

export { log };
