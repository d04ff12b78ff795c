/**
 * The helper scripts, run as a reader runs them: in a fresh process whose environment holds only what
 * `npm start` prints on its "Helper scripts" line (no AWS region or credentials of its own).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../infra/local/local-stack.ts';
import { helperScriptVariables } from '../../infra/local/local-target.ts';
import { tourismApplication } from '../fixtures/applications.ts';
import { startTestStack, type TestStack } from './helpers.ts';

const run = promisify(execFile);
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
}, 60_000);
afterAll(async () => stack?.stop());

/** This process's environment without anything AWS or stack-related (the local stack set some of it). */
function readerEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const stackVariables = new Set([
    'TABLE_NAME', 'INTAKE_QUEUE_URL', 'DLQ_URL', 'NOTIFICATION_QUEUE_URL', 'NOTIFICATION_DLQ_URL', 'DYNAMODB_ENDPOINT', 'SQS_ENDPOINT',
    'SES_ENDPOINT', 'SMS_ENDPOINT', 'PERMIT_LOCAL_KEY_DIR', 'PORT', 'EMAIL_FROM_ADDRESS', 'SMS_ORIGINATION_IDENTITY', 'PUBLIC_BASE_URL',
  ]);
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_') && !stackVariables.has(name)));
  return { ...clean, POWERTOOLS_LOG_LEVEL: 'ERROR', ...extra };
}

/** The "Helper scripts" line of `npm start` for this stack (what start.ts exports, no more). */
const printedByStart = () => {
  const environment: Record<string, string> = { PORT: new URL(stack.url).port, ...stack.env };
  return Object.fromEntries(helperScriptVariables.map((name) => [name, environment[name]!])) as Record<(typeof helperScriptVariables)[number], string>;
};

async function script(file: string, args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', file, ...args], { cwd: repositoryRoot, env: readerEnvironment(env) });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const invoke = (name: string, env: Record<string, string>) => script('infra/local/invoke.ts', [name, join('events', `${name}.json`)], env);

describe('npm run invoke against a running stack', () => {
  it('supplies the local region and credentials itself and exits 0 on success', async () => {
    const result = await invoke('submit-application', printedByStart());
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).statusCode).toBe(202);
  });

  it('runs every kind of function against the stack: the screening consumer and the message sender read their queues and endpoints from the line', async () => {
    const accepted = await stack.request('POST', '/api/applications', { body: tourismApplication() });
    const pointed = (name: string) => {
      const event = JSON.parse(readFileSync(join(repositoryRoot, 'events', `${name}.json`), 'utf8'));
      event.Records[0].body = JSON.stringify({ applicationId: accepted.body.id });
      const file = join(mkdtempSync(join(tmpdir(), 'event-')), `${name}.json`);
      writeFileSync(file, JSON.stringify(event));
      return file;
    };
    for (const name of ['screen-applications', 'deliver-notifications']) {
      const result = await script('infra/local/invoke.ts', [name, pointed(name)], printedByStart());
      expect(result.code, `${name}: ${result.stderr}`).toBe(0);
    }
    expect((await stack.applicantView(accepted.body.id, accepted.body.accessToken)).body.status).toBe('PENDING_REVIEW');
    expect(stack.outbox().filter((message) => message.applicationId === accepted.body.id).map((message) => message.event)).toContain('received');
  });

  it('exits 3 and names the code when the handler answers 4xx', async () => {
    const result = await invoke('get-application', printedByStart());
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).statusCode).toBe(404);
    expect(result.stderr).toContain('answered 404 NotFound');
  });

  it('exits 1 and says why when the handler answers 5xx', async () => {
    const result = await invoke('get-application', { ...printedByStart(), TABLE_NAME: 'no-such-table' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The handler failed: it answered 500 InternalError');
  });

  it('exits 1 when the consumer reports failed messages or throws', async () => {
    const event = JSON.parse(readFileSync(join(repositoryRoot, 'events', 'screen-applications.json'), 'utf8'));
    // One good record beside the bad one: a batch whose every record fails is thrown back whole instead.
    event.Records.push({ ...event.Records[0], messageId: 'a-malformed-message', body: 'not an intake message' });
    const file = join(mkdtempSync(join(tmpdir(), 'event-')), 'screen-applications.json');
    writeFileSync(file, JSON.stringify(event));
    const result = await script('infra/local/invoke.ts', ['screen-applications', file], printedByStart());
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).batchItemFailures).toHaveLength(1);
    expect(result.stderr).toContain('failed 1 message(s) of the batch');

    writeFileSync(file, JSON.stringify({ Records: event.Records.slice(1) }));
    const thrown = await script('infra/local/invoke.ts', ['screen-applications', file], printedByStart());
    expect(thrown.code).toBe(1);
    expect(thrown.stderr).toContain('The handler failed: it threw');
  });

  it('refuses a partial set of stack variables instead of starting another stack', async () => {
    const { TABLE_NAME } = printedByStart();
    const result = await invoke('list-ports', { TABLE_NAME });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing: INTAKE_QUEUE_URL, NOTIFICATION_QUEUE_URL, DYNAMODB_ENDPOINT, SQS_ENDPOINT');
  });
});

describe('npm run watchlist:load against a running stack', () => {
  it('loads the file with only TABLE_NAME and DYNAMODB_ENDPOINT given', async () => {
    const { TABLE_NAME, DYNAMODB_ENDPOINT } = printedByStart();
    const result = await script('scripts/watchlist-load.ts', ['data/watchlist.sample.csv'], { TABLE_NAME, DYNAMODB_ENDPOINT });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Loaded \d+ watch-list keys from data\/watchlist\.sample\.csv/);
  });
});

describe('npm run lists:backfill against a running stack', () => {
  it('runs with only TABLE_NAME and DYNAMODB_ENDPOINT given, and says what it moved', async () => {
    const { TABLE_NAME, DYNAMODB_ENDPOINT } = printedByStart();
    const result = await script('scripts/backfill-document-lists.ts', [], { TABLE_NAME, DYNAMODB_ENDPOINT });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Moved \d+ document markers: \d+ open or approved applications are on their documents' lists$/m);
  });
});

describe('npm run demo:breach', () => {
  it('finds the stack on PORT, or at --url', async () => {
    const onPort = await script('scripts/demo-breach.ts', [], { PORT: printedByStart().PORT });
    expect(onPort.code, onPort.stderr).toBe(0);
    expect(onPort.stdout).toContain('Seeded 3 applications');
    expect(onPort.stdout).toContain(`${stack.url}/_local/alarms`);
    const atUrl = await script('scripts/demo-breach.ts', ['--url', stack.url], {});
    expect(atUrl.code, atUrl.stderr).toBe(0);
    expect(atUrl.stdout).toContain('ALARM  Breached-MOHAN');
  });
});
