/**
 * Debian's Chromium driven by playwright-core. Without a browser the e2e tests are skipped and say so,
 * except under CI=true, where a missing browser fails the run.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { staticFiles } from '../../infra/local/static-files.ts';
import { buildWeb } from '../../web/build.ts';
import { startTestStack, type TestStack } from '../integration/helpers.ts';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const browserAvailable = existsSync(chromiumPath);
export const artifactsDir = join(import.meta.dirname, '..', '..', 'test-artifacts');

if (!browserAvailable) {
  const message = `Chromium not found at ${chromiumPath}: browser tests ${process.env.CI === 'true' ? 'cannot run in CI' : 'are skipped'} (apt-get install -y chromium).`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(message);
}

/** `extraArgs`: more Chromium switches, such as a fake camera fed from a file. */
export async function launch(extraArgs: string[] = []): Promise<Browser> {
  mkdirSync(artifactsDir, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage', ...extraArgs],
  });
}

/** A clerk signs in to the console the way a person does: the console's button, the issuer's page, back. */
export async function signInToConsole(page: Page, baseUrl: string, who: { clerk: string; ports: string[]; role?: 'clerk' | 'supervisor' }): Promise<void> {
  await page.goto(`${baseUrl}/console`);
  await page.click('#sign-in');
  await page.waitForSelector('#issuer-sign-in');
  await page.fill('#clerk', who.clerk);
  for (const box of await page.locator('input[name="ports"]').all()) {
    if (who.ports.includes((await box.getAttribute('value'))!)) await box.check();
    else await box.uncheck();
  }
  await page.selectOption('#role', who.role ?? 'clerk');
  await page.click('#issuer-submit');
  await page.waitForSelector('#queue tr');
}

/** The local stack serving freshly built pages, unthrottled, as every browser test uses it. */
export async function startWebStack(): Promise<TestStack> {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  return startTestStack({ serveStatic: staticFiles(await buildWeb(mkdtempSync(join(tmpdir(), 'web-')))), throttle: false });
}

/**
 * A test file's browser session: the web stack and Chromium started before its tests and stopped after
 * them, and every test checked to end with no uncaught page error (pages opened with `watchPage(page,
 * session.pageErrors)`). `stack` and `browser` are set once the file's `beforeAll` has run.
 */
export function useBrowserSession(): { stack: TestStack; browser: Browser; pageErrors: string[] } {
  const session = { pageErrors: [] as string[] } as { stack: TestStack; browser: Browser; pageErrors: string[] };
  beforeAll(async () => {
    if (!browserAvailable) return;
    session.stack = await startWebStack();
    session.browser = await launch();
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.stack?.stop();
  });
  afterEach(() => {
    expect(session.pageErrors.splice(0)).toEqual([]);
  });
  return session;
}

/** A page whose uncaught errors land in `errors` (each test ends with none), with a patient default timeout. */
export function watchPage(page: Page, errors: string[]): Page {
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
  return page;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core finds no serious or critical violation on the page as it stands. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await page.evaluate(axeSource);
  const results = await page.evaluate(async () => (window as unknown as { axe: { run: (root: Document, options: object) => Promise<unknown> } }).axe.run(document, { resultTypes: ['violations'] }));
  const violations = (results as { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }).violations;
  const serious = violations.filter((violation) => ['serious', 'critical'].includes(violation.impact));
  expect(serious.map((violation) => `${name}: ${violation.id} ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
}
