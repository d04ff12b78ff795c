/**
 * `npm run invoke -- <function> <event.json>`: runs one handler with a sample event and prints its result.
 * With the variables `npm start` prints on its "Helper scripts" line (TABLE_NAME, INTAKE_QUEUE_URL,
 * DYNAMODB_ENDPOINT, SQS_ENDPOINT) it uses that running stack; with none of them it starts a throwaway
 * in-memory one. Exit code: 0 when the handler succeeded, 1 when it failed (threw, answered 5xx, or
 * reported failed messages), 3 when it answered 4xx, 2 for a usage error.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { functions, type FunctionName } from '../../shared/deployment/routes.ts';
import { powertoolsEnvironment } from '../../shared/deployment/service.ts';
import { lambdaContext } from './lambda-context.ts';
import { repositoryRoot, startLocalStack } from './local-stack.ts';
import { localStackUrl, useLocalAwsDefaults, useLocalMessagingIdentity } from './local-target.ts';
import { readSampleEvent } from './sample-events.ts';
import { printable, printableJson } from '../../shared/domain/printable.ts';

const stackVariables = ['TABLE_NAME', 'INTAKE_QUEUE_URL', 'NOTIFICATION_QUEUE_URL', 'DYNAMODB_ENDPOINT', 'SQS_ENDPOINT'] as const;

/** What an invocation's result means for the exit code, and the line that says why. */
function judgeInvocation(result: unknown): { exitCode: 0 | 1 | 3; reason?: string } {
  const statusCode = (result as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === 'number') {
    if (statusCode >= 500) return { exitCode: 1, reason: `The handler failed: it answered ${statusCode}${errorCodeOf(result)}.` };
    if (statusCode >= 400) return { exitCode: 3, reason: `The handler refused the event: it answered ${statusCode}${errorCodeOf(result)}.` };
    return { exitCode: 0 };
  }
  const failures = (result as { batchItemFailures?: unknown } | null)?.batchItemFailures;
  if (Array.isArray(failures) && failures.length > 0) {
    return { exitCode: 1, reason: `The handler failed ${failures.length} message(s) of the batch; the queue would retry them.` };
  }
  return { exitCode: 0 };
}

function errorCodeOf(result: unknown): string {
  try {
    const body = JSON.parse(String((result as { body?: unknown }).body)) as { error?: unknown };
    return typeof body.error === 'string' ? ` ${body.error}` : '';
  } catch {
    return '';
  }
}

async function main(): Promise<number> {
  const [name, eventFile] = process.argv.slice(2);
  if (!name || !eventFile || !(name in functions)) {
    console.error(`usage: npm run invoke -- <function> <event.json>\nfunctions: ${Object.keys(functions).join(', ')}`);
    return 2;
  }
  let event: unknown;
  try {
    event = readSampleEvent(eventFile);
  } catch (error) {
    console.error(`Cannot read a JSON event from ${eventFile}: ${(error as Error).message}`);
    return 2;
  }
  const functionName = name as FunctionName;
  const given = stackVariables.filter((variable) => process.env[variable]);
  if (given.length > 0 && given.length < stackVariables.length) {
    const missing = stackVariables.filter((variable) => !process.env[variable]);
    console.error(`To use a running stack set all of ${stackVariables.join(', ')} (missing: ${missing.join(', ')}); npm start prints them.`);
    return 2;
  }
  // Metrics stay off as in the local stack, so stdout holds the result alone.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

  let result: unknown;
  try {
    if (given.length > 0) {
      useLocalAwsDefaults();
      for (const [variable, value] of Object.entries(powertoolsEnvironment)) process.env[variable] ??= value;
      process.env.PERMIT_LOCAL_KEY_DIR ??= join(repositoryRoot, '.local-data', 'permit-keys');
      // Messages go to the running stack's stand-ins (SES_ENDPOINT, SMS_ENDPOINT) and link to its pages.
      useLocalMessagingIdentity();
      process.env.PUBLIC_BASE_URL ??= localStackUrl(undefined);
      const { handler } = (await import(pathToFileURL(join(repositoryRoot, functions[functionName].entry)).href)) as {
        handler: (event: unknown, context: unknown) => Promise<unknown>;
      };
      result = await handler(event, lambdaContext(functionName, functions[functionName].timeoutSeconds));
    } else {
      const stack = await startLocalStack({ port: 0, poller: false, schedules: false });
      try {
        result = await stack.invoke(functionName, event);
      } finally {
        await stack.stop();
      }
    }
  } catch (error) {
    console.error(printable(`The handler failed: it threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`));
    return 1;
  }
  // A handler's answer can hold what an applicant typed: printed so that no control character reaches the terminal.
  console.log(printableJson(result));
  const verdict = judgeInvocation(result);
  if (verdict.reason) console.error(printable(verdict.reason));
  return verdict.exitCode;
}

process.exit(await main());
