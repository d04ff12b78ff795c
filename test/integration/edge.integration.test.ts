/**
 * The local stack's edge as an attacker meets it: per-client limits (one client flooding a route gets 429
 * while another still passes), local endpoints that answer only to the stack's own loopback Host,
 * engines listening on loopback only, and malformed paths answered 400 instead of 500.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIssuerKeys, mintToken } from '../../infra/local/local-issuer.ts';
import { clientLimits } from '../../shared/deployment/client-limits.ts';
import { routes } from '../../shared/deployment/routes.ts';
import { tourismApplication } from '../fixtures/applications.ts';
import { requestFrom } from './client-requests.ts';
import { startTestStack, type TestStack } from './helpers.ts';

let stack: TestStack;
let port: number;
const clerk = { authorization: `Bearer ${mintToken(loadIssuerKeys(), { clerkId: 'edge-clerk', ports: ['MOHAN'], role: 'clerk' })}` };
const limitOf = (name: string) => clientLimits.find((limit) => limit.name === name)!;

beforeAll(async () => {
  stack = await startTestStack({ poller: false });
  port = Number(new URL(stack.url).port);
});
afterAll(async () => stack?.stop());

/** Sends `count` requests at once from one address; resolves to their statuses. */
async function flood(address: string, count: number, init: Parameters<typeof requestFrom>[2]) {
  const responses = await Promise.all(Array.from({ length: count }, () => requestFrom(address, stack.url, init)));
  return responses;
}

