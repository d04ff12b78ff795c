/**
 * Submit throughput: the service's POST /api/applications beside a floor (the same PutItem, document-list
 * UpdateItem and SendMessage with the handlers' own clients behind the same gateway) and the required work
 * (those writes with the item shaped as a stored application), in rotating rounds.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { clients, sampleApplication, startServer } from './harness.ts';
import { percentile, pool, rotation, round } from './stats.ts';

const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 5000);
const CONNECTIONS = 50;
const SUBMIT_ROUNDS = Number(process.env.BENCH_SUBMIT_ROUNDS ?? 5);

export async function benchSubmit() {
  const server = await startServer(['--no-throttle', '--no-poller', '--bench-floor']);
  try {
    // Each submission names a document of its own, as applicants do: one document named thousands of times
    // at one port is a flood, which closes its list (docs/screening.md) instead of measuring submission.
    let sent = 0;
    const nextBody = () => JSON.stringify(sampleApplication(`B${process.pid}X${sent++}`));
    // CONNECTIONS clients in this process, each sending its next request when the last is answered.
    const load = (path: string, amount: number) =>
      pool(amount, CONNECTIONS, async () => {
        const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: nextBody() });
        await response.arrayBuffer();
        if (response.status !== 202 && response.status !== 200) throw new Error(`${path} answered ${response.status}`);
      });
    await load('/api/applications', 500);
    await load('/_local/bench/floor', 500);
    await load('/_local/bench/required', 500);
    // The three sides in rotating order (each one first in turn), so that drift over the run falls on all alike.
    // Floor and required work: the raw writes of each submission, made by the server with the handlers' clients.
    const paths = { service: '/api/applications', floor: '/_local/bench/floor', required: '/_local/bench/required' };
    type Run = Awaited<ReturnType<typeof pool>>;
    const runs = { service: [] as Run[], floor: [] as Run[], required: [] as Run[] };
    for (let index = 0; index < SUBMIT_ROUNDS; index++) {
      for (const side of rotation(['service', 'floor', 'required'] as const, index)) {
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
        required: round(perSecond([runs.required[index]!])),
        ratio: round(perSecond([runs.floor[index]!]) / perSecond([service]), 2),
      })),
      service: summary(runs.service),
      floor: summary(runs.floor),
      required: summary(runs.required),
      /** What the required work alone costs beside the floor, and the service beside the required work. */
      requiredRatio: round(perSecond(runs.floor) / perSecond(runs.required), 2),
      serviceOverRequired: round(perSecond(runs.required) / perSecond(runs.service), 2),
      directSdk: summary([direct]),
    };
  } finally {
    await server.stop();
  }
}

