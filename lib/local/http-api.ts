import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { listenerOf } from './http-listener.ts';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { LambdaRuntime } from './lambda-runtime.ts';

/** API Gateway's limit on an HTTP API request body: beyond it the caller gets 413. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

class PayloadTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new PayloadTooLarge(`the request body is over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

interface Route {
  routeKey: string;
  functionArn: string;
  authorizationType: string;
  method: string;
  pattern: RegExp;
}

/** `POST /escalations/{escalationId}/close` → method and a path pattern with named groups. */
function compile({ routeKey, functionArn, authorizationType }: Omit<Route, 'method' | 'pattern'>): Route {
  const [method = '', path = ''] = routeKey.split(' ');
  const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, '(?<$1>[^/]+)');
  return { routeKey, functionArn, authorizationType, method, pattern: new RegExp(`^${source}$`) };
}

function apiEvent(
  routeKey: string,
  req: IncomingMessage,
  url: URL,
  body: string,
  headers: Record<string, string>,
  pathParameters: Record<string, string> | undefined,
  claims: Record<string, string> | null,
): APIGatewayProxyEventV2 {
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    ...(url.search ? { queryStringParameters: Object.fromEntries(url.searchParams) } : {}),
    ...(pathParameters ? { pathParameters } : {}),
    headers,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: url.host,
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: String(req.headers['user-agent'] ?? ''),
      },
      requestId: randomUUID(),
      routeKey,
      ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    body,
    isBase64Encoded: false,
  };
}

/** Rewrites a request's headers before its handler sees them (`npm start --unsigned` signs deliveries). */
export type HeaderHook = (routeKey: string, headers: Record<string, string>, body: string) => Record<string, string>;

/** Rewrites a handler's answer before the client sees it (the local hint on an unsigned delivery's 401). */
export type ResponseHook = (
  routeKey: string,
  headers: Record<string, string>,
  result: APIGatewayProxyStructuredResultV2,
) => APIGatewayProxyStructuredResultV2;

/** The JWT authorizer's part: the verified claims of a request's bearer token, or null (401). */
export type JwtCheck = (authorization: string | undefined) => Record<string, string> | null;

/** The API's CORS configuration as the template sets it, with the origins it allows here. */
export interface Cors {
  allowOrigins: string[];
  allowHeaders: string[];
  allowMethods: string[];
  maxAge?: number;
}

/**
 * What API Gateway does for an HTTP API with a CORS configuration: answers a preflight from an
 * allowed origin itself, and names that origin on every response to it (401s included).
 */
function corsHeaders(cors: Cors | undefined, req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  if (!cors || !origin || !cors.allowOrigins.includes(origin)) return {};
  return { 'access-control-allow-origin': origin, vary: 'origin' };
}

function preflight(cors: Cors): Record<string, string> {
  return {
    'access-control-allow-methods': cors.allowMethods.join(','),
    'access-control-allow-headers': cors.allowHeaders.join(','),
    ...(cors.maxAge === undefined ? {} : { 'access-control-max-age': String(cors.maxAge) }),
  };
}

/** The HTTP API on 127.0.0.1: each route of the template, served by its integration's handler. */
export async function startHttpApi(
  runtime: LambdaRuntime,
  routes: Array<{ routeKey: string; functionArn: string; authorizationType: string }>,
  options: {
    port?: number;
    headerHook?: HeaderHook;
    responseHook?: ResponseHook;
    jwt?: JwtCheck;
    cors?: Cors;
    onRequest?: () => void;
  } = {},
): Promise<{ url: string; server: Server }> {
  const {
    port = 0,
    headerHook = (_route, headers) => headers,
    responseHook = (_route, _headers, result) => result,
    jwt = () => null,
    cors,
    onRequest,
  } = options;
  const compiled = routes.map(compile);
  const server = createServer(
    listenerOf(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      onRequest?.();
      const allowed = corsHeaders(cors, req);
      const send = (status: number, body: string, type = 'application/json') => {
        res.writeHead(status, { 'content-type': type, ...allowed });
        res.end(body);
      };
      if (cors && req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
        req.resume();
        res.writeHead(204, allowed['access-control-allow-origin'] ? { ...allowed, ...preflight(cors) } : {});
        return res.end();
      }
      const matched = compiled
        .filter((r) => r.method === req.method)
        .map((r) => ({ route: r, match: r.pattern.exec(url.pathname) }))
        .find((m) => m.match !== null);
      if (!matched) {
        const known = compiled.map((r) => r.routeKey).join(', ');
        return send(404, JSON.stringify({ error: `no route ${req.method} ${url.pathname}; routes: ${known}` }));
      }
      const { route, match } = matched;
      const params = match?.groups
        ? Object.fromEntries(Object.entries(match.groups).map(([k, v]) => [k, decodeURIComponent(v)]))
        : undefined;
      try {
        const headers = Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]),
        );
        // As API Gateway: the token is checked before the body is read, and a body declared too
        // large is refused unread.
        const claims = route.authorizationType === 'JWT' ? jwt(headers.authorization) : null;
        if (route.authorizationType === 'JWT' && !claims) {
          res.shouldKeepAlive = false;
          return send(401, JSON.stringify({ message: 'Unauthorized' }));
        }
        if (Number(headers['content-length'] ?? 0) > MAX_BODY_BYTES) throw new PayloadTooLarge('declared too large');
        const body = await readBody(req);
        const event = apiEvent(
          route.routeKey,
          req,
          url,
          body,
          headerHook(route.routeKey, headers, body),
          params,
          claims,
        );
        const result = responseHook(
          route.routeKey,
          headers,
          (await runtime.invoke(route.functionArn, event)) as APIGatewayProxyStructuredResultV2,
        );
        res.writeHead(result.statusCode ?? 200, { ...((result.headers ?? {}) as Record<string, string>), ...allowed });
        res.end(result.body ?? '');
      } catch (error) {
        if (error instanceof PayloadTooLarge) {
          res.shouldKeepAlive = false;
          return send(413, JSON.stringify({ message: 'Request Entity Too Large' }));
        }
        send(500, JSON.stringify({ error: (error as Error).message }));
      }
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
