/**
 * The checkpoint page in Chromium against the real local stack: pasted, photographed and filmed QR codes,
 * the device's verdict beside the service's, a stale list, and the page with the network cut after one
 * visit. The last test stops the stack, so it runs last.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import qrcode from 'qrcode-generator';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadIssuerKeys, mintToken } from '../../infra/local/local-issuer.ts';
import { revocationsIndex } from '../../shared/deployment/table.ts';
import { cargoApplication, person, today, tourismApplication, tripEnd, tripStart } from '../fixtures/applications.ts';
import { interceptTable, type TestStack } from '../integration/helpers.ts';
import { artifactsDir, browserAvailable, expectAccessible, launch, startWebStack, watchPage } from './browser.ts';

const keys = loadIssuerKeys();
const supervisor = mintToken(keys, { clerkId: 'checkpoint-e2e', ports: ['MOHAN'], role: 'supervisor' });
const bearer = { authorization: `Bearer ${supervisor}` };
const folder = mkdtempSync(join(tmpdir(), 'checkpoint-e2e-'));
let stack: TestStack;
let stackStopped = false;
let browser: Browser;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!browserAvailable) return;
  stack = await startWebStack();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  if (!stackStopped) await stack?.stop();
});
afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([]);
});

async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  watchPage(page, pageErrors);
  return page;
}

const phone = { viewport: { width: 420, height: 900 } };
const shot = (page: Page, name: string) => page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });


/** An approved application's permit, valid today. */
async function permitFor(body: unknown): Promise<{ id: string; token: string; number: string }> {
  const accepted = await stack.request('POST', '/api/applications', { body });
  await stack.drainQueue();
  const id = accepted.body.id as string;
  await stack.request('POST', `/api/review/applications/${id}/claim`, { headers: bearer });
  expect((await stack.request('POST', `/api/review/applications/${id}/decision`, { headers: bearer, body: { outcome: 'approve' } })).status).toBe(200);
  const { permit } = (await stack.applicantView(id, accepted.body.accessToken)).body;
  return { id, token: permit.token, number: permit.number };
}

function tourismToday(fullName: string) {
  const body = tourismApplication();
  body.travel.entryDate = today();
  body.applicant = person({ fullName });
  return body;
}

function cargoToday() {
  const body = cargoApplication();
  body.crossingDate = today();
  return body;
}

const revoke = async (id: string) => expect((await stack.request('POST', `/api/review/applications/${id}/revoke`, { headers: bearer, body: { reasonCode: 'fraud-suspected' } })).status).toBe(200);

/** The same token with one character of its signature changed. */
const tamper = (token: string) => `${token.slice(0, -6)}${token.at(-6) === 'A' ? 'B' : 'A'}${token.slice(-5)}`;

function qrModules(text: string): boolean[][] {
  const code = qrcode(0, 'M');
  code.addData(text);
  code.make();
  return Array.from({ length: code.getModuleCount() }, (_, row) => Array.from({ length: code.getModuleCount() }, (_, column) => code.isDark(row, column)));
}

/** A JPEG of the permit's QR code as a phone would take it: tilted, turned, soft, on a mottled background. */
async function photographQr(text: string): Promise<string> {
  const modules = qrModules(text);
  const side = modules.length + 8;
  const path = modules.flatMap((row, y) => row.map((dark, x) => (dark ? `M${x + 4} ${y + 4}h1v1h-1z` : ''))).join('');
  const context = await browser.newContext({ viewport: { width: 900, height: 760 } });
  const page = await context.newPage();
  await page.setContent(
    `<body style="margin:0;height:760px;display:flex;align-items:center;justify-content:center;background:radial-gradient(circle at 30% 20%,#cfc8b8,#6f695f)">` +
      `<div style="padding:18px;background:#f1eee6;box-shadow:0 14px 30px rgba(0,0,0,.45);transform:perspective(900px) rotateX(14deg) rotateZ(-7deg);filter:blur(.7px) brightness(.9)">` +
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" width="520" height="520"><rect width="${side}" height="${side}" fill="#fff"/><path d="${path}" fill="#151515"/></svg></div></body>`,
  );
  const file = join(folder, 'permit-photo.jpg');
  await page.screenshot({ path: file, type: 'jpeg', quality: 60 });
  await context.close();
  return file;
}

