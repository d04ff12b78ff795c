/** The screening drain: the service's queue consumer beside a floor consumer, in alternating rounds. */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { BatchWriteCommand, type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { applicationKey, documentListAttributes, documentListKey, intakeAttributes, intakeIndex } from '../shared/deployment/table.ts';
import { toShanghaiIso } from '../shared/domain/time.ts';
import { clients, restoringEnvironment, sampleApplication } from './harness.ts';
import { pool, round } from './stats.ts';

const DRAIN = Number(process.env.BENCH_DRAIN ?? 10_000);
const DRAIN_ROUNDS = Number(process.env.BENCH_DRAIN_ROUNDS ?? 5);

/**
 * `count` SUBMITTED applications as a submission leaves them (the application, and its entry on its
 * document's list), and their intake messages; `prefix` (5 characters) keeps ids and documents apart.
 */
async function seedSubmitted(dynamo: DynamoDBDocumentClient, sqs: SQSClient, table: string, queueUrl: string, prefix: string, count: number) {
  const application = sampleApplication();
  const window = { from: application.travel.entryDate, to: application.travel.exitDate };
  const submittedAt = toShanghaiIso(Date.now());
  const ids = Array.from({ length: count }, (_, index) => `${prefix}${String(index).padStart(17, '0')}`);
  const items = ids.flatMap((id, index) => {
    const documentNumber = `${prefix.toUpperCase()}X${index}`;
    return [
      {
        ...applicationKey(id), id, kind: 'border-tourism', port: 'MOHAN', lane: 'standard', status: 'SUBMITTED',
        submittedAt, reviewDeadline: toShanghaiIso(Date.now() + 86_400_000),
        application: { ...application, applicant: { ...application.applicant, documentNumber } },
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
 * the run (the table growing, garbage collection, a neighbour on the machine) falls on both alike. The
 * stack runs in this process; the benchmarks after this one start theirs in child processes.
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

