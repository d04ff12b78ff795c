/**
 * The local gateway's rate limits: a token bucket per client and per-client limit
 * (shared/deployment/client-limits.ts, the web ACL's rules in AWS), and one per route (the API's stage and
 * route throttling). Client buckets that have filled up again hold nothing a fresh bucket would not, so a
 * sweep each minute drops them: memory follows the clients of the last minutes, and stays within
 * `maxClientBuckets` (past that the least recently used go first).
 */
import { clientLimitMatches, clientLimits as defaultClientLimits, type ClientLimit } from '../../shared/deployment/client-limits.ts';
import type { RouteDefinition } from '../../shared/deployment/routes.ts';
import { defaultThrottle } from '../../shared/deployment/routes.ts';

const SWEEP_INTERVAL_MS = 60_000;

interface Bucket {
  tokens: number;
  refilledAt: number;
}

/** Admitted, or refused with the seconds until the client's next request would pass. */
export type Admission = { admitted: true } | { admitted: false; retryAfterSeconds: number };

export interface RateLimiterOptions {
  now?: () => number;
  clientLimits?: readonly ClientLimit[];
  /** Past this many client buckets the full ones are swept, then the least recently used dropped. */
  maxClientBuckets?: number;
}

export interface RateLimiter {
  /** Per-client limits: checked first, before the route is even known. */
  admitClient(client: string, method: string, path: string): Admission;
  admitRoute(route: RouteDefinition): Admission;
  /** Client buckets held now. */
  clientBucketCount(): number;
}

const refill = (bucket: Bucket, time: number, ratePerSecond: number, capacity: number) => {
  bucket.tokens = Math.min(capacity, bucket.tokens + ((time - bucket.refilledAt) / 1000) * ratePerSecond);
  bucket.refilledAt = time;
};

const secondsUntilOneToken = (bucket: Bucket, ratePerSecond: number) => Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerSecond));

export function rateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const now = options.now ?? Date.now;
  const limits = options.clientLimits ?? defaultClientLimits;
  const maxClientBuckets = options.maxClientBuckets ?? 50_000;
  const clientBuckets = new Map<string, { bucket: Bucket; limit: ClientLimit }>();
  const routeBuckets = new Map<string, Bucket>();
  const rateOf = (limit: ClientLimit) => limit.limit / limit.windowSeconds;
  let sweptAt = now();

  function sweep(time: number) {
    sweptAt = time;
    for (const [key, entry] of clientBuckets) {
      refill(entry.bucket, time, rateOf(entry.limit), entry.limit.burst);
      if (entry.bucket.tokens >= entry.limit.burst) clientBuckets.delete(key);
    }
    // Map order is least recently used first (every use re-inserts its entry). Trimming to 90% leaves room,
    // so a flood of new addresses costs one sweep per tenth of the bound, not one per request.
    for (const key of clientBuckets.keys()) {
      if (clientBuckets.size <= maxClientBuckets * 0.9) break;
      clientBuckets.delete(key);
    }
  }

  return {
    admitClient(client, method, path) {
      const time = now();
      if (clientBuckets.size >= maxClientBuckets || time - sweptAt > SWEEP_INTERVAL_MS) sweep(time);
      const matching = limits.filter((limit) => clientLimitMatches(limit, method, path));
      const entries = matching.map((limit) => {
        const key = `${limit.name}|${client}`;
        const entry = clientBuckets.get(key) ?? { bucket: { tokens: limit.burst, refilledAt: time }, limit };
        clientBuckets.delete(key);
        clientBuckets.set(key, entry);
        refill(entry.bucket, time, rateOf(limit), limit.burst);
        return entry;
      });
      const empty = entries.filter((entry) => entry.bucket.tokens < 1);
      // All or nothing: a refused request spends no limit's token.
      if (empty.length > 0) return { admitted: false, retryAfterSeconds: Math.max(...empty.map((entry) => secondsUntilOneToken(entry.bucket, rateOf(entry.limit)))) };
      for (const entry of entries) entry.bucket.tokens -= 1;
      return { admitted: true };
    },
    admitRoute(route) {
      const { rateLimit, burstLimit } = route.throttle ?? defaultThrottle;
      const key = `${route.method} ${route.path}`;
      const time = now();
      const bucket = routeBuckets.get(key) ?? { tokens: burstLimit, refilledAt: time };
      routeBuckets.set(key, bucket);
      refill(bucket, time, rateLimit, burstLimit);
      if (bucket.tokens < 1) return { admitted: false, retryAfterSeconds: secondsUntilOneToken(bucket, rateLimit) };
      bucket.tokens -= 1;
      return { admitted: true };
    },
    clientBucketCount: () => clientBuckets.size,
  };
}
