/**
 * The screening drain: the service's queue consumer beside a floor consumer and a required-work consumer,
 * in rotating rounds.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageBatchCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  applicationKey,
  documentListAttributes,
  documentListKey,
  intakeAttributes,
  intakeIndex,
  queueAttributes,
} from '../shared/deployment/table.ts';
import { toShanghaiIso } from '../shared/domain/time.ts';
import { clients, restoringEnvironment, sampleApplication } from './harness.ts';
import { pool, rotation, round } from './stats.ts';

const DRAIN = Number(process.env.BENCH_DRAIN ?? 10_000);
const DRAIN_ROUNDS = Number(process.env.BENCH_DRAIN_ROUNDS ?? 5);
/** Messages each side drains before the timed rounds, so that no side pays for warming the engines and the JIT. */
const DRAIN_WARMUP = Number(process.env.BENCH_DRAIN_WARMUP ?? 500);

/**
 * `count` SUBMITTED applications as a submission leaves them (the application, and its entry on its
 * document's list), and their intake messages; `prefix` (5 characters) keeps ids and documents apart.
 */
async function seedSubmitted(dynamo: DynamoDBDocumentClient, sqs: SQSClient, table: string, queueUrl: string, prefix: string, count: number) {
  const { travel } = sampleApplication();
  const window = { from: travel.entryDate, to: travel.exitDate };
  const submittedAt = toShanghaiIso(Date.now());
  const ids = Array.from({ length: count }, (_, index) => `${prefix}${String(index).padStart(17, '0')}`);
  const items = ids.flatMap((id, index) => {
    const documentNumber = `${prefix.toUpperCase()}X${index}`;
    return [
      {
        ...applicationKey(id), id, kind: 'border-tourism', port: 'MOHAN', lane: 'standard', status: 'SUBMITTED',
        submittedAt, reviewDeadline: toShanghaiIso(Date.now() + 86_400_000),
        application: sampleApplication(documentNumber),
        accessTokenHash: 'x', flags: [], history: [], version: 1, ...intakeAttributes({ id, submittedAt }),
      },
      { ...documentListKey('MOHAN', documentNumber), ...documentListAttributes(id, window) },
    ];
  });
  const chunks: (typeof items)[] = [];
  for (let start = 0; start < items.length; start += 25) chunks.push(items.slice(start, start + 25));
  await pool(chunks.length, 8, async (chunkIndex) => {
    await dynamo.send(new BatchWriteCommand({ RequestItems: { [table]: chunks[chunkIndex]!.map((Item) => ({ PutRequest: { Item } })) } }));
  });
  const batches: string[][] = [];
  for (let start = 0; start < ids.length; start += 10) batches.push(ids.slice(start, start + 10));
  await pool(batches.length, 8, async (batchIndex) => {
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: batches[batchIndex]!.map((applicationId, index) => ({ Id: String(index), MessageBody: JSON.stringify({ applicationId }) })) }));
  });
}

type Drainer = (dynamo: DynamoDBDocumentClient, table: string, messages: Message[]) => Promise<unknown>;

/** One consumer loop like the poller's: receive 10, `work` on them, delete the batch, until the queue is empty. */
async function drainWith(work: Drainer, dynamo: DynamoDBDocumentClient, sqs: SQSClient, table: string, queueUrl: string) {
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (Messages.length === 0) return;
    await work(dynamo, table, Messages);
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle! })) }));
  }
}

const idOf = (message: Message) => JSON.parse(message.Body!).applicationId as string;

/** The floor: the least work per message that still moves it on: one conditional UpdateItem each. */
const floorWork: Drainer = (dynamo, table, messages) =>
  Promise.all(
    messages.map((message) =>
      dynamo
        .send(new UpdateCommand({
          TableName: table,
          Key: applicationKey(idOf(message)),
          UpdateExpression: `SET #status = :to REMOVE ${intakeIndex.partitionKey}, ${intakeIndex.sortKey}`,
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':from': 'SUBMITTED', ':to': 'PENDING_REVIEW' },
        }))
        .catch(() => undefined),
    ),
  );

