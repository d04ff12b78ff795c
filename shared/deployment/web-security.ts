/** Security headers of the web pages: the local server sends these, and CloudFront's response headers policy sets the same. */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const webSecurityHeaders: Record<string, string> = {
  'content-security-policy': contentSecurityPolicy,
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Which page serves a path: the form, the status page (/status to look one up, /status/{id}), the console, the checkpoint. */
export function pageFor(pathname: string): string | undefined {
  if (pathname === '/' || pathname === '/index.html') return 'index.html';
  if (/^\/status(\/[^/]+)?\/?$/.test(pathname)) return 'status.html';
  if (pathname === '/console' || pathname === '/console/') return 'console.html';
  if (pathname === '/checkpoint' || pathname === '/checkpoint/') return 'checkpoint.html';
  return undefined;
}
