/**
 * CloudFront as the only door, as every API function sees it in AWS: with the origin secret configured,
 * a request without it is refused, and only a request carrying it may name its viewer's address for
 * the per-client limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIssuerKeys, mintToken } from '../../infra/local/local-issuer.ts';
import { clientLimits } from '../../shared/deployment/client-limits.ts';
import { routes } from '../../shared/deployment/routes.ts';
import { requestFrom } from './client-requests.ts';
import { startTestStack, type TestStack } from './helpers.ts';

const secret = 'origin-secret-for-this-test-only-0123456789';
let stack: TestStack;
const throughCloudFront = (viewer?: string) => ({ 'x-origin-verify': secret, ...(viewer ? { 'cloudfront-viewer-address': viewer } : {}) });
const clerk = `Bearer ${mintToken(loadIssuerKeys(), { clerkId: 'origin-clerk', ports: ['MOHAN'], role: 'clerk' })}`;

beforeAll(async () => {
  // The functions read it at their cold start, as they do in Lambda.
  process.env.ORIGIN_VERIFY_SECRET = secret;
  stack = await startTestStack({ poller: false });
});
afterAll(async () => {
  await stack?.stop();
  delete process.env.ORIGIN_VERIFY_SECRET;
});

describe('requests that go around CloudFront', () => {
  it('are refused by every API route, public or clerk, and served when they carry the secret', async () => {
    for (const route of routes) {
      const path = route.path.replace('{id}', 'AAAAAAAAAAAAAAAAAAAAAA').replace('{port}', 'MOHAN') + (route.path === '/api/review/applications' ? '?port=MOHAN' : '');
      const init = { method: route.method, path, headers: { authorization: clerk }, ...(route.method !== 'GET' ? { body: {} } : {}) };
      const around = await requestFrom('127.0.0.1', stack.url, init);
      expect(around.status, `${route.method} ${route.path}`).toBe(403);
      expect(around.body).toEqual({ error: 'Forbidden', message: expect.any(String) });
      const wrong = await requestFrom('127.0.0.1', stack.url, { ...init, headers: { ...init.headers, 'x-origin-verify': `${secret.slice(0, -1)}x` } });
      expect(wrong.status, `${route.method} ${route.path} with a wrong secret`).toBe(403);
      const through = await requestFrom('127.0.0.1', stack.url, { ...init, headers: { ...init.headers, ...throughCloudFront() } });
      expect(through.status, `${route.method} ${route.path} through CloudFront`).not.toBe(403);
    }
  });
});

describe('the viewer address behind CloudFront', () => {
  it('counts each viewer CloudFront names as its own client, though all arrive from one peer', async () => {
    const verification = clientLimits.find((limit) => limit.name === 'permit-verification')!;
    const verify = (viewer: string) => requestFrom('127.0.0.1', stack.url, { method: 'POST', path: '/api/permits/verify', body: { token: 'a.b.c' }, headers: throughCloudFront(viewer) });
    const flooded = await Promise.all(Array.from({ length: verification.burst + 10 }, () => verify('203.0.113.7:50123')));
    expect(flooded.filter((response) => response.status === 429).length).toBeGreaterThanOrEqual(8);
    expect((await verify('203.0.113.7:50999')).status).toBe(429);
    expect((await verify('2001:db8::7:443')).status).toBe(200);
    expect((await verify('203.0.113.8:50123')).status).toBe(200);
  });
});
