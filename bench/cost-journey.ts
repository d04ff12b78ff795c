/**
 * The cost benchmark's measurement, in a process of its own (bench/cost.ts starts it and prices what it
 * prints): the whole journey of applications on the local stack, counting what each would cost in AWS.
 * Two paths: a clerk's (submission, screening, the received message, three status reads, a queue page,
 * the detail, a claim, an approval with its permit and message, one check of the permit at the border) and
 * the rules' (the same without the clerk). Then one run of each scheduled job with that backlog open.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { countCapacity, emptyTally, itemSize, type JourneyUsage } from './capacity.ts';
import { applicationKey } from '../shared/deployment/table.ts';
import { clients, sampleApplication } from './harness.ts';

const PER_PATH = Number(process.env.BENCH_COST_APPLICATIONS ?? 200);

// Logs and metrics as deployed (INFO, EMF on): their bytes are what CloudWatch Logs would ingest.
process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
process.env.POWERTOOLS_METRICS_DISABLED = 'false';
const realWrite = process.stdout.write.bind(process.stdout);
let loggedBytes = 0;
process.stdout.write = ((chunk: string | Uint8Array) => {
  loggedBytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
  return true;
}) as typeof process.stdout.write;

const { startLocalStack } = await import('../infra/local/local-stack.ts');
const { functions } = await import('../shared/deployment/routes.ts');
type FunctionName = keyof typeof functions;

type Usage = JourneyUsage;

const current = new AsyncLocalStorage<FunctionName>();
let usage: Usage;
const freshUsage = (): Usage => ({ table: emptyTally(), queueRequests: {}, invocations: {}, apiRequests: 0, emails: 0, sms: 0, permits: 0, logBytes: 0 });
usage = freshUsage();

const stack = await startLocalStack({
  port: 0,
  poller: false,
  schedules: false,
  alarms: false,
  throttle: false,
  wrapHandler: (name, handler) => async (event, context) => {
    usage.invocations[name] ??= { count: 0, ms: 0, sdkCalls: 0 };
    const entry = usage.invocations[name];
    const started = performance.now();
    try {
      return await current.run(name, () => handler(event, context));
    } finally {
      entry.count++;
      entry.ms += performance.now() - started;
    }
  },
});
const { documentClient } = await import('../shared/adapters/dynamodb-client.ts');
const { sqsClient } = await import('../shared/adapters/sqs-client.ts');
const { dynamo: observer } = clients({ dynamoDb: stack.env.DYNAMODB_ENDPOINT, sqs: stack.env.SQS_ENDPOINT });
const tally = countCapacity(documentClient, observer, stack.env.TABLE_NAME);
const countedTableSend = documentClient.send.bind(documentClient);
documentClient.send = ((command: unknown) => {
  const name = current.getStore();
  if (name) usage.invocations[name]!.sdkCalls++;
  return countedTableSend(command as never);
}) as typeof documentClient.send;
const realQueueSend = sqsClient.send.bind(sqsClient);
sqsClient.send = ((command: unknown) => {
  const name = (command as object).constructor.name;
  if (command instanceof SendMessageCommand || command instanceof SendMessageBatchCommand) usage.queueRequests[name] = (usage.queueRequests[name] ?? 0) + 1;
  const caller = current.getStore();
  if (caller) usage.invocations[caller]!.sdkCalls++;
  return realQueueSend(command as never);
}) as typeof sqsClient.send;

/** Runs a stretch of the journey and answers what it used. */
async function measure(stretch: () => Promise<void>): Promise<Usage> {
  usage = freshUsage();
  Object.assign(tally, emptyTally());
  const [bytesBefore, messagesBefore] = [loggedBytes, stack.outbox().length];
  await stretch();
  const sent = stack.outbox().slice(messagesBefore);
  return {
    ...structuredClone(usage),
    table: structuredClone(tally),
    emails: sent.filter((message) => message.channel === 'email').length,
    sms: sent.filter((message) => message.channel === 'sms').length,
    logBytes: loggedBytes - bytesBefore,
  };
}

