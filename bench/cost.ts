/**
 * What the service costs per 1,000 applications: bench/cost-journey.ts counts, in a process of its own,
 * what the whole journey uses on the local stack (table units from item sizes, queue requests, Lambda
 * invocations and their measured durations, API requests, permits signed, email and SMS, log bytes); this
 * file prices it at on-demand list prices and adds the scheduled jobs' share at a daily volume.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { notificationQueueConsumers, queueConsumers as intakeQueueConsumers } from '../shared/deployment/routes.ts';
import type { JourneyUsage } from './capacity.ts';
import { root } from './harness.ts';
import { round } from './stats.ts';

/** Applications a day the scheduled jobs' share is spread over (BENCH_COST_DAILY), and the national rollout's. */
const DAILY = Number(process.env.BENCH_COST_DAILY ?? 10_000);
const NATIONAL_DAILY = 1_000_000;
/** Applications open in the review queues, as a share of a day's: about six hours of work waiting. */
const BACKLOG_SHARE_OF_DAY = 0.25;
/** Runs a day of each 5-minute job, and revocation-list signatures a day (one a minute per function instance, one instance). */
const RUNS_PER_DAY = 288;
const REVOCATION_SIGNATURES_PER_DAY = 1440;
/** Lambda's SQS event source keeps about five pollers per queue long-polling (20 s) when idle. */
const IDLE_RECEIVES_PER_DAY_PER_QUEUE = 5 * 3 * 1440;
/** START, END and REPORT lines Lambda writes per invocation. */
const PLATFORM_LOG_BYTES_PER_INVOCATION = 340;
/** Added per SDK call when durations are taken as in AWS, where a call waits on the network instead of using the CPU. */
const AWS_CALL_WAIT_MS = 5;

/**
 * On-demand list prices, us-east-1, as known on the date below; not re-checked against the live price list
 * (no network where this runs). `sure: false` marks a price to confirm before relying on it.
 */
export const priceList = {
  region: 'us-east-1 (N. Virginia)',
  asOf: '2025-06-01',
  prices: {
    dynamoWrite: { usd: 0.625, per: 1e6, unit: 'write request unit (on-demand, since the 2024-11 price cut)', sure: true },
    dynamoRead: { usd: 0.125, per: 1e6, unit: 'read request unit (on-demand)', sure: true },
    dynamoStorage: { usd: 0.25, per: 1, unit: 'GB-month stored (Standard table class)', sure: true },
    dynamoBackup: { usd: 0.2, per: 1, unit: 'GB-month of point-in-time recovery', sure: true },
    lambdaRequest: { usd: 0.2, per: 1e6, unit: 'Lambda request', sure: true },
    lambdaCompute: { usd: 0.0000133334, per: 1, unit: 'GB-second, arm64', sure: true },
    sqsRequest: { usd: 0.4, per: 1e6, unit: 'SQS standard request (64 KB chunk)', sure: true },
    kmsSign: { usd: 0.15, per: 1e4, unit: 'KMS request with an asymmetric ECC key (Sign)', sure: false },
    apiRequest: { usd: 1.0, per: 1e6, unit: 'API Gateway HTTP API request (first 300 million a month)', sure: true },
    cloudFrontRequest: { usd: 0.01, per: 1e4, unit: 'CloudFront HTTPS request (North America and Europe; Asia edges cost more)', sure: false },
    wafRequest: { usd: 0.6, per: 1e6, unit: 'WAF web ACL request inspected', sure: true },
    email: { usd: 0.1, per: 1e3, unit: 'SES outbound email', sure: true },
    sms: { usd: 0.025, per: 1, unit: 'End User Messaging SMS to China (+86), one part, carrier fees included', sure: false },
    logIngestion: { usd: 0.5, per: 1, unit: 'GB of CloudWatch Logs ingested', sure: true },
    trace: { usd: 5.0, per: 1e6, unit: 'X-Ray trace recorded', sure: true },
  },
} as const;

type PriceName = keyof typeof priceList.prices;
const price = (name: PriceName, quantity: number) => (quantity * priceList.prices[name].usd) / priceList.prices[name].per;

type Usage = JourneyUsage;
interface Journey {
  applicationsPerPath: number;
  backlog: number;
  paths: { clerk: Usage; rules: Usage };
  scheduled: Record<string, Usage>;
  revocationList: Usage;
  memoryMb: Record<string, number>;
  itemBytes: { awaitingReview: number; approved: number };
}

/** The functions behind a queue's event source: each batch costs a receive and a delete. */
const queueConsumers = [...intakeQueueConsumers, ...notificationQueueConsumers];

/** What one application (or one run, with `per` 1) uses, in the units the prices are in. */
function quantities(usage: Usage, memoryMb: Record<string, number>, per: number, awsWaits: boolean) {
  const invocations = Object.entries(usage.invocations);
  const count = (name: string) => usage.invocations[name]?.count ?? 0;
  const gbSeconds = invocations.reduce(
    (sum, [name, { ms, sdkCalls }]) => sum + ((ms + (awsWaits ? sdkCalls * AWS_CALL_WAIT_MS : 0)) / 1000) * ((memoryMb[name] ?? 512) / 1024),
    0,
  );
  const lambdaRequests = invocations.reduce((sum, [, entry]) => sum + entry.count, 0);
  // Lambda's event source receives each batch and deletes what succeeded: two requests per consumer invocation.
  const pollerRequests = queueConsumers.reduce((sum, name) => sum + 2 * count(name), 0);
  const queueRequests = Object.values(usage.queueRequests).reduce((sum, value) => sum + value, 0) + pollerRequests;
  return {
    readUnits: usage.table.readUnits / per,
    writeUnits: (usage.table.writeUnits + usage.table.indexWriteUnits) / per,
    indexWriteUnits: usage.table.indexWriteUnits / per,
    queueRequests: queueRequests / per,
    lambdaRequests: lambdaRequests / per,
    gbSeconds: gbSeconds / per,
    kmsSigns: usage.permits / per,
    apiRequests: usage.apiRequests / per,
    emails: usage.emails / per,
    sms: usage.sms / per,
    logGb: (usage.logBytes + lambdaRequests * PLATFORM_LOG_BYTES_PER_INVOCATION) / 2 ** 30 / per,
    // Every invocation that starts a chain (an API request or a queue batch) records a trace: the default
    // sampling rule's one request a second covers all of them at these volumes; an upper bound above.
    traces: (usage.apiRequests + queueConsumers.reduce((sum, name) => sum + count(name), 0)) / per,
  };
}

