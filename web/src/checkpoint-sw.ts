/**
 * The checkpoint page's service worker (served at /checkpoint-sw.js, scope /checkpoint). It keeps the
 * page and its code per build, served from its cache (a new build is a new worker, which replaces them),
 * and the permit keys and the signed revocation list, fetched from the network first and kept, so that
 * the cached copy answers when there is no network. Nothing else passes through it.
 */

import { KEPT_COPY_HEADER } from './checkpoint-copy.ts';

/** Written in by web/build.ts: the page's files, and a digest of their contents. */
declare const CHECKPOINT_SHELL: string[];
declare const CHECKPOINT_VERSION: string;

// The service worker's own types, which the DOM library the project compiles against does not declare.
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  readonly location: Location;
  readonly clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  skipWaiting(): Promise<void>;
}
const worker = self as unknown as WorkerScope;

const SHELL_PREFIX = 'checkpoint-shell-';
const shellCache = `${SHELL_PREFIX}${CHECKPOINT_VERSION}`;
const dataCache = 'checkpoint-data';
const keysPath = '/api/permits/keys';
const revocationsPath = '/api/permits/revocations';
/** A network that hangs counts as none: the kept copy answers after this long. */
const NETWORK_TIMEOUT_MS = 4000;

const issuedAtOf = async (response: Response | undefined) => {
  try {
    return Date.parse(((await response?.clone().json()) as { issuedAt?: string } | undefined)?.issuedAt ?? '') || 0;
  } catch {
    return 0;
  }
};

/** Fetches and keeps a fresh copy; a revocation list older than the kept one (a stale cache on the way) is not kept. */
async function refresh(path: string): Promise<Response> {
  const response = await fetch(path, { cache: 'no-cache', signal: AbortSignal.timeout(NETWORK_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  const cache = await caches.open(dataCache);
  const kept = await cache.match(path);
  if (path === revocationsPath && kept && (await issuedAtOf(kept)) > (await issuedAtOf(response))) return kept;
  await cache.put(path, response.clone());
  return response;
}

async function networkFirst(path: string): Promise<Response> {
  try {
    return await refresh(path);
  } catch {
    const kept = await caches.match(path, { cacheName: dataCache });
    if (!kept) return new Response(null, { status: 504 });
    // Said so, for the page to know that it did not reach the service and should try again soon.
    const headers = new Headers(kept.headers);
    headers.set(KEPT_COPY_HEADER, 'device');
    return new Response(kept.body, { status: kept.status, statusText: kept.statusText, headers });
  }
}

async function fromShell(request: Request, key: string): Promise<Response> {
  return (await caches.match(key, { cacheName: shellCache, ignoreSearch: true })) ?? fetch(request);
}

worker.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(shellCache);
      await cache.addAll(CHECKPOINT_SHELL.map((path) => new Request(path, { cache: 'reload' })));
      // The first keys and list come with the install, so the page works offline from its first visit on.
      await Promise.all([keysPath, revocationsPath].map((path) => refresh(path).catch(() => undefined)));
      await worker.skipWaiting();
    })(),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith(SHELL_PREFIX) && name !== shellCache) await caches.delete(name);
      await worker.clients.claim();
    })(),
  );
});

worker.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== worker.location.origin) return;
  if (url.pathname === keysPath || url.pathname === revocationsPath) event.respondWith(networkFirst(url.pathname));
  else if (request.mode === 'navigate' && /^\/checkpoint\/?$/.test(url.pathname)) event.respondWith(fromShell(request, '/checkpoint'));
  else if (CHECKPOINT_SHELL.includes(url.pathname)) event.respondWith(fromShell(request, url.pathname));
});
