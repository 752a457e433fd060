import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export const jsonResponse = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

type JsonBody = { ok: true; value: unknown; tooLarge?: false } | { ok: false; error: string; tooLarge: boolean };

/** The request body parsed as JSON, or why it is not JSON (or is larger than `maxBytes`). */
export function jsonBody(event: APIGatewayProxyEventV2, maxBytes = Infinity): JsonBody {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > maxBytes)
    return { ok: false, error: `the body is over ${maxBytes} bytes`, tooLarge: true };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: `not JSON: ${(error as Error).message}`, tooLarge: false };
  }
}
