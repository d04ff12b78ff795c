/** Builds the web pages into web/dist: one bundle per page, the static files copied beside them. */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build, type BuildOptions } from 'esbuild';

export const webRoot = import.meta.dirname;
export const webDist = join(webRoot, 'dist');

const browserBundle: BuildOptions = { bundle: true, target: ['es2022'], platform: 'browser', minify: true, sourcemap: false, logLevel: 'warning' };

/** Builds into `outDir` (web/dist by default; tests pass their own directory) and returns it. */
export async function buildWeb(outDir = webDist): Promise<string> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'assets'), { recursive: true });
  await build({
    ...browserBundle,
    entryPoints: ['apply', 'status', 'console'].map((page) => join(webRoot, 'src', `${page}.ts`)),
    outdir: join(outDir, 'assets'),
    format: 'esm',
  });
  // Every page shares one header (brand, navigation, language switch), written once in web/partials.
  const siteHeader = readFileSync(join(webRoot, 'partials', 'site-header.html'), 'utf8');
  for (const file of ['index.html', 'status.html', 'console.html', 'checkpoint.html']) {
    const page = readFileSync(join(webRoot, 'public', file), 'utf8');
    if (!page.includes('<!-- site-header -->')) throw new Error(`${file} has no <!-- site-header --> placeholder`);
    writeFileSync(join(outDir, file), page.replace('<!-- site-header -->\n', siteHeader));
  }
  cpSync(join(webRoot, 'public', 'styles.css'), join(outDir, 'assets', 'styles.css'));
  cpSync(join(webRoot, 'public', 'icons'), join(outDir, 'assets', 'icons'), { recursive: true });
  writeFileSync(join(outDir, 'favicon.ico'), icoOf(readFileSync(join(webRoot, 'public', 'icons', 'icon-192.png')), 192));
  await buildCheckpoint(outDir);
  return outDir;
}

/**
 * /favicon.ico for whatever asks for it without reading a page's icon link (a browser showing a JSON file,
 * a bookmark): the PNG icon in an ICO container, which holds PNG images as they are.
 */
function icoOf(png: Buffer, size: number): Buffer {
  const header = Buffer.alloc(22);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(size, 6);
  header.writeUInt8(size, 7);
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(png.length, 14);
  header.writeUInt32LE(header.length, 18);
  return Buffer.concat([header, png]);
}

/**
 * The checkpoint page, built on its own so that nothing of it reaches the other pages: its QR decoder is a
 * separate chunk loaded on first use, and its service worker lists every file of the page to keep offline.
 */
async function buildCheckpoint(outDir: string): Promise<void> {
  const page = await build({
    ...browserBundle,
    entryPoints: [join(webRoot, 'src', 'checkpoint.ts')],
    outdir: join(outDir, 'assets'),
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
  });
  cpSync(join(webRoot, 'public', 'checkpoint.css'), join(outDir, 'assets', 'checkpoint.css'));
  cpSync(join(webRoot, 'public', 'checkpoint.webmanifest'), join(outDir, 'checkpoint.webmanifest'));
  const pageFiles = Object.keys(page.metafile.outputs).map((output) => `/${relative(outDir, resolve(output)).split('\\').join('/')}`);
  const shell = [
    '/checkpoint',
    ...pageFiles,
    '/assets/styles.css',
    '/assets/checkpoint.css',
    '/checkpoint.webmanifest',
    ...['icon.svg', 'icon-192.png', 'icon-512.png'].map((icon) => `/assets/icons/${icon}`),
  ];
  // A new build with any changed file is a new worker, which replaces the kept copies.
  const digest = createHash('sha256');
  for (const path of shell) digest.update(readFileSync(join(outDir, path === '/checkpoint' ? 'checkpoint.html' : path)));
  await build({
    ...browserBundle,
    entryPoints: [join(webRoot, 'src', 'checkpoint-sw.ts')],
    outfile: join(outDir, 'checkpoint-sw.js'),
    format: 'iife',
    define: { CHECKPOINT_SHELL: JSON.stringify(shell), CHECKPOINT_VERSION: JSON.stringify(digest.digest('hex').slice(0, 16)) },
  });
}

if (process.argv[1]?.endsWith(join('web', 'build.ts'))) {
  await buildWeb();
  console.log(`Built ${webDist}`);
}