describe('per-client limits', () => {
  it('refuses a client flooding permit verification while another client is still served', async () => {
    const verify = { method: 'POST', path: '/api/permits/verify', body: { token: 'a.b.c' } };
    const flooded = await flood('127.0.0.2', 120, verify);
    const refused = flooded.filter((response) => response.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(120 - limitOf('permit-verification').burst - 10);
    expect(refused[0]!.body).toEqual({ error: 'TooManyRequests', message: expect.any(String) });
    expect(Number(refused[0]!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const honest = await flood('127.0.0.3', 5, verify);
    expect(honest.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    // The flooder is still refused (but for what its limit refilled meanwhile): its own limit, not the route's, stopped it.
    const again = await flood('127.0.0.2', 20, verify);
    expect(again.filter((response) => response.status === 429).length).toBeGreaterThanOrEqual(15);
  });

  it('keeps the review list open to a clerk while another address floods it without a token', async () => {
    const flooded = await flood('127.0.0.4', 300, { path: '/api/review/applications?port=MOHAN' });
    expect(flooded.filter((response) => response.status === 429).length).toBeGreaterThanOrEqual(300 - limitOf('api').burst - 30);
    expect(flooded.every((response) => [401, 429].includes(response.status))).toBe(true);
    const clerkPage = await requestFrom('127.0.0.5', stack.url, { path: '/api/review/applications?port=MOHAN', headers: clerk });
    expect(clerkPage.status).toBe(200);
  });

  it('ignores a viewer address claimed by a request that did not come through CloudFront', async () => {
    const { burst } = limitOf('api');
    // One peer sends its whole bucket and 30 more, each of those naming another viewer: they share its bucket.
    const responses = await Promise.all([
      ...Array.from({ length: burst }, () => requestFrom('127.0.0.6', stack.url, { path: '/api/ports' })),
      ...Array.from({ length: 30 }, (_, index) => requestFrom('127.0.0.6', stack.url, { path: '/api/ports', headers: { 'cloudfront-viewer-address': `198.51.100.${index + 1}:443` } })),
    ]);
    expect(responses.filter((response) => response.status === 200).length).toBeLessThan(burst + 20);
    expect((await requestFrom('127.0.0.16', stack.url, { path: '/api/ports' })).status).toBe(200);
  });

  it('limits submissions per client before reading the body', async () => {
    const count = limitOf('submission').burst + 20;
    const submissions = await flood('127.0.0.7', count, { method: 'POST', path: '/api/applications', body: tourismApplication() });
    // What the bucket refills while the flood is served (5 a second) may pass too.
    expect(submissions.filter((response) => response.status === 429).length).toBeGreaterThanOrEqual(count - limitOf('submission').burst - 10);
    expect((await requestFrom('127.0.0.8', stack.url, { method: 'POST', path: '/api/applications', body: tourismApplication() })).status).toBe(202);
  });
});

describe('the review scope', () => {
  it('refuses ID tokens on every clerk route, as the API\'s authorizer does, and takes access tokens', async () => {
    const keys = loadIssuerKeys();
    const idToken = mintToken(keys, { clerkId: 'edge-clerk', ports: ['MOHAN'], role: 'supervisor', use: 'id' });
    const accessToken = mintToken(keys, { clerkId: 'edge-clerk', ports: ['MOHAN'], role: 'supervisor' });
    for (const route of routes.filter((candidate) => candidate.auth === 'clerk')) {
      const path = route.path.replace('{id}', 'AAAAAAAAAAAAAAAAAAAAAA').replace('{port}', 'MOHAN') + (route.path === '/api/review/applications' ? '?port=MOHAN' : '');
      const init = { method: route.method, path, ...(route.method !== 'GET' ? { body: {} } : {}) };
      const withIdToken = await requestFrom('127.0.0.10', stack.url, { ...init, headers: { authorization: `Bearer ${idToken}` } });
      expect(withIdToken.status, `${route.method} ${route.path}`).toBe(403);
      expect(withIdToken.body).toEqual({ error: 'Forbidden', message: expect.stringContaining('scope') });
      const withAccessToken = await requestFrom('127.0.0.10', stack.url, { ...init, headers: { authorization: `Bearer ${accessToken}` } });
      expect([200, 400, 404], `${route.method} ${route.path}`).toContain(withAccessToken.status);
    }
  });
});

describe('local endpoints', () => {
  it('answer only when Host is the stack\'s own loopback name and port', async () => {
    const token = '/_local/token?clerk=rebound&ports=MOHAN&role=supervisor';
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) {
      const response = await requestFrom('127.0.0.1', stack.url, { path: token, headers: { host } });
      expect(response.status, host).toBe(200);
    }
    for (const host of ['attacker.example', `attacker.example:${port}`, `127.0.0.1:${port + 1}`, 'localhost', `127.0.0.1.nip.io:${port}`, `[::1]:${port}`]) {
      for (const path of [token, '/_local/health', '/_local/alarms', '/_local/outbox', '/_local/outbox.html', '/.well-known/openid-configuration', '/_local/oidc/jwks', '/console-config.json']) {
        const response = await requestFrom('127.0.0.1', stack.url, { path, headers: { host } });
        expect(response.status, `${host} ${path}`).toBe(403);
        expect(response.body).toEqual({ error: 'Forbidden', message: expect.any(String) });
      }
    }
  });
});

describe('local engines', () => {
  /** Listening TCP sockets (state 0A) from /proc/net/tcp and tcp6: local address and port. */
  function listeningSockets(): { address: string; port: number }[] {
    return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.trim().split(/\s+/))
        .filter((fields) => fields[3] === '0A')
        .map((fields) => {
          const [hexAddress, hexPort] = fields[1]!.split(':') as [string, string];
          return { address: hexAddress, port: Number.parseInt(hexPort, 16) };
        }),
    );
  }

  it('listen on 127.0.0.1 only: DynamoDB, SQS, the email and SMS stand-ins and the gateway', () => {
    const ports = [stack.env.DYNAMODB_ENDPOINT, stack.env.SQS_ENDPOINT, stack.env.SES_ENDPOINT, stack.env.SMS_ENDPOINT, stack.url].map((url) => Number(new URL(url).port));
    const sockets = listeningSockets();
    for (const enginePort of ports) {
      const bound = sockets.filter((socket) => socket.port === enginePort);
      expect(bound.length, `port ${enginePort}`).toBeGreaterThan(0);
      // 0100007F is 127.0.0.1 in /proc's little-endian hex; 00000000 or :: would be every interface.
      expect(bound.map((socket) => socket.address), `port ${enginePort}`).toEqual(bound.map(() => '0100007F'));
    }
  });
});

describe('malformed paths', () => {
  it('answer 400 with the contract body for bad percent-encoding, on every route with a path parameter', async () => {
    for (const [method, path] of [
      ['GET', '/api/applications/%E0%A4%A'],
      ['GET', '/api/applications/%ZZ'],
      ['POST', '/api/applications/%/info'],
      ['GET', '/api/review/applications/%C0%AF'],
      ['POST', '/api/review/applications/%FF/claim'],
    ] as const) {
      const response = await requestFrom('127.0.0.9', stack.url, { method, path, headers: clerk });
      expect(response.status, path).toBe(400);
      expect(response.body).toEqual({ error: 'ValidationError', message: expect.any(String), issues: [{ path: 'id', message: expect.any(String) }] });
    }
  });

  it('keep the handlers safe when API Gateway hands them a raw or odd path parameter', async () => {
    const base = JSON.parse(readFileSync('events/get-application.json', 'utf8'));
    const claims = { username: 'edge-clerk', 'cognito:groups': '[clerk port-MOHAN]' };
    for (const id of ['%E0%A4%A', '%ZZ', '../../etc', '\u0000', '\u001b[2J', 'a'.repeat(5000), '?admin=true#']) {
      const applicant = (await stack.invoke('get-application', { ...base, pathParameters: { id } })) as { statusCode: number };
      expect(applicant.statusCode, JSON.stringify(id)).toBe(404);
      const clerkEvent = { ...base, pathParameters: { id }, requestContext: { ...base.requestContext, authorizer: { jwt: { claims, scopes: null } } } };
      const detail = (await stack.invoke('review-detail', clerkEvent)) as { statusCode: number };
      expect(detail.statusCode, JSON.stringify(id)).toBe(404);
    }
  });
});