/**
 * The required work: what no correct screening can leave out, with raw SDK calls and nothing else. The
 * batch's applications and their document lists read consistently (the duplicate check needs the lists),
 * then one conditional UpdateItem each that also puts the application in the review queue (its three queue
 * index keys), so that a clerk can find it. No flags, history, watch list, rules, logging or metrics.
 */
const requiredWork: Drainer = async (dynamo, table, messages) => {
  const read = async (keys: Record<string, string>[]) =>
    keys.length === 0 ? [] : ((await dynamo.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }))).Responses?.[table] ?? []);
  const applications = await read(messages.map((message) => applicationKey(idOf(message))));
  await read(applications.map((item) => documentListKey(item.port, item.application.applicant.documentNumber)));
  await Promise.all(
    applications.map((item) => {
      const queue = Object.entries(queueAttributes({ id: item.id, port: item.port, kind: item.kind, lane: item.lane, reviewDeadline: item.reviewDeadline }));
      return dynamo
        .send(new UpdateCommand({
          TableName: table,
          Key: applicationKey(item.id),
          UpdateExpression: `SET #status = :to, ${queue.map((_, index) => `#queue${index} = :queue${index}`).join(', ')} REMOVE ${intakeIndex.partitionKey}, ${intakeIndex.sortKey}`,
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: { '#status': 'status', ...Object.fromEntries(queue.map(([name], index) => [`#queue${index}`, name])) },
          ExpressionAttributeValues: { ':from': 'SUBMITTED', ':to': 'PENDING_REVIEW', ...Object.fromEntries(queue.map(([, value], index) => [`:queue${index}`, value])) },
        }))
        .catch(() => undefined);
    }),
  );
};

/**
 * Service, floor and required work drain in rotating rounds (each first in turn), so that drift over the
 * run (the table growing, garbage collection, a neighbour on the machine) falls on all alike. The stack
 * runs in this process; the benchmarks after this one start theirs in child processes.
 */
export const benchDrain = () => restoringEnvironment(drainRounds);

async function drainRounds() {
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
      floor: () => drainWith(floorWork, dynamo, sqs, table, queueUrl),
      required: () => drainWith(requiredWork, dynamo, sqs, table, queueUrl),
    };
    type Side = keyof typeof drainers;
    /** Seeds `count` applications for one side (ids and documents apart by `prefix`) and times its drain. */
    const drainSide = async (side: Side, prefix: string, count: number) => {
      await seedSubmitted(dynamo, sqs, table, queueUrl, prefix, count);
      const started = performance.now();
      await drainers[side]();
      const taken = (performance.now() - started) / 1000;
      // Outside the timing: the poller's last receive is let finish its wait, so no message is held back.
      if (side === 'service') await stack.stopPolling();
      return taken;
    };
    for (const side of Object.keys(drainers) as Side[]) if (DRAIN_WARMUP > 0) await drainSide(side, `w${side[0]}000`, DRAIN_WARMUP);
    const seconds = { service: 0, floor: 0, required: 0 };
    const rounds: { service: number; floor: number; required: number; ratio: number }[] = [];
    for (let index = 0; index < DRAIN_ROUNDS; index++) {
      const taken = { service: 0, floor: 0, required: 0 };
      for (const side of rotation(['service', 'floor', 'required'] as const, index)) {
        taken[side] = await drainSide(side, `${side[0]}${String(index).padStart(4, '0')}`, perRound);
        seconds[side] += taken[side];
      }
      rounds.push({ service: round(taken.service, 2), floor: round(taken.floor, 2), required: round(taken.required, 2), ratio: round(taken.service / taken.floor, 2) });
    }
    const applications = perRound * DRAIN_ROUNDS;
    return {
      applications,
      rounds,
      service: { seconds: round(seconds.service), perSecond: round(applications / seconds.service) },
      floor: { seconds: round(seconds.floor), perSecond: round(applications / seconds.floor) },
      required: { seconds: round(seconds.required), perSecond: round(applications / seconds.required) },
      ratio: round(seconds.service / seconds.floor, 2),
      /** What the required work alone costs beside the floor, and the service beside the required work. */
      requiredRatio: round(seconds.required / seconds.floor, 2),
      serviceOverRequired: round(seconds.service / seconds.required, 2),
    };
  } finally {
    await stack.stop();
  }
}

