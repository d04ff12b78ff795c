import { describe, expect, it } from 'vitest';
import { rateLimiter } from '../../infra/local/rate-limiter.ts';
import type { ClientLimit } from '../../shared/deployment/client-limits.ts';
import { routes } from '../../shared/deployment/routes.ts';

const limits: ClientLimit[] = [
  { name: 'api', match: { pathPrefix: '/api/' }, limit: 60, windowSeconds: 60, burst: 5 },
  { name: 'verify', match: { method: 'POST', path: '/api/permits/verify' }, limit: 60, windowSeconds: 60, burst: 2 },
];

function clock(start = 1_000_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe('per-client rate limits', () => {
  it('gives each client its own buckets and refills them at limit / window', () => {
    const time = clock();
    const limiter = rateLimiter({ now: time.now, clientLimits: limits });
    expect([1, 2, 3].map(() => limiter.admitClient('a', 'POST', '/api/permits/verify').admitted)).toEqual([true, true, false]);
    expect(limiter.admitClient('b', 'POST', '/api/permits/verify').admitted).toBe(true);
    expect(limiter.admitClient('a', 'POST', '/api/permits/verify')).toEqual({ admitted: false, retryAfterSeconds: 1 });
    time.advance(1000);
    expect(limiter.admitClient('a', 'POST', '/api/permits/verify').admitted).toBe(true);
  });

  it('counts a request against every limit it matches, and spends nothing when one refuses', () => {
    const time = clock();
    const limiter = rateLimiter({ now: time.now, clientLimits: limits });
    limiter.admitClient('a', 'POST', '/api/permits/verify');
    limiter.admitClient('a', 'POST', '/api/permits/verify');
    for (let index = 0; index < 5; index++) limiter.admitClient('a', 'POST', '/api/permits/verify');
    // The refused verifications took nothing from the general API bucket: 3 of 5 left.
    expect([1, 2, 3, 4].map(() => limiter.admitClient('a', 'GET', '/api/ports').admitted)).toEqual([true, true, true, false]);
    expect(limiter.admitClient('a', 'GET', '/status').admitted).toBe(true);
  });

  it('drops buckets that have filled up again, so memory follows recent clients', () => {
    const time = clock();
    const limiter = rateLimiter({ now: time.now, clientLimits: limits });
    for (let client = 0; client < 1000; client++) limiter.admitClient(`10.0.${client >> 8}.${client & 255}`, 'GET', '/api/ports');
    expect(limiter.clientBucketCount()).toBe(1000);
    time.advance(61_000);
    limiter.admitClient('10.9.9.9', 'GET', '/api/ports');
    expect(limiter.clientBucketCount()).toBe(1);
  });

  it('never holds more than its bound, dropping the least recently used first', () => {
    const time = clock();
    const limiter = rateLimiter({ now: time.now, clientLimits: limits, maxClientBuckets: 100 });
    limiter.admitClient('flooder', 'GET', '/api/ports');
    for (let index = 0; index < 4; index++) limiter.admitClient('flooder', 'GET', '/api/ports');
    for (let client = 0; client < 10_000; client++) {
      limiter.admitClient(`spoof-${client}`, 'GET', '/api/ports');
      if (client % 50 === 0) limiter.admitClient('flooder', 'GET', '/api/ports');
      expect(limiter.clientBucketCount()).toBeLessThanOrEqual(101);
    }
    // The flooder stayed recently used, so its empty bucket was kept.
    expect(limiter.admitClient('flooder', 'GET', '/api/ports').admitted).toBe(false);
  });

  it('still throttles each route for everyone', () => {
    const time = clock();
    const limiter = rateLimiter({ now: time.now, clientLimits: limits });
    const verify = routes.find((route) => route.path === '/api/permits/verify')!;
    const admitted = Array.from({ length: verify.throttle!.burstLimit + 5 }, () => limiter.admitRoute(verify).admitted);
    expect(admitted.filter(Boolean)).toHaveLength(verify.throttle!.burstLimit);
  });
});
