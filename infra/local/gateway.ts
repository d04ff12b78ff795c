/**
 * The local gateway: serves the route table the way the HTTP API does, by building API Gateway v2
 * (payload 2.0) events for the same handlers, with the JWT checks of the API's authorizer and its
 * throttling. Paths outside /api/ are left to a static file server (the web pages).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { RouteDefinition } from '../../shared/deployment/routes.ts';
import { webSecurityHeaders } from '../../shared/deployment/web-security.ts';

/** API Gateway's own payload limit; the handlers enforce the contract's 64 KiB themselves. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

/** A local endpoint's refusal of its query: answered 400 with the contract's body. */
export class LocalEndpointError extends Error {}

/** A local endpoint's answer as a web page (HTML, 200) instead of JSON. */
export class LocalPage {
  constructor(readonly html: string) {}
}

/** A local-only endpoint: its answer (JSON, 200), a LocalPage, or a LocalEndpointError (400). */
export type LocalEndpoint = (query: URLSearchParams) => unknown;

export type Invoke = (route: RouteDefinition, event: APIGatewayProxyEventV2) => Promise<unknown>;

export interface GatewayOptions {
  routes: readonly RouteDefinition[];
  invoke: Invoke;
  /** Checks a bearer token for `clerk` routes; returns the claims as API Gateway passes them, or undefined (401). */
  authorize: (token: string) => Record<string, string | number | boolean> | undefined;
  /** Returns true when the request may pass the route's rate limit. */
  admit: (route: RouteDefinition) => boolean;
  /** Serves everything outside /api/ and /_local/ (the web pages); 404 when absent. */
  serveStatic?: (request: IncomingMessage, response: ServerResponse) => Promise<void>;
  /** Extra local-only endpoints under /_local/. */
  localEndpoints?: Record<string, LocalEndpoint>;
  host: string;
  port: number;
}

interface CompiledRoute {
  route: RouteDefinition;
  pattern: RegExp;
  names: string[];
}

function compile(route: RouteDefinition): CompiledRoute {
  const names: string[] = [];
  const segments = route.path.split('/').map((segment) => {
    const parameter = /^\{(\w+)\}$/.exec(segment);
    if (!parameter) return segment.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
    names.push(parameter[1]!);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${segments.join('/')}$`), names };
}

const textMediaType = (contentType: string | undefined) => {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return mediaType.startsWith('text/') || /^application\/([\w.+-]*\+)?(json|xml|javascript|x-www-form-urlencoded)$/.test(mediaType);
};

function contractError(response: ServerResponse, statusCode: number, error: string, message: string, headers: Record<string, string> = {}) {
  response.writeHead(statusCode, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify({ error, message }));
}

async function readBody(request: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_PAYLOAD_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function buildEvent(request: IncomingMessage, url: URL, route: RouteDefinition, pathParameters: Record<string, string>, body: Buffer): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (let index = 0; index < request.rawHeaders.length; index += 2) {
    const name = request.rawHeaders[index]!.toLowerCase();
    const value = request.rawHeaders[index + 1]!;
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  const cookies = headers.cookie?.split(/;\s*/).filter(Boolean);
  const now = new Date();
  const isText = textMediaType(headers['content-type']);
  const routeKey = `${route.method} ${route.path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies?.length ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host?.split(':')[0] ?? '127.0.0.1',
      domainPrefix: (headers.host ?? '127').split('.')[0]!,
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !isText,
  };
}

function writeResult(response: ServerResponse, result: unknown) {
  if (!result || typeof result !== 'object' || typeof (result as APIGatewayProxyStructuredResultV2).statusCode !== 'number') {
    contractError(response, 500, 'InternalError', 'Something went wrong on our side. Please try again.');
    return;
  }
  const structured = result as APIGatewayProxyStructuredResultV2;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(structured.headers ?? {})) headers[name.toLowerCase()] = String(value);
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
  const body = structured.body === undefined ? '' : structured.isBase64Encoded ? Buffer.from(structured.body, 'base64') : structured.body;
  response.writeHead(structured.statusCode!, headers);
  response.end(body);
}

export async function startGateway(options: GatewayOptions): Promise<{ server: Server; url: string; stop: () => Promise<void> }> {
  const compiled = options.routes.map(compile);
  const server = createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://local');
      if (url.pathname.startsWith('/_local/')) {
        const endpoint = options.localEndpoints?.[url.pathname.slice('/_local/'.length)];
        if (!endpoint) return contractError(response, 404, 'NotFound', 'No such local endpoint.');
        const result = await endpoint(url.searchParams);
        if (result instanceof LocalEndpointError) return contractError(response, 400, 'ValidationError', result.message);
        if (result instanceof LocalPage) {
          response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...webSecurityHeaders });
          return response.end(result.html);
        }
        response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
        return response.end(JSON.stringify(result));
      }
      if (!url.pathname.startsWith('/api/')) {
        if (options.serveStatic) return await options.serveStatic(request, response);
        return contractError(response, 404, 'NotFound', 'Not found.');
      }
      let match: { route: RouteDefinition; pathParameters: Record<string, string> } | undefined;
      for (const candidate of compiled) {
        if (candidate.route.method !== request.method) continue;
        const found = candidate.pattern.exec(url.pathname);
        if (!found) continue;
        const pathParameters = Object.fromEntries(candidate.names.map((name, index) => [name, decodeURIComponent(found[index + 1]!)]));
        match = { route: candidate.route, pathParameters };
        break;
      }
      if (!match) return contractError(response, 404, 'NotFound', 'No such API route.');
      if (!options.admit(match.route)) {
        return contractError(response, 429, 'TooManyRequests', 'Too many requests; slow down and retry shortly.', { 'retry-after': '1' });
      }
      const body = await readBody(request);
      if (body === 'too-large') return contractError(response, 413, 'PayloadTooLarge', 'The request is too large.');
      const event = buildEvent(request, url, match.route, match.pathParameters, body);
      if (match.route.auth === 'clerk') {
        const bearer = /^Bearer\s+(\S+)$/i.exec(event.headers.authorization ?? '')?.[1];
        const claims = bearer ? options.authorize(bearer) : undefined;
        if (!claims) return contractError(response, 401, 'Unauthorized', 'A valid bearer token is required.');
        (event.requestContext as unknown as Record<string, unknown>).authorizer = { jwt: { claims, scopes: null } };
      }
      writeResult(response, await options.invoke(match.route, event));
    } catch {
      if (!response.headersSent) contractError(response, 500, 'InternalError', 'Something went wrong on our side. Please try again.');
      else response.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${options.host}:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

