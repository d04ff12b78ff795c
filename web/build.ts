/** Builds the web pages into web/dist: one bundle per page, the static files copied beside them. */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

export const webRoot = import.meta.dirname;
export const webDist = join(webRoot, 'dist');

/** Builds into `outDir` (web/dist by default; tests pass their own directory) and returns it. */
export async function buildWeb(outDir = webDist): Promise<string> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'assets'), { recursive: true });
  await build({
    entryPoints: ['apply', 'status', 'console'].map((page) => join(webRoot, 'src', `${page}.ts`)),
    outdir: join(outDir, 'assets'),
    bundle: true,
    format: 'esm',
    target: ['es2022'],
    platform: 'browser',
    minify: true,
    sourcemap: false,
    logLevel: 'warning',
  });
  // Every page shares one header (brand, navigation, language switch), written once in web/partials.
  const siteHeader = readFileSync(join(webRoot, 'partials', 'site-header.html'), 'utf8');
  for (const file of ['index.html', 'status.html', 'console.html']) {
    const page = readFileSync(join(webRoot, 'public', file), 'utf8');
    if (!page.includes('<!-- site-header -->')) throw new Error(`${file} has no <!-- site-header --> placeholder`);
    writeFileSync(join(outDir, file), page.replace('<!-- site-header -->\n', siteHeader));
  }
  cpSync(join(webRoot, 'public', 'styles.css'), join(outDir, 'assets', 'styles.css'));
  return outDir;
}

if (process.argv[1]?.endsWith(join('web', 'build.ts'))) {
  await buildWeb();
  console.log(`Built ${webDist}`);
}
