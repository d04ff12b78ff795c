/**
 * What the API knows about the edge in front of it. In AWS CloudFront is the only door: it adds a secret
 * origin header (`x-origin-verify`, from Secrets Manager) to every request it forwards, and every API
 * function refuses a request without it, so the default execute-api address, which skips the web ACL and
 * the response headers, serves nothing. Only a request that carries the secret may name its viewer in
 * `CloudFront-Viewer-Address`; any other client's claim to be someone else is ignored.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { forbidden } from '../domain/errors.ts';

export const originVerifyHeader = 'x-origin-verify';
export const viewerAddressHeader = 'cloudfront-viewer-address';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** True when the request carries the origin secret CloudFront adds (compared in constant time). */
export function cameThroughCloudFront(headers: Record<string, string | undefined>, originSecret: string | undefined): boolean {
  const presented = headers[originVerifyHeader];
  return Boolean(originSecret && presented !== undefined && timingSafeEqual(digest(presented), digest(originSecret)));
}

/** `198.51.100.7` from `::ffff:198.51.100.7`: one client, one spelling. */
const canonical = (address: string) => (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address);

/** The IP address in `CloudFront-Viewer-Address` (`<ip>:<port>`, IPv6 without brackets), if it holds one. */
function viewerAddress(header: string | undefined): string | undefined {
  const separator = header?.lastIndexOf(':') ?? -1;
  const address = separator > 0 ? header!.slice(0, separator) : undefined;
  return address && isIP(address) ? canonical(address) : undefined;
}

/**
 * Who a request comes from, for per-client limits: the viewer CloudFront names when the request really
 * came through CloudFront, otherwise the TCP peer.
 */
export function clientAddress(peer: string | undefined, headers: Record<string, string | undefined>, originSecret: string | undefined): string {
  const viewer = cameThroughCloudFront(headers, originSecret) ? viewerAddress(headers[viewerAddressHeader]) : undefined;
  return viewer ?? canonical(peer ?? 'unknown');
}

/** Refuses a request that went around CloudFront, wherever the origin secret is set (every API function in AWS). */
export function requireCloudFront(headers: Record<string, string | undefined> | undefined, originSecret: string | undefined): void {
  if (originSecret !== undefined && !cameThroughCloudFront(headers ?? {}, originSecret)) {
    throw forbidden("Use the service's public address; this one does not serve requests.");
  }
}