type Quantities = ReturnType<typeof quantities>;

function priced(q: Quantities) {
  const lines = {
    'DynamoDB writes (table and indexes)': price('dynamoWrite', q.writeUnits),
    'DynamoDB reads': price('dynamoRead', q.readUnits),
    'Lambda requests': price('lambdaRequest', q.lambdaRequests),
    'Lambda compute': price('lambdaCompute', q.gbSeconds),
    'SQS requests': price('sqsRequest', q.queueRequests),
    'KMS signatures': price('kmsSign', q.kmsSigns),
    'API Gateway requests': price('apiRequest', q.apiRequests),
    'CloudFront requests': price('cloudFrontRequest', q.apiRequests),
    'WAF requests': price('wafRequest', q.apiRequests),
    'SES email': price('email', q.emails),
    SMS: price('sms', q.sms),
    'CloudWatch Logs ingestion': price('logIngestion', q.logGb),
    'X-Ray traces': price('trace', q.traces),
  };
  return { lines, total: Object.values(lines).reduce((sum, value) => sum + value, 0) };
}

const add = (a: Quantities, b: Quantities, times = 1): Quantities =>
  Object.fromEntries(Object.keys(a).map((key) => [key, a[key as keyof Quantities] + times * b[key as keyof Quantities]])) as Quantities;

/** The scheduled jobs' daily use, spread over `daily` applications: what one application's share of it is. */
function scheduledShare(journey: Journey, daily: number, awsWaits: boolean): Quantities {
  const perRun = (name: string) => quantities(journey.scheduled[name]!, journey.memoryMb, 1, awsWaits);
  // The SLA monitor reads the whole queue: its reads and time grow with the backlog it finds.
  const backlogScale = (daily * BACKLOG_SHARE_OF_DAY) / journey.backlog;
  const monitor = perRun('monitor-sla');
  const scaledMonitor = { ...monitor, readUnits: monitor.readUnits * backlogScale, gbSeconds: monitor.gbSeconds * backlogScale };
  const revocations = quantities(journey.revocationList, journey.memoryMb, 1, awsWaits);
  let day = add(scaledMonitor, perRun('repair-intake'));
  day = add(day, perRun('repair-notifications'));
  day = Object.fromEntries(Object.entries(day).map(([key, value]) => [key, value * RUNS_PER_DAY])) as Quantities;
  day = add(day, { ...revocations, kmsSigns: 1 }, REVOCATION_SIGNATURES_PER_DAY);
  day.queueRequests += 2 * IDLE_RECEIVES_PER_DAY_PER_QUEUE;
  return Object.fromEntries(Object.entries(day).map(([key, value]) => [key, value / daily])) as Quantities;
}

/** Runs the journey in a child process (the handlers read their configuration once per process). */
function runJourney(): Promise<Journey> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench', 'cost-journey.ts')], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      const line = output.split('\n').find((entry) => entry.startsWith('COST-RESULT '));
      if (code !== 0 || !line) reject(new Error(`the cost journey exited ${code}`));
      else resolve(JSON.parse(line.slice('COST-RESULT '.length)) as Journey);
    });
  });
}

export async function benchCost() {
  const journey = await runJourney();
  const per = journey.applicationsPerPath;
  const figure = (path: 'clerk' | 'rules', daily: number, awsWaits = false) => {
    const q = add(quantities(journey.paths[path], journey.memoryMb, per, awsWaits), scheduledShare(journey, daily, awsWaits));
    const { lines, total } = priced(q);
    return { per1000Usd: round(total * 1000, 2), linesPer1000Usd: Object.fromEntries(Object.entries(lines).map(([name, usd]) => [name, round(usd * 1000, 4)])), perApplication: q };
  };
  const clerk = figure('clerk', DAILY);
  const storageGbPer1000 = (1000 * (journey.itemBytes.approved + 100)) / 2 ** 30;
  return {
    per1000ApplicationsUsd: clerk.per1000Usd,
    basis: `clerk path (submission to permit, with a clerk's claim and approval), scheduled jobs shared over ${DAILY} applications a day`,
    priceList,
    clerkPath: clerk,
    rulesPath: figure('rules', DAILY),
    clerkPathNational: figure('clerk', NATIONAL_DAILY),
    clerkPathWithAwsCallWaits: figure('clerk', DAILY, true),
    storagePer1000PerMonthUsd: round(price('dynamoStorage', storageGbPer1000) + price('dynamoBackup', storageGbPer1000), 4),
    itemBytes: journey.itemBytes,
    indexWriteUnitsPerApplication: Object.fromEntries(
      (['clerk', 'rules'] as const).map((path) => [
        path,
        Object.fromEntries(Object.entries(journey.paths[path].table.indexWriteUnitsByIndex).map(([index, units]) => [index, round(units / per, 2)])),
      ]),
    ),
    applicationsPerPath: per,
  };
}
