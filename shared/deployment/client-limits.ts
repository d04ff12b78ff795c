/**
 * Per-client rate limits: what one client address may send, beside the per-route throttles of routes.ts
 * (which cap a route for all clients together). A request counts against every limit it matches, and
 * one client over a limit gets 429 while other clients go on. The local gateway keeps a token bucket per
 * client and limit, checked before any token is verified or body read; in AWS the CloudFront web ACL
 * (infra/edge-stack.ts) has one rate-based rule per limit, counting per viewer IP address.
 */

export interface ClientLimit {
  /** The web ACL rule and metric name. */
  name: string;
  /** The requests that count: every path under a prefix, or one method on one exact path. */
  match: { pathPrefix: string } | { method: 'GET' | 'POST'; path: string };
  /** Requests one client may send per window: a WAF rate-based rule's limit and evaluation window. */
  limit: number;
  windowSeconds: 60 | 120 | 300 | 600;
  /**
   * How many may come at once: the local bucket's size. WAF counts over its window and has no burst, so
   * in AWS a client may spend its whole window's limit at once, still under the route throttles.
   */
  burst: number;
}

export const clientLimits: readonly ClientLimit[] = [
  // Everything, pages included: a backstop far above what a person's browser sends.
  { name: 'site', match: { pathPrefix: '/' }, limit: 3000, windowSeconds: 300, burst: 300 },
  // Every API route, the review routes included: a clerks' office behind one address stays well inside it,
  // while one address flooding a route (even unauthenticated) cannot spend that route's throttle for all.
  { name: 'api', match: { pathPrefix: '/api/' }, limit: 1200, windowSeconds: 60, burst: 120 },
  // Applicants behind one carrier-grade NAT share an address: generous per address, still far below the route's.
  { name: 'submission', match: { method: 'POST', path: '/api/applications' }, limit: 300, windowSeconds: 60, burst: 60 },
  // A checkpoint post scans a permit every few seconds per lane; its scanners share one address.
  { name: 'permit-verification', match: { method: 'POST', path: '/api/permits/verify' }, limit: 300, windowSeconds: 60, burst: 20 },
];

/** Whether a request counts against a limit. */
export function clientLimitMatches(limit: ClientLimit, method: string, path: string): boolean {
  return 'pathPrefix' in limit.match ? path.startsWith(limit.match.pathPrefix) : method === limit.match.method && path === limit.match.path;
}
