/**
 * `npm run bench`: measures the local stack beside floors measured in the same run, prints a table and
 * writes bench/results.json. Not a test: it never runs in CI. Targets (see docs/benchmarks.md): submit
 * and drain within 1.5x of their floors, review-queue page ratio under 1.3, every bundle under 500 KB
 * and its import within 2x of importing only its SDK clients.
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { build } from 'esbuild';
import { applicationKey, intakeAttributes, intakeIndex, queueAttributes } from '../shared/deployment/table.ts';
import { functions, type FunctionName } from '../shared/deployment/routes.ts';
import { addDays, shanghaiDate, toShanghaiIso } from '../shared/domain/time.ts';
import { machine, percentile, pool, round } from './stats.ts';

const root = join(import.meta.dirname, '..');
const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 5000);
const CONNECTIONS = 50;
const DRAIN = Number(process.env.BENCH_DRAIN ?? 10_000);
const DRAIN_ROUNDS = Number(process.env.BENCH_DRAIN_ROUNDS ?? 5);
const SUBMIT_ROUNDS = Number(process.env.BENCH_SUBMIT_ROUNDS ?? 5);
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 100_000);
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

const sampleApplication = () => {
  const start = addDays(shanghaiDate(Date.now()), 7);
  return {
    kind: 'border-tourism',
    port: 'MOHAN',
    direction: 'exit',
    travel: { destinationCountry: 'LA', entryDate: start, exitDate: addDays(start, 4) },
    applicant: { fullName: 'Li Wei', dateOfBirth: '1990-04-01', nationality: 'CN', documentType: 'passport', documentNumber: 'E12345678', documentExpiry: '2031-01-01' },
    contact: { phone: '+8613800000000', email: 'li.wei@example.com' },
  };
};

interface Endpoints {
  url: string;
  dynamoDb: string;
  sqs: string;
  table: string;
  queueUrl: string;
  stop: () => Promise<void>;
}

/** `npm start` in a child process, so the load generator does not share its event loop. */
async function startServer(extraArgs: string[]): Promise<Endpoints> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts', '--port', '0', ...extraArgs], {
    cwd: root,
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const ready = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/ready at /.test(output)) resolve(output);
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${output}`)));
  });
  const match = (pattern: RegExp) => pattern.exec(ready)?.[1] ?? '';
  return {
    url: match(/ready at (\S+)/),
    dynamoDb: match(/DynamoDB \(dynalite\): (\S+)/),
    table: match(/table (\S+)/),
    sqs: match(/SQS \(fauxqs\):\s+(\S+)/),
    queueUrl: match(/queue (\S+)/),
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const clients = (endpoints: { dynamoDb: string; sqs: string }) => ({
  dynamo: DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: endpoints.dynamoDb, region: 'us-east-1', credentials })),
  sqs: new SQSClient({ endpoint: endpoints.sqs, region: 'us-east-1', credentials }),
});

async function benchSubmit() {
  const server = await startServer(['--no-throttle', '--no-poller', '--bench-floor']);
  try {
    const body = JSON.stringify(sampleApplication());
    // CONNECTIONS clients in this process, each sending its next request when the last is answered.
    const load = (path: string, amount: number) =>
      pool(amount, CONNECTIONS, async () => {
        const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        await response.arrayBuffer();
        if (response.status !== 202 && response.status !== 200) throw new Error(`${path} answered ${response.status}`);
      });
    await load('/api/applications', 500);
    await load('/_local/bench/floor', 500);
    // Service and floor in alternating rounds, so that drift over the run falls on both alike.
    // Floor: the raw PutItem + SendMessage of each submission, made by the server with the handlers' clients.
    const paths = { service: '/api/applications', floor: '/_local/bench/floor' };
    type Run = Awaited<ReturnType<typeof pool>>;
    const runs = { service: [] as Run[], floor: [] as Run[] };
    for (let index = 0; index < SUBMIT_ROUNDS; index++) {
      for (const side of index % 2 === 0 ? (['service', 'floor'] as const) : (['floor', 'service'] as const)) {
        runs[side].push(await load(paths[side], Math.ceil(SUBMISSIONS / SUBMIT_ROUNDS)));
      }
    }
    // The same calls made straight from this process, for reference (the SDK work then runs on the other core).
    const { dynamo, sqs } = clients(server);
    const direct = await pool(SUBMISSIONS, CONNECTIONS, async (index) => {
      await dynamo.send(new PutCommand({ TableName: server.table, Item: { pk: `DIRECT#${index}`, sk: 'APPLICATION', status: 'SUBMITTED' }, ConditionExpression: 'attribute_not_exists(pk)' }));
      await sqs.send(new SendMessageCommand({ QueueUrl: server.queueUrl, MessageBody: JSON.stringify({ applicationId: `DIRECT${index}` }) }));
    });
    const perSecond = (some: Run[]) =>
      some.reduce((sum, run) => sum + run.latencies.length, 0) / (some.reduce((sum, run) => sum + run.wallMs, 0) / 1000);
    const summary = (some: Run[]) => {
      const latencies = some.flatMap((run) => run.latencies);
      return { requestsPerSecond: round(perSecond(some)), p50Ms: round(percentile(latencies, 0.5)), p99Ms: round(percentile(latencies, 0.99)) };
    };
    return {
      rounds: runs.service.map((service, index) => ({
        service: round(perSecond([service])),
        floor: round(perSecond([runs.floor[index]!])),
        ratio: round(perSecond([runs.floor[index]!]) / perSecond([service]), 2),
      })),
      service: summary(runs.service),
      floor: summary(runs.floor),
      directSdk: summary([direct]),
    };
  } finally {
    await server.stop();
  }
}

