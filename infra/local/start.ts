/**
 * `npm start`: the whole service on one machine, in memory unless `--data <dir>` keeps it.
 * Prints one line containing `ready` and the URL when it accepts requests.
 */
import { parseArgs } from 'node:util';
import { loadSampleData } from './sample-data.ts';
import { buildWeb } from '../../web/build.ts';
import { startLocalStack } from './local-stack.ts';
import { staticFiles } from './static-files.ts';
import { helperScriptVariables, localPort } from './local-target.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    port: { type: 'string' },
    // For benchmarks: measure the service without the API's throttling or a competing consumer.
    'no-throttle': { type: 'boolean' },
    'no-poller': { type: 'boolean' },
    'bench-floor': { type: 'boolean' },
  },
});
let port: number;
try {
  port = localPort(values.port);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

const stack = await startLocalStack({
  port,
  serveStatic: staticFiles(await buildWeb()),
  dataDir: values.data,
  throttle: !values['no-throttle'],
  poller: !values['no-poller'],
  benchFloor: values['bench-floor'],
  log: (line) => console.log(line),
});
const { watchListEntries } = await loadSampleData();

console.log(`DynamoDB (${stack.engineNames.dynamoDb}): ${stack.env.DYNAMODB_ENDPOINT}  table ${stack.env.TABLE_NAME}`);
console.log(`SQS (${stack.engineNames.sqs}): ${stack.env.SQS_ENDPOINT}  queue ${stack.env.INTAKE_QUEUE_URL}`);
console.log(`Notification queue:  ${stack.env.NOTIFICATION_QUEUE_URL}`);
console.log(`Data:                ${values.data ? `kept in ${values.data}` : 'in memory (use --data <dir> to keep it)'}`);
console.log(`Sample watch list:   ${watchListEntries} entries`);
console.log(`Messages (local):    ${stack.url}/_local/outbox.html (email and SMS are recorded, not sent)`);
// One line to paste into another shell, so the helper scripts (invoke, watchlist:load, demo:breach) reach this stack.
const helperEnvironment = { PORT: new URL(stack.url).port, ...stack.env };
const shellWord = (value: string) => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`);
console.log(`Helper scripts:      export ${helperScriptVariables.map((name) => `${name}=${shellWord(helperEnvironment[name])}`).join(' ')}`);
console.log(`permit fast-track ready at ${stack.url}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await stack.stop();
    process.exit(0);
  });
}
