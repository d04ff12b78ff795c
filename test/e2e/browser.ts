/**
 * Debian's Chromium driven by playwright-core. Without a browser the e2e tests are skipped and say so,
 * except under CI=true, where a missing browser fails the run.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

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