async function seedQueue(dynamo: DynamoDBDocumentClient, table: string, port: string, from: number, to: number) {
  const now = Date.now();
  const chunks: number[][] = [];
  for (let start = from; start < to; start += 25) chunks.push(Array.from({ length: Math.min(25, to - start) }, (_, offset) => start + offset));
  await pool(chunks.length, 8, async (chunkIndex) => {
    await dynamo.send(
      new BatchWriteCommand({
        RequestItems: {
          [table]: chunks[chunkIndex]!.map((index) => {
            const id = `bench${String(index).padStart(17, '0')}`;
            const deadline = now + 3_600_000 + index * 1000;
            const lane = (['medical', 'perishable', 'standard'] as const)[index % 3]!;
            return {
              PutRequest: {
                Item: {
                  ...applicationKey(id), id, kind: 'border-tourism', port, lane, status: 'PENDING_REVIEW',
                  submittedAt: toShanghaiIso(now), reviewDeadline: toShanghaiIso(deadline), flags: [], history: [], version: 2,
                  ...queueAttributes({ id, port, kind: 'border-tourism', lane, reviewDeadline: toShanghaiIso(deadline) }),
                },
              },
            };
          }),
        },
      }),
    );
  });
}

async function benchQueuePage() {
  const server = await startServer(['--no-throttle', '--no-poller']);
  try {
    const { dynamo } = clients(server);
    const token = execFileSync(process.execPath, ['--import', 'tsx', 'infra/local/token.ts', '--clerk', 'bench', '--port', 'DALUO'], { cwd: root }).toString().trim();
    const measure = async () => {
      const page = () => fetch(`${server.url}/api/review/applications?port=DALUO&limit=25`, { headers: { authorization: `Bearer ${token}` } }).then((response) => response.text());
      for (let warm = 0; warm < 20; warm++) await page();
      const { latencies } = await pool(300, 1, async () => {
        await page();
      });
      return { p50Ms: round(percentile(latencies, 0.5), 2), p99Ms: round(percentile(latencies, 0.99), 2) };
    };
    await seedQueue(dynamo, server.table, 'DALUO', 0, 1000);
    const small = await measure();
    const seedStarted = performance.now();
    await seedQueue(dynamo, server.table, 'DALUO', 1000, BACKLOG);
    const large = await measure();
    return { openSmall: 1000, openLarge: BACKLOG, small, large, seedSeconds: round((performance.now() - seedStarted) / 1000), ratio: round(large.p50Ms / small.p50Ms, 2) };
  } finally {
    await server.stop();
  }
}

