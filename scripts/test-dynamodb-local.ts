/**
 * `npm run test:dynamodb-local [-- <vitest arguments>]`: the integration suite against the official
 * DynamoDB Local instead of dynalite. Starts the engine (127.0.0.1 only, a free port), runs
 * test/integration/ with DYNAMODB_ENDPOINT pointing at it (each test file's stack creates a table of its
 * own and deletes it), and stops the engine at the end, also when the tests fail or on Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { startDynamoDbLocal, type DynamoDbLocal } from '../infra/local/dynamodb-local.ts';

const root = join(import.meta.dirname, '..');
const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(1);

/** True when something answers on `host:port` within two seconds. */
const answers = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });

/** The engine must not be reachable from the network: tried on every address of this machine but loopback. */
async function checkLoopbackOnly(engine: DynamoDbLocal): Promise<void> {
  const port = Number(new URL(engine.endpoint).port);
  const addresses = Object.values(networkInterfaces())
    .flat()
    .filter((address) => address !== undefined && !address.internal)
    .map((address) => address!.address);
  for (const address of addresses) {
    if (await answers(address, port)) throw new Error(`DynamoDB Local answers on ${address}:${port}; it must listen on 127.0.0.1 only`);
  }
  console.log(`DynamoDB Local listens on 127.0.0.1 only (not reachable on ${addresses.join(', ') || 'any other address'})`);
}

const started = performance.now();
const engine = await startDynamoDbLocal();
let exitCode = 1;
try {
  console.log(`DynamoDB Local at ${engine.endpoint} (pid ${engine.pid}), started in ${seconds(started)} s`);
  await checkLoopbackOnly(engine);
  const extra = process.argv.slice(2);
  // Test files named on the command line narrow the run; otherwise it is the whole integration suite.
  const files = extra.some((argument) => !argument.startsWith('-')) ? [] : ['test/integration'];
  const tests = spawn(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...files, ...extra], {
    cwd: root,
    env: { ...process.env, DYNAMODB_ENDPOINT: engine.endpoint },
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      tests.kill(signal);
      void engine.stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
  exitCode = await new Promise<number>((resolve) => tests.once('exit', (code) => resolve(code ?? 1)));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
} finally {
  await engine.stop();
  console.log(`DynamoDB Local lane: ${exitCode === 0 ? 'passed' : 'failed'} in ${seconds(started)} s`);
}
process.exit(exitCode);
