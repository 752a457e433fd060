import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { httpHandler } from '#adapters/lambda/middleware';
import { sdkFault } from '#lib/local/faults';

const context = { functionName: 'Ops', awsRequestId: 'req-1' } as Context;
const failingWith = (error: Error) =>
  httpHandler(async () => {
    throw error;
  });

describe('an HTTP handler that throws', () => {
  it.each([
    ['refused', sdkFault.refused('127.0.0.1:8000')],
    ['throttled', sdkFault.throttle()],
    ['failing inside', sdkFault.fail()],
    ['timed out', sdkFault.timeout(3_000)],
  ])('answers 503 with Retry-After when a dependency is %s', async (_what, error) => {
    const response = (await failingWith(error)({}, context)) as { statusCode: number; headers: Record<string, string> };

    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
  });

  it('answers 500 for its own error, telling nothing of it', async () => {
    const response = (await failingWith(new TypeError('x is undefined'))({}, context)) as {
      statusCode: number;
      body: string;
    };

    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('x is undefined');
  });
});