/** `count` SUBMITTED applications and their intake messages; `prefix` (5 characters) keeps ids and documents apart. */
async function seedSubmitted(dynamo: DynamoDBDocumentClient, sqs: SQSClient, table: string, queueUrl: string, prefix: string, count: number) {
  const application = sampleApplication();
  const submittedAt = toShanghaiIso(Date.now());
  const ids = Array.from({ length: count }, (_, index) => `${prefix}${String(index).padStart(17, '0')}`);
  const chunks: string[][] = [];
  for (let start = 0; start < ids.length; start += 25) chunks.push(ids.slice(start, start + 25));
  await pool(chunks.length, 8, async (chunkIndex) => {
    await dynamo.send(
      new BatchWriteCommand({
        RequestItems: {
          [table]: chunks[chunkIndex]!.map((id, offset) => ({
            PutRequest: {
              Item: {
                ...applicationKey(id), id, kind: 'border-tourism', port: 'MOHAN', lane: 'standard', status: 'SUBMITTED',
                submittedAt, reviewDeadline: toShanghaiIso(Date.now() + 86_400_000),
                application: { ...application, applicant: { ...application.applicant, documentNumber: `${prefix.toUpperCase()}C${chunkIndex}X${offset}` } },
                accessTokenHash: 'x', flags: [], history: [], version: 1, ...intakeAttributes({ id, submittedAt }),
              },
            },
          })),
        },
      }),
    );
  });
  const batches: string[][] = [];
  for (let start = 0; start < ids.length; start += 10) batches.push(ids.slice(start, start + 10));
  await pool(batches.length, 8, async (batchIndex) => {
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: batches[batchIndex]!.map((applicationId, index) => ({ Id: String(index), MessageBody: JSON.stringify({ applicationId }) })) }));
  });
}

/** The floor: one consumer loop like the poller's, with the least work per message that is still correct. */
async function drainFloor(dynamo: DynamoDBDocumentClient, sqs: SQSClient, table: string, queueUrl: string) {
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (Messages.length === 0) return;
    await Promise.all(
      Messages.map((message) =>
        dynamo
          .send(new UpdateCommand({
            TableName: table,
            Key: applicationKey(JSON.parse(message.Body!).applicationId),
            UpdateExpression: `SET #status = :to REMOVE ${intakeIndex.partitionKey}, ${intakeIndex.sortKey}`,
            ConditionExpression: '#status = :from',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':from': 'SUBMITTED', ':to': 'PENDING_REVIEW' },
          }))
          .catch(() => undefined),
      ),
    );
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle! })) }));
  }
}

/**
 * Service and floor drain in alternating rounds (service first, then floor first, ...), so that drift over
 * the run (the table growing, garbage collection, a neighbour on the machine) falls on both alike.
 */
async function benchDrain() {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const { startLocalStack } = await import('../infra/local/local-stack.ts');
  const stack = await startLocalStack({ port: 0, poller: false, schedules: false, alarms: false, throttle: false });
  try {
    const { dynamo, sqs } = clients({ dynamoDb: stack.env.DYNAMODB_ENDPOINT, sqs: stack.env.SQS_ENDPOINT });
    const { TABLE_NAME: table, INTAKE_QUEUE_URL: queueUrl } = stack.env;
    const perRound = Math.ceil(DRAIN / DRAIN_ROUNDS);
    const drainers = {
      service: async () => {
        stack.startPolling();
        await stack.drainQueue(30 * 60_000);
      },
      floor: () => drainFloor(dynamo, sqs, table, queueUrl),
    };
    const seconds = { service: 0, floor: 0 };
    const rounds: { service: number; floor: number; ratio: number }[] = [];
    for (let index = 0; index < DRAIN_ROUNDS; index++) {
      const order = index % 2 === 0 ? (['service', 'floor'] as const) : (['floor', 'service'] as const);
      const taken = { service: 0, floor: 0 };
      for (const side of order) {
        await seedSubmitted(dynamo, sqs, table, queueUrl, `${side[0]}${String(index).padStart(4, '0')}`, perRound);
        const started = performance.now();
        await drainers[side]();
        taken[side] = (performance.now() - started) / 1000;
        // Outside the timing: the poller's last receive is let finish its wait, so no message is held back.
        if (side === 'service') await stack.stopPolling();
        seconds[side] += taken[side];
      }
      rounds.push({ service: round(taken.service, 2), floor: round(taken.floor, 2), ratio: round(taken.service / taken.floor, 2) });
    }
    const applications = perRound * DRAIN_ROUNDS;
    return {
      applications,
      rounds,
      service: { seconds: round(seconds.service), perSecond: round(applications / seconds.service) },
      floor: { seconds: round(seconds.floor), perSecond: round(applications / seconds.floor) },
      ratio: round(seconds.service / seconds.floor, 2),
    };
  } finally {
    await stack.stop();
  }
}

