/**
 * `npm run bench [submit|queue|drain|cold|fast-track|cost]`: measures the local stack beside floors measured in
 * the same run, prints a table and writes bench/results.json. Not a test: it never runs in CI. Targets (see
 * docs/benchmarks.md): submit within 1.2x of its floor and the drain within 1.5x, review-queue page ratio
 * under 1.3, every bundle under 500 KB and its import within 2x of importing only its SDK clients (under
 * 30 ms for a function that uses none). Fast track: the median time from submission to a rule approval,
 * beside the time to screening without a rule. Cost: dollars per 1,000 applications at list prices.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchColdStart } from './cold-start.ts';
import { benchCost } from './cost.ts';
import { benchDrain } from './drain.ts';
import { benchFastTrack } from './fast-track.ts';
import { root } from './harness.ts';
import { benchQueuePage } from './queue-page.ts';
import { machine, round } from './stats.ts';
import { benchSubmit } from './submit.ts';

const date = new Date().toISOString();
// BENCH_ENGINE=dynamodb-local: the table in the official DynamoDB Local (Java, its own process) instead of dynalite.
const engine = process.env.BENCH_ENGINE ?? 'dynalite';
if (engine !== 'dynalite' && engine !== 'dynamodb-local') throw new Error('BENCH_ENGINE is dynalite (the default) or dynamodb-local.');
const dynamoDbLocal = engine === 'dynamodb-local' ? await (await import('../infra/local/dynamodb-local.ts')).startDynamoDbLocal() : undefined;
if (dynamoDbLocal) process.env.DYNAMODB_ENDPOINT = dynamoDbLocal.endpoint;
const results: Record<string, unknown> = { date, machine: machine() };
const only = process.argv[2];
/**
 * Whether to run the benchmark `name`. Each starts on a table of its own: the in-process engines are new
 * for every stack, while one DynamoDB Local serves the whole run (a port policy one benchmark sets would
 * otherwise decide another's applications).
 */
const runs = (name: string) => {
  if (only && only !== name) return false;
  if (dynamoDbLocal) process.env.TABLE_NAME = `bench-${name}-${Date.now()}`;
  return true;
};
if (runs('submit')) results.submit = await benchSubmit();
if (runs('queue')) results.queuePage = await benchQueuePage();
if (runs('drain')) results.drain = await benchDrain();
if (runs('cold')) results.coldStart = await benchColdStart();
if (runs('fast-track')) results.fastTrack = await benchFastTrack();
if (runs('cost')) results.cost = await benchCost();

await dynamoDbLocal?.stop();
const measured = Object.keys(results).filter((name) => name !== 'date' && name !== 'machine');
for (const name of measured) results[name] = Array.isArray(results[name]) ? results[name] : { engine, ...(results[name] as object) };
// One benchmark run alone replaces its own figures and keeps the others', each with the time it was measured.
const resultsFile = join(root, 'bench', 'results.json');
const previous = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as Record<string, unknown>) : {};
const measuredAt = { ...(previous.measuredAt as Record<string, string> | undefined), ...Object.fromEntries(measured.map((name) => [name, date])) };
mkdirSync(join(root, 'bench'), { recursive: true });
writeFileSync(resultsFile, `${JSON.stringify({ ...previous, ...results, measuredAt }, null, 2)}\n`);
console.log(`Machine: ${JSON.stringify(results.machine)}; table engine: ${engine}`);
if (results.submit) {
  const submit = results.submit as Awaited<ReturnType<typeof benchSubmit>>;
  console.table(submit.rounds);
  console.table({ service: submit.service, floor: submit.floor, 'required work': submit.required, 'floor, direct SDK': submit.directSdk });
  console.log(`submit ratio (floor req/s / service req/s): ${round(submit.floor.requestsPerSecond / submit.service.requestsPerSecond, 2)} (target <= 1.2)`);
  console.log(`  the required work alone (the stored item's shape): ${submit.requiredRatio} of the floor; the service: ${submit.serviceOverRequired} of the required work`);
}
if (results.queuePage) {
  const page = results.queuePage as Awaited<ReturnType<typeof benchQueuePage>>;
  console.table({
    [`${page.openSmall} open`]: page.small,
    [`${page.openLarge} open`]: page.large,
    [`${page.openSmall} open, standard lane`]: page.smallStandard,
    [`${page.openLarge} open, standard lane`]: page.largeStandard,
  });
  console.log(`queue page ratio (p50 at ${page.openLarge} / p50 at ${page.openSmall}): ${page.ratio} (target < 1.3); standard lane (two partitions merged): ${page.standardRatio}`);
}
if (results.drain) {
  const drain = results.drain as Awaited<ReturnType<typeof benchDrain>>;
  console.table(drain.rounds);
  console.table({ service: drain.service, floor: drain.floor, 'required work': drain.required });
  console.log(`drain ratio (service time / floor time) for ${drain.applications} in ${drain.rounds.length} rotating rounds: ${drain.ratio} (target <= 1.5)`);
  console.log(`  the required work alone (read the applications and their lists, join the queue): ${drain.requiredRatio} of the floor; the service: ${drain.serviceOverRequired} of the required work`);
}
if (results.coldStart) console.table(results.coldStart as object[]);
if (results.fastTrack) {
  const fast = results.fastTrack as Awaited<ReturnType<typeof benchFastTrack>>;
  console.table(fast.rounds);
  console.table({ 'submit -> APPROVED (rule)': fast.rules, 'submit -> PENDING_REVIEW (no rule, floor)': fast.floor });
  console.log(`fast track: median submission to decision by the rules ${fast.rules.p50Ms} ms (p90 ${fast.rules.p90Ms} ms), beside ${fast.floor.p50Ms} ms to reach a clerk's queue without a rule (${fast.inFlight} in flight, polled every ${fast.pollMs} ms)`);
}
if (results.cost) {
  const cost = results.cost as Awaited<ReturnType<typeof benchCost>>;
  console.table({ 'clerk path': cost.clerkPath.linesPer1000Usd, 'rules path': cost.rulesPath.linesPer1000Usd });
  console.table(cost.indexWriteUnitsPerApplication);
  console.log(`item bytes: ${JSON.stringify(cost.itemBytes)}`);
  console.log(
    `cost per 1,000 applications: $${cost.per1000ApplicationsUsd} (${cost.basis}); rules path $${cost.rulesPath.per1000Usd}; ` +
      `at 1,000,000 a day $${cost.clerkPathNational.per1000Usd}; with 5 ms of network wait per AWS call $${cost.clerkPathWithAwsCallWaits.per1000Usd}; ` +
      `storage $${cost.storagePer1000PerMonthUsd} per 1,000 per month kept (${cost.priceList.region} list prices as of ${cost.priceList.asOf})`,
  );
}
console.log('Wrote bench/results.json');
process.exit(0);

