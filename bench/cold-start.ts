/** Bundle sizes and import times of every function, beside importing only the SDK clients each one uses. */
import { execFileSync } from 'node:child_process';
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { functions, type FunctionName } from '../shared/deployment/routes.ts';
import { root } from './harness.ts';
import { percentile, round } from './stats.ts';

/** The AWS SDK packages a bundle imports; like the deployed functions, bundles leave them to the runtime. */
const sdkClientsOf = (metafile: Metafile) => [
  ...new Set(Object.values(metafile.outputs).flatMap((output) => output.imports.filter((entry) => entry.external && entry.path.startsWith('@aws-sdk/')).map((entry) => entry.path))),
];

/** Milliseconds to import `file` in a fresh Node.js process. */
function importOnce(file: string, env: Record<string, string>): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim());
}

/**
 * The medians of `runs` imports of each file, taken in turns (bundle, SDK-only, bundle, ...) so that a
 * moment of load on the machine falls on both sides of the ratio alike.
 */
function importMedians(files: { bundle: string; sdkOnly: string }, env: Record<string, string>, runs = 9) {
  const samples = { bundle: [] as number[], sdkOnly: [] as number[] };
  for (let run = 0; run < runs; run++) {
    samples.bundle.push(importOnce(files.bundle, env));
    samples.sdkOnly.push(importOnce(files.sdkOnly, env));
  }
  return { bundleMs: percentile(samples.bundle, 0.5), sdkMs: percentile(samples.sdkOnly, 0.5) };
}

export async function benchColdStart() {
  const out = join(root, 'bench', 'dist');
  rmSync(out, { recursive: true, force: true });
  const keyDir = join(out, 'permit-keys');
  // What each function's configuration requires at import (shared/adapters/config.ts), as the stacks set it.
  const env = {
    TABLE_NAME: 'bench', INTAKE_QUEUE_URL: 'http://127.0.0.1:1/000000000000/bench', NOTIFICATION_QUEUE_URL: 'http://127.0.0.1:1/000000000000/notifications',
    PUBLIC_BASE_URL: 'https://permits.example.org', EMAIL_FROM_ADDRESS: 'permits@example.org', SMS_ORIGINATION_IDENTITY: 'bench-sender',
    AWS_REGION: 'us-east-1', PERMIT_LOCAL_KEY_DIR: keyDir,
  };
  const shared = {
    bundle: true, platform: 'node' as const, format: 'esm' as const, target: 'node24', minify: true, mainFields: ['module', 'main'], metafile: true, logLevel: 'silent' as const,
    // As in the deployed functions (CDK's default for Node.js 18+): the Lambda runtime provides the AWS SDK v3.
    external: ['@aws-sdk/*'],
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  };
  const rows = [];
  for (const name of Object.keys(functions) as FunctionName[]) {
    const file = join(out, name, 'index.mjs');
    const result = await build({ ...shared, entryPoints: [join(root, functions[name].entry)], outfile: file });
    const clientsUsed = sdkClientsOf(result.metafile!);
    const sdkFile = join(out, name, 'sdk-only.mjs');
    writeFileSync(sdkFile, clientsUsed.map((client, index) => `import * as c${index} from '${client}'; globalThis.keep${index} = c${index};`).join('\n') || 'export {};');
    const { bundleMs, sdkMs } = importMedians({ bundle: file, sdkOnly: sdkFile }, env);
    rows.push({ function: name, bundleKB: round(statSync(file).size / 1024), sdkClients: clientsUsed.join(' ') || '-', importMs: round(bundleMs), sdkOnlyImportMs: round(sdkMs), ratio: clientsUsed.length ? round(bundleMs / sdkMs, 2) : null });
  }
  rmSync(out, { recursive: true, force: true });
  return rows;
}

