/**
 * `npm run invoke -- <function> <event.json>`: runs one handler with a sample event. With TABLE_NAME,
 * INTAKE_QUEUE_URL, DYNAMODB_ENDPOINT and SQS_ENDPOINT set (as `npm start` prints them) it uses that
 * stack; otherwise it starts a throwaway in-memory one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { functions, type FunctionName } from '../../shared/deployment/routes.ts';
import { lambdaContext } from './lambda-context.ts';
import { repositoryRoot, startLocalStack } from './local-stack.ts';

const [name, eventFile] = process.argv.slice(2);
if (!name || !eventFile || !(name in functions)) {
  console.error(`usage: npm run invoke -- <function> <event.json>\nfunctions: ${Object.keys(functions).join(', ')}`);
  process.exit(2);
}
const event = JSON.parse(readFileSync(eventFile, 'utf8')) as unknown;
const functionName = name as FunctionName;
const external = ['TABLE_NAME', 'INTAKE_QUEUE_URL', 'DYNAMODB_ENDPOINT', 'SQS_ENDPOINT'].every((variable) => process.env[variable]);

let exitCode = 0;
if (external) {
  process.env.PERMIT_LOCAL_KEY_DIR ??= join(repositoryRoot, '.local-data', 'permit-keys');
  const { handler } = (await import(pathToFileURL(join(repositoryRoot, functions[functionName].entry)).href)) as {
    handler: (event: unknown, context: unknown) => Promise<unknown>;
  };
  try {
    console.log(JSON.stringify(await handler(event, lambdaContext(functionName, functions[functionName].timeoutSeconds)), null, 2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    exitCode = 1;
  }
} else {
  const stack = await startLocalStack({ port: 0, poller: false, schedules: false });
  try {
    console.log(JSON.stringify(await stack.invoke(functionName, event), null, 2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    exitCode = 1;
  }
  await stack.stop();
}
process.exit(exitCode);
