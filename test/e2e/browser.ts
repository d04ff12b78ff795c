/**
 * Debian's Chromium driven by playwright-core. Without a browser the e2e tests are skipped and say so,
 * except under CI=true, where a missing browser fails the run.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

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
