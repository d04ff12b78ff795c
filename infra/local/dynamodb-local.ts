/**
 * The official DynamoDB Local (the jar shipped in the amplify-dynamodb-simulator package), in memory, on
 * 127.0.0.1 and a free port, for tests that must see what dynalite does not. Needs Java 17 or newer as `java`.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';

export interface DynamoDbLocal {
  endpoint: string;
  pid: number;
  /** Stops the engine and waits for its exit (it also exits by itself when this process goes away). */
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 120_000;

export async function startDynamoDbLocal(): Promise<DynamoDbLocal> {
  const emulator = join(dirname(createRequire(import.meta.url).resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
  const libraries = join(emulator, 'DynamoDBLocal_lib');
  const launcher = join(import.meta.dirname, 'dynamodb-local', 'LoopbackDynamoDbLocal.java');
  const child = spawn(
    'java',
    ['-Djava.net.preferIPv4Stack=true', `-Djava.library.path=${libraries}`, '-cp', [join(emulator, 'DynamoDBLocal.jar'), join(libraries, '*')].join(delimiter), launcher],
    // Standard input stays open as the engine's lifeline: it exits when the pipe closes.
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`DynamoDB Local did not start within ${STARTUP_TIMEOUT_MS / 1000} s:\n${output}`)), STARTUP_TIMEOUT_MS);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`Could not run java for DynamoDB Local: ${error.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`DynamoDB Local exited with ${code} before listening:\n${output}`));
    });
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  // Jetty's own log lines are not wanted once it runs.
  child.stdout.removeAllListeners('data').resume();
  child.stderr.removeAllListeners('data').resume();
  return {
    endpoint,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