/** The AWS SDK packages a bundle imports; like the deployed functions, bundles leave them to the runtime. */
const sdkClientsOf = (metafile: import('esbuild').Metafile) => [
  ...new Set(Object.values(metafile.outputs).flatMap((output) => output.imports.filter((entry) => entry.external && entry.path.startsWith('@aws-sdk/')).map((entry) => entry.path))),
];

function importMs(file: string, env: Record<string, string>): number {
  const samples: number[] = [];
  for (let run = 0; run < 5; run++) {
    const script = `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`;
    samples.push(Number(execFileSync(process.execPath, ["--input-type=module", "-e", script], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "ignore"] }).toString().trim()));
  }
  return percentile(samples, 0.5);
}

async function benchColdStart() {
  const out = join(root, 'bench', 'dist');
  rmSync(out, { recursive: true, force: true });
  const keyDir = join(out, 'permit-keys');
  const env = {
    TABLE_NAME: 'bench', INTAKE_QUEUE_URL: 'http://127.0.0.1:1/000000000000/bench', AWS_REGION: 'us-east-1',
    PERMIT_LOCAL_KEY_DIR: keyDir,
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
    const bundleMs = importMs(file, env);
    const sdkMs = importMs(sdkFile, env);
    rows.push({ function: name, bundleKB: round(statSync(file).size / 1024), sdkClients: clientsUsed.join(' ') || '-', importMs: round(bundleMs), sdkOnlyImportMs: round(sdkMs), ratio: clientsUsed.length ? round(bundleMs / sdkMs, 2) : null });
  }
  rmSync(out, { recursive: true, force: true });
  return rows;
}

const results: Record<string, unknown> = { date: new Date().toISOString(), machine: machine() };
const only = process.argv[2];
if (!only || only === 'submit') results.submit = await benchSubmit();
if (!only || only === 'queue') results.queuePage = await benchQueuePage();
if (!only || only === 'drain') results.drain = await benchDrain();
if (!only || only === 'cold') results.coldStart = await benchColdStart();

mkdirSync(join(root, 'bench'), { recursive: true });
writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`Machine: ${JSON.stringify(results.machine)}`);
if (results.submit) {
  const submit = results.submit as Awaited<ReturnType<typeof benchSubmit>>;
  console.table(submit.rounds);
  console.table({ service: submit.service, floor: submit.floor, 'floor, direct SDK': submit.directSdk });
  console.log(`submit ratio (floor req/s / service req/s): ${round(submit.floor.requestsPerSecond / submit.service.requestsPerSecond, 2)} (target <= 1.5)`);
}
if (results.queuePage) {
  const page = results.queuePage as Awaited<ReturnType<typeof benchQueuePage>>;
  console.table({ [`${page.openSmall} open`]: page.small, [`${page.openLarge} open`]: page.large });
  console.log(`queue page ratio (p50 at ${page.openLarge} / p50 at ${page.openSmall}): ${page.ratio} (target < 1.3)`);
}
if (results.drain) {
  const drain = results.drain as Awaited<ReturnType<typeof benchDrain>>;
  console.table(drain.rounds);
  console.table({ service: drain.service, floor: drain.floor });
  console.log(`drain ratio (service time / floor time) for ${drain.applications} in ${drain.rounds.length} alternating rounds: ${drain.ratio} (target <= 1.5)`);
}
if (results.coldStart) console.table(results.coldStart as object[]);
console.log('Wrote bench/results.json');
process.exit(0);
