/**
 * The local gateway: serves the route table the way the HTTP API does, by building API Gateway v2
 * (payload 2.0) events for the same handlers, with the JWT checks of the API's authorizer and its
 * throttling, after the per-client limits the web ACL applies in AWS. Paths outside /api/ are left to a
 * static file server (the web pages).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { RouteDefinition } from '../../shared/deployment/routes.ts';
import { clientAddress } from '../../shared/http/edge.ts';
import type { Admission, RateLimiter } from './rate-limiter.ts';
import { webSecurityHeaders } from '../../shared/deployment/web-security.ts';
import { readBody } from './http-util.ts';

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
  /** The scope `clerk` routes require, as the API's `authorizationScopes`: a valid token without it gets 403. */
  clerkScope: string;
  /** Per-client limits, then the route's throttle; none when absent. */
  limiter?: Pick<RateLimiter, 'admitClient' | 'admitRoute'>;
  /** The origin secret CloudFront would add: only a request carrying it may name its viewer's address. */
  originSecret?: string;
  /** Serves everything outside /api/ and /_local/ (the web pages); 404 when absent. */
  serveStatic?: (request: IncomingMessage, response: ServerResponse) => Promise<void>;
  /** Extra local-only endpoints under /_local/. */
  localEndpoints?: Record<string, LocalEndpoint>;
  /** The local issuer's sign-in doors (/.well-known/, /_local/oidc/, /console-config.json): true when it answered. */
  issuerDoors?: (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<boolean>;
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

/** Where a request's bytes came in: a path parameter that is not valid percent-encoding names itself. */
class MalformedRequest extends Error {
  constructor(readonly issuePath: string, message: string) {
    super(message);
  }
}

function decodePathParameter(name: string, raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new MalformedRequest(name, 'This part of the path is not valid percent-encoding.');
  }
}

function parseTarget(target: string | undefined): URL {
  try {
    return new URL(target ?? '/', 'http://local');
  } catch {
    throw new MalformedRequest('', 'The request target is not a valid path.');
  }
}

/** The local endpoints answer only to this stack's own loopback names, so a page that rebinds a DNS name to 127.0.0.1 reaches none of them. */
const isOwnLoopbackHost = (host: string | undefined, port: number) =>
  host !== undefined && [`127.0.0.1:${port}`, `localhost:${port}`].includes(host.toLowerCase());

function contractError(response: ServerResponse, statusCode: number, error: string, message: string, headers: Record<string, string> = {}) {
  response.writeHead(statusCode, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify({ error, message }));
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

function tooManyRequests(response: ServerResponse, refusal: Extract<Admission, { admitted: false }>) {
  contractError(response, 429, 'TooManyRequests', 'Too many requests; slow down and retry shortly.', { 'retry-after': String(refusal.retryAfterSeconds) });
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
      const url = parseTarget(request.url);
      const issuerDoor = url.pathname.startsWith('/.well-known/') || url.pathname === '/console-config.json';
      if (url.pathname.startsWith('/_local/') || issuerDoor) {
        if (!isOwnLoopbackHost(request.headers.host, (server.address() as AddressInfo).port)) {
          return contractError(response, 403, 'Forbidden', 'Local endpoints answer only at 127.0.0.1 or localhost with this stack\'s port.');
        }
        if (options.issuerDoors && (await options.issuerDoors(request, response, url))) return;
        if (issuerDoor) return contractError(response, 404, 'NotFound', 'Not found.');
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
      // Before any route, token or body: one client over its limits costs nothing more.
      const client = clientAddress(request.socket.remoteAddress, request.headers as Record<string, string | undefined>, options.originSecret);
      const clientAdmission = options.limiter?.admitClient(client, request.method ?? 'GET', url.pathname) ?? { admitted: true };
      if (!clientAdmission.admitted) return tooManyRequests(response, clientAdmission);
      if (!url.pathname.startsWith('/api/')) {
        if (options.serveStatic) return await options.serveStatic(request, response);
        return contractError(response, 404, 'NotFound', 'Not found.');
      }
      let match: { route: RouteDefinition; pathParameters: Record<string, string> } | undefined;
      for (const candidate of compiled) {
        if (candidate.route.method !== request.method) continue;
        const found = candidate.pattern.exec(url.pathname);
        if (!found) continue;
        const pathParameters = Object.fromEntries(candidate.names.map((name, index) => [name, decodePathParameter(name, found[index + 1]!)]));
        match = { route: candidate.route, pathParameters };
        break;
      }
      if (!match) return contractError(response, 404, 'NotFound', 'No such API route.');
      const routeAdmission = options.limiter?.admitRoute(match.route) ?? { admitted: true };
      if (!routeAdmission.admitted) return tooManyRequests(response, routeAdmission);
      const body = await readBody(request, MAX_PAYLOAD_BYTES);
      if (body === 'too-large') return contractError(response, 413, 'PayloadTooLarge', 'The request is too large.');
      const event = buildEvent(request, url, match.route, match.pathParameters, body);
      if (match.route.auth === 'clerk') {
        const bearer = /^Bearer\s+(\S+)$/i.exec(event.headers.authorization ?? '')?.[1];
        const claims = bearer ? options.authorize(bearer) : undefined;
        if (!claims) return contractError(response, 401, 'Unauthorized', 'A valid bearer token is required.');
        const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
        if (!scopes.includes(options.clerkScope)) {
          return contractError(response, 403, 'Forbidden', 'This token does not carry the review scope: sign in to the console for an access token.');
        }
        (event.requestContext as unknown as Record<string, unknown>).authorizer = { jwt: { claims, scopes } };
      }
      writeResult(response, await options.invoke(match.route, event));
    } catch (error) {
      if (response.headersSent) return response.end();
      if (error instanceof MalformedRequest) {
        response.writeHead(400, { 'content-type': 'application/json; charset=utf-8' });
        return response.end(JSON.stringify({ error: 'ValidationError', message: error.message, issues: [{ path: error.issuePath, message: error.message }] }));
      }
      contractError(response, 500, 'InternalError', 'Something went wrong on our side. Please try again.');
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