const token = async (query: string) => (await (await fetch(`${stack.url}/_local/token?${query}`)).json()).token as string;
const clerk = { authorization: `Bearer ${await token('clerk=cost.clerk&ports=MOHAN,DALUO&role=supervisor')}`, 'content-type': 'application/json' };
async function api(method: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}) {
  usage.apiRequests++;
  const response = await fetch(`${stack.url}${path}`, { method, headers: { 'content-type': 'application/json', ...init.headers }, ...(init.body ? { body: JSON.stringify(init.body) } : {}) });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

async function drain() {
  stack.startPolling();
  await stack.drainQueue(120_000);
  await stack.drainNotifications(120_000);
  await stack.stopPolling();
}

let sequence = 0;
/** One path's applications, submitted as the form does (with an Idempotency-Key), ten at a time like a screening batch. */
async function journey(port: 'MOHAN' | 'DALUO', byClerk: boolean) {
  const receipts: { id: string; accessToken: string }[] = [];
  for (let start = 0; start < PER_PATH; start += 10) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, PER_PATH - start) }, () =>
        api('POST', '/api/applications', {
          body: { ...sampleApplication(`C${process.pid}X${sequence++}`), port },
          headers: { 'idempotency-key': `cost-${process.pid}-${sequence}` },
        }),
      ),
    );
    receipts.push(...batch);
    await drain();
  }
  for (const receipt of receipts) for (let read = 0; read < 3; read++) await api('GET', `/api/applications/${receipt.id}`, { headers: { authorization: `Bearer ${receipt.accessToken}` } });
  if (byClerk) {
    for (const receipt of receipts) {
      await api('GET', `/api/review/applications?port=${port}&limit=25`, { headers: clerk });
      await api('GET', `/api/review/applications/${receipt.id}`, { headers: clerk });
      await api('POST', `/api/review/applications/${receipt.id}/claim`, { headers: clerk });
      await api('POST', `/api/review/applications/${receipt.id}/decision`, { headers: clerk, body: { outcome: 'approve' } });
    }
    await drain();
  }
  for (const receipt of receipts) {
    const view = await api('GET', `/api/applications/${receipt.id}`, { headers: { authorization: `Bearer ${receipt.accessToken}` } });
    if (view.status !== 'APPROVED') throw new Error(`application ${receipt.id} ended ${view.status}`);
    usage.permits++;
    await api('POST', '/api/permits/verify', { body: { token: view.permit.token } });
  }
  return receipts;
}

const supervisorPolicy = async (port: string, autoApprove: unknown[]) => {
  const current = await api('GET', `/api/review/ports/${port}/policy`, { headers: clerk });
  await api('PUT', `/api/review/ports/${port}/policy`, { headers: clerk, body: { autoApprove, auditSampleRate: 0, expectedVersion: current.version } });
};

await supervisorPolicy('DALUO', [{ kind: 'border-tourism', lanes: ['standard'] }]);
let approved: { id: string }[] = [];
const clerkPath = await measure(async () => {
  approved = await journey('MOHAN', true);
});
const rulesPath = await measure(async () => void (await journey('DALUO', false)));

// A backlog awaiting clerks, so that the scheduled jobs read a queue that is not empty.
const backlog: { id: string }[] = await Promise.all(
  Array.from({ length: PER_PATH }, (_, index) => api('POST', '/api/applications', { body: sampleApplication(`Q${process.pid}X${index}`) })),
);
await drain();
const scheduled: Record<string, Usage> = {};
for (const name of ['monitor-sla', 'repair-intake', 'repair-notifications'] as const) scheduled[name] = await measure(async () => void (await stack.runSchedule(name)));
const revocationList = await measure(async () => void (await api('GET', '/api/permits/revocations')));

const stored = async (id: string) =>
  (await observer.send(new GetCommand({ TableName: stack.env.TABLE_NAME, Key: applicationKey(id), ConsistentRead: true }))).Item;
const itemBytes = { awaitingReview: itemSize(await stored(backlog[0]!.id)), approved: itemSize(await stored(approved[0]!.id)) };
await stack.stop();
realWrite(
  `COST-RESULT ${JSON.stringify({
    applicationsPerPath: PER_PATH,
    backlog: backlog.length,
    paths: { clerk: clerkPath, rules: rulesPath },
    scheduled,
    revocationList,
    memoryMb: Object.fromEntries(Object.entries(functions).map(([name, definition]) => [name, definition.memoryMb])),
    itemBytes,
  })}\n`,
);
process.exit(0);
