/** Builds the web pages into web/dist: one bundle per page, the static files copied beside them. */
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

export const webRoot = join(import.meta.dirname, '..', 'web');
export const webDist = join(webRoot, 'dist');

export async function buildWeb(): Promise<string> {
  rmSync(webDist, { recursive: true, force: true });
  mkdirSync(join(webDist, 'assets'), { recursive: true });
  await build({
    entryPoints: ['apply', 'status', 'console'].map((page) => join(webRoot, 'src', `${page}.ts`)),
    outdir: join(webDist, 'assets'),
    bundle: true,
    format: 'esm',
    target: ['es2022'],
    platform: 'browser',
    minify: true,
    sourcemap: false,
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'status.html', 'console.html']) cpSync(join(webRoot, 'public', file), join(webDist, file));
  cpSync(join(webRoot, 'public', 'styles.css'), join(webDist, 'assets', 'styles.css'));
  return webDist;
}

if (process.argv[1]?.endsWith('build-web.ts')) {
  await buildWeb();
  console.log(`Built ${webDist}`);
}