/** A one-frame Y4M video of the QR code, for Chromium's fake camera. */
function filmQr(text: string): string {
  const [width, height] = [640, 480];
  const modules = qrModules(text);
  const scale = Math.floor(440 / (modules.length + 8));
  const left = Math.floor((width - modules.length * scale) / 2);
  const top = Math.floor((height - modules.length * scale) / 2);
  const luma = Buffer.alloc(width * height, 235);
  for (const [row, cells] of modules.entries()) {
    for (const [column, dark] of cells.entries()) {
      if (!dark) continue;
      for (let y = 0; y < scale; y++) luma.fill(16, (top + row * scale + y) * width + left + column * scale, (top + row * scale + y) * width + left + (column + 1) * scale);
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const file = join(folder, 'permit-camera.y4m');
  writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\nFRAME\n`), luma, chroma]));
  return file;
}

async function checkPasted(page: Page, token: string, verdict: string) {
  await page.fill('#f-permit-text', token);
  await page.click('#paste-form button[type="submit"]');
  await page.waitForSelector(`#verdict[data-verdict="${verdict}"]`);
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('verdict');
}

const verdictText = (page: Page) => page.textContent('#verdict') as Promise<string>;

describe.skipIf(!browserAvailable)('the checkpoint page', () => {
  // Revoked before any list is signed: the service signs at most one list a minute, so a revocation made
  // within a minute of a list appears in the next one, and a device that synced since then has it.
  let revokedEarly: Awaited<ReturnType<typeof permitFor>>;
  beforeAll(async () => {
    revokedEarly = await permitFor(tourismToday('Aung Min'));
    await revoke(revokedEarly.id);
  });

  it('checks pasted permits on the device and with the service; the service reports a revocation the device\'s list predates', async () => {
    const [valid, revokedLater] = [await permitFor(tourismToday('Li Wei')), await permitFor(tourismToday('Vilay Keo'))];
    const context = await browser.newContext(phone);
    const page = await newPage(context);
    await page.goto(`${stack.url}/checkpoint`);
    await page.waitForSelector('#offline-state[data-state="ready"]');
    await revoke(revokedLater.id);
    const cdp = await context.newCDPSession(page);
    expect((await cdp.send('Page.getAppManifest')).errors).toEqual([]);
    // Test contexts are incognito: the one reason Chromium may still give for not offering to install the page.
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors.map((error) => error.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);

    await checkPasted(page, valid.token, 'valid');
    await page.waitForSelector('#verdict :text("Online check: Valid")');
    expect(await verdictText(page)).toContain('Li Wei');
    await expectAccessible(page, 'checkpoint-valid');
    await shot(page, 'checkpoint-valid');

    // A genuine permit for a trip that starts next week: not yet, with the date it starts, its port and dates.
    const nextWeek = await permitFor(tourismApplication());
    await checkPasted(page, nextWeek.token, 'not-yet-valid');
    const early = await verdictText(page);
    expect(early).toContain('Not yet valid');
    expect(early).toContain(`valid only from ${tripStart()}`);
    expect(early).toContain('Port');
    expect(early).toContain('MOHAN');
    expect(early).toContain(tripEnd());

    await checkPasted(page, revokedLater.token, 'revoked');
    const revoked = await verdictText(page);
    expect(revoked).toContain('On this device: Valid');
    expect(revoked).toContain('Online check: Revoked');
    await shot(page, 'checkpoint-revoked-online');

    await checkPasted(page, tamper(valid.token), 'bad-signature');
    expect(await verdictText(page)).toContain('Forged');
    expect(await verdictText(page)).not.toContain('Li Wei');
    await checkPasted(page, 'MOHAN-2026-000001-1', 'malformed');
    await expectAccessible(page, 'checkpoint-unreadable');
    await context.close();
  });

  it('takes a revocation onto the device once the service signs a newer list and the network comes back, trying again when the first attempt fails', async () => {
    const revokedNow = await permitFor(tourismToday('Khin Lay'));
    const context = await browser.newContext(phone);
    const page = await newPage(context);
    await page.goto(`${stack.url}/checkpoint`);
    await page.waitForSelector('#offline-state[data-state="ready"]');
    const firstList = await page.getAttribute('[data-list-issued-at]', 'data-list-issued-at');
    await revoke(revokedNow.id);
    // The first list asked for after the reconnect cannot be made (its table read fails once): the device
    // gets its kept copy from the service worker, which says so, and the page tries again a moment later.
    let failedReads = 0;
    const restore = await interceptTable((command, send) =>
      (command as { input?: { IndexName?: string } }).input?.IndexName === revocationsIndex.indexName && failedReads++ === 0
        ? Promise.reject(Object.assign(new Error('injected'), { name: 'ServiceUnavailable' }))
        : send(),
    );
    // The service signs at most one list a minute: a minute on, by its clock, the next list has the revocation.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 61_000 });
    try {
      await context.setOffline(true);
      await page.waitForSelector('#sync-status :text("No network")');
      await context.setOffline(false);
      await page.waitForSelector(`[data-list-issued-at]:not([data-list-issued-at="${firstList}"])`, { timeout: 30_000 });
      expect(failedReads).toBeGreaterThan(1);
    } finally {
      vi.useRealTimers();
      restore();
    }
    // Offline, only the device's list can know: it now does.
    await context.setOffline(true);
    await checkPasted(page, revokedNow.token, 'revoked');
    expect(await verdictText(page)).toContain('On this device: Revoked');
    expect(await verdictText(page)).toContain('Online check: not possible now');
    await context.close();
  });

  it('stays within the CSP, without inline script, and keeps its code out of the applicant form', async () => {
    const response = await fetch(`${stack.url}/checkpoint`);
    const policy = response.headers.get('content-security-policy')!;
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(await response.text()).not.toMatch(/<script(?![^>]*\ssrc=)/);
    const apply = await (await fetch(`${stack.url}/assets/apply.js`)).text();
    for (const marker of ['revocation-list+jws', 'checkpoint.title', 'qr_code', 'serviceWorker']) expect(apply).not.toContain(marker);
  });

  it('warns of a stale revocation list, after the setting and in the chosen language', async () => {
    const valid = await permitFor(tourismToday('Zhang Min'));
    const context = await browser.newContext(phone);
    const page = await newPage(context);
    await page.clock.setFixedTime(Date.now() + 13 * 3_600_000);
    await page.goto(`${stack.url}/checkpoint`);
    await page.waitForSelector('#sync-status #list-stale');
    await checkPasted(page, valid.token, 'valid');
    expect(await page.textContent('#verdict #list-stale')).toContain('older than 12 h');
    await page.selectOption('#language', 'zh-CN');
    expect(await page.textContent('#verdict-word')).toBe('有效');
    expect(await page.textContent('#verdict #list-stale')).toContain('超过 12 小时');
    await shot(page, 'checkpoint-stale-zh');
    await page.click('summary');
    await page.fill('#f-max-age', '24');
    await page.press('#f-max-age', 'Enter');
    await page.waitForSelector('#list-stale', { state: 'detached' });
    await context.close();
  });

  it('reads a permit\'s QR code from the camera', async () => {
    const cargo = await permitFor(cargoToday());
    const filming = await launch(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${filmQr(cargo.token)}`]);
    try {
      const page = await newPage(await filming.newContext(phone));
      await page.goto(`${stack.url}/checkpoint`);
      await page.click('#scan-start');
      await page.waitForSelector('#verdict[data-verdict="valid"]');
      expect(await verdictText(page)).toContain('云K12345');
      expect(await page.isHidden('#camera-box')).toBe(true);
    } finally {
      await filming.close();
    }
  });

  it('checks a QR photo, a revoked and a tampered permit with the network cut after one visit; fast, and a small first load', async () => {
    const [valid, cargo, revoked] = [await permitFor(tourismToday('Li Na')), await permitFor(cargoToday()), revokedEarly];
    const photo = await photographQr(cargo.token);
    const context = await browser.newContext(phone);
    const page = await newPage(context);
    await page.goto(`${stack.url}/checkpoint`);
    await page.waitForSelector('#offline-state[data-state="ready"]');

    // The first load: the page and all it fetched, and the service worker; the decoder comes later, on first use.
    const loaded = await page.evaluate(() => [location.pathname, ...performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname), '/checkpoint-sw.js']);
    const sizes = await Promise.all([...new Set(loaded)].map(async (path) => ({ path, gzip: gzipSync(Buffer.from(await (await fetch(`${stack.url}${path}`)).arrayBuffer())).length })));
    const total = sizes.reduce((sum, { gzip }) => sum + gzip, 0);
    console.log(`checkpoint first load: ${(total / 1024).toFixed(1)} KB gzipped (${sizes.map(({ path, gzip }) => `${path} ${(gzip / 1024).toFixed(1)}`).join(', ')})`);
    expect(sizes.some(({ path }) => path.includes('qr-reader'))).toBe(false);
    expect(total).toBeLessThan(150 * 1024);

    // Cut the network: the browser is offline and the service behind it gone.
    await stack.stop();
    stackStopped = true;
    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('#sync-status :text("No network")');
    expect(await page.textContent('#sync-status')).toContain('1 permit key(s) on this device');

    const photoStarted = performance.now();
    await page.setInputFiles('#f-photo', photo);
    await page.waitForSelector('#verdict[data-verdict="valid"]');
    console.log(`checkpoint QR photo to verdict, offline, first use (decoder loaded from the service worker's cache): ${(performance.now() - photoStarted).toFixed(0)} ms, test driver included`);
    const fromPhoto = await verdictText(page);
    expect(fromPhoto).toContain(cargo.number);
    expect(fromPhoto).toContain('云K12345');
    expect(fromPhoto).toContain('Online check: not possible now');
    await shot(page, 'checkpoint-offline-photo');

    await checkPasted(page, revoked.token, 'revoked');
    expect(await verdictText(page)).toContain('On this device: Revoked');
    expect(await verdictText(page)).toMatch(/Revoked on .+\(UTC\+8\)/);
    await expectAccessible(page, 'checkpoint-offline-revoked');
    await shot(page, 'checkpoint-offline-revoked');
    await checkPasted(page, tamper(valid.token), 'bad-signature');
    await checkPasted(page, valid.token, 'valid');

    // A check from the button to the verdict on screen, beside its floor: the WebCrypto verification alone.
    const timings = await page.evaluate(async (token) => {
      const form = document.querySelector<HTMLFormElement>('#paste-form')!;
      const verdict = document.querySelector<HTMLElement>('#verdict')!;
      const checks: number[] = [];
      for (let run = 0; run < 25; run++) {
        const rendered = new Promise<void>((resolve) => {
          const observer = new MutationObserver(() => {
            observer.disconnect();
            resolve();
          });
          observer.observe(verdict, { childList: true });
        });
        const started = performance.now();
        form.requestSubmit();
        await rendered;
        checks.push(performance.now() - started);
      }
      const [header, payload, signature] = token.split('.') as [string, string, string];
      const jwks = await (await fetch('/api/permits/keys')).json();
      const bytes = (text: string) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (character) => character.charCodeAt(0));
      const key = await crypto.subtle.importKey('jwk', jwks.keys[0], { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
      const floor: number[] = [];
      for (let run = 0; run < 25; run++) {
        const started = performance.now();
        await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, bytes(signature), new TextEncoder().encode(`${header}.${payload}`));
        floor.push(performance.now() - started);
      }
      const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      return { check: median(checks), slowest: Math.max(...checks), floor: median(floor) };
    }, valid.token);
    console.log(`checkpoint page check, offline: median ${timings.check.toFixed(1)} ms, slowest ${timings.slowest.toFixed(1)} ms of 25 (floor, WebCrypto verify alone: ${timings.floor.toFixed(2)} ms)`);
    await context.close();
  });
});
