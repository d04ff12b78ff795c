/** Token buckets per route: the same limits as the API's stage and route throttling in AWS. */
import type { RouteDefinition } from '../../shared/deployment/routes.ts';
import { defaultThrottle } from '../../shared/deployment/routes.ts';

interface Bucket {
  tokens: number;
  refilledAt: number;
}

export function rateLimiter(now: () => number = Date.now) {
  const buckets = new Map<string, Bucket>();
  return (route: RouteDefinition): boolean => {
    const { rateLimit, burstLimit } = route.throttle ?? defaultThrottle;
    const key = `${route.method} ${route.path}`;
    const time = now();
    const bucket = buckets.get(key) ?? { tokens: burstLimit, refilledAt: time };
    bucket.tokens = Math.min(burstLimit, bucket.tokens + ((time - bucket.refilledAt) / 1000) * rateLimit);
    bucket.refilledAt = time;
    buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  };
}
