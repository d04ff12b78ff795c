import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { pageFor } from '../../shared/deployment/web-security.ts';

// The CloudFront function as CloudFront runs it: a plain script defining handler(event).
const source = readFileSync(join(import.meta.dirname, '..', '..', 'infra', 'cloudfront', 'web-routes.js'), 'utf8');
const handler = runInNewContext(`${source}; handler`) as (event: { request: { uri: string } }) => { uri: string };

describe('page routes in CloudFront and in the local server', () => {
  const pages = ['/', '/index.html', '/console', '/console/', '/status', '/status/', '/status/K5QD10GNhRpSHSryvKtl9g', '/status/abc/', '/checkpoint', '/checkpoint/'];
  const files = ['/assets/apply.js', '/assets/styles.css', '/statuses', '/status/a/b', '/consoles', '/favicon.ico', '/checkpoint-sw.js', '/checkpoint.webmanifest', '/checkpoint/x'];

  it.each(pages)('serves %s with the same page in both', (path) => {
    expect(handler({ request: { uri: path } }).uri).toBe(`/${pageFor(path)}`);
  });

  it.each(files)('leaves %s to the bucket as it is', (path) => {
    expect(pageFor(path)).toBeUndefined();
    expect(handler({ request: { uri: path } }).uri).toBe(path);
  });
});
