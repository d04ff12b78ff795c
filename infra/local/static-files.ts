/** Serves the built web pages on the same origin as /api/, with the headers CloudFront adds in AWS. */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { pageFor, webSecurityHeaders } from '../../shared/deployment/web-security.ts';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
};

export function staticFiles(directory: string) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://local').pathname);
    const page = pageFor(pathname);
    const relative = page ?? normalize(pathname).replace(/^(\.\.[/\\])+/, '').replace(/^\/+/, '');
    const file = join(directory, relative);
    if (!file.startsWith(directory) || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...webSecurityHeaders }).end('Not found');
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, {
        'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
        // As in AWS: the bundles under assets/ are cached five minutes, everything else (pages, the service worker) revalidated.
        'cache-control': relative.replace(/\\/g, '/').startsWith('assets/') ? 'public, max-age=300' : 'no-cache',
        ...webSecurityHeaders,
      });
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...webSecurityHeaders }).end('Not found');
    }
  };
}
