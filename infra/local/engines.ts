/**
 * The local engines: dynalite (DynamoDB API) and fauxqs (SQS API) in process, or endpoints given in the
 * environment. The table and queues are created from shared/deployment/table.ts, the definitions the stacks use.
 */
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import dynalite from 'dynalite';
import { startFauxqs } from 'fauxqs';
import { intakeQueueSettings, notificationQueueSettings, tableIndexes, tableKeys } from '../../shared/deployment/table.ts';
import { localCredentials, localRegion } from './local-target.ts';

export const localTableName = 'permit-fast-track';
export const localQueueName = 'permit-intake';
export const localDeadLetterQueueName = 'permit-intake-dlq';
export const localNotificationQueueName = 'permit-notifications';
export const localNotificationDeadLetterQueueName = 'permit-notifications-dlq';

export interface EngineOptions {
  dataDir?: string;
  visibilityTimeoutSeconds?: number;
  /** Endpoints to use instead of starting the in-process engines. */
  dynamoDbEndpoint?: string;
  sqsEndpoint?: string;
  /** The table to create if missing; `permit-fast-track` by default. */
  tableName?: string;
  /** Delete the table on stop: for a table of its own on an engine that others share. */
  dropTableOnStop?: boolean;
}

export interface Engines {
  dynamoDbEndpoint: string;
  sqsEndpoint: string;
  /** What serves each API, for people reading the start-up lines. */
  engineNames: { dynamoDb: string; sqs: string };
  tableName: string;
  queueUrl: string;
  queueArn: string;
  deadLetterQueueUrl: string;
  notificationQueueUrl: string;
  notificationQueueArn: string;
  notificationDeadLetterQueueUrl: string;
  stop(): Promise<void>;
}

async function startDynalite(dataDir: string | undefined): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  if (dataDir) mkdirSync(join(dataDir, 'dynamodb'), { recursive: true });
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(dataDir ? { path: join(dataDir, 'dynamodb') } : {}) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    // dynalite cannot add an index to a table; a kept data folder from before an index existed must be renewed.
    const present = new Set(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName));
    const missing = tableIndexes.filter((index) => !present.has(index.indexName)).map((index) => index.indexName);
    if (missing.length > 0) throw new Error(`The kept local table lacks the index(es) ${missing.join(', ')}: start with a new --data folder.`);
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const attributes = new Set<string>([tableKeys.partitionKey, tableKeys.sortKey]);
  for (const index of tableIndexes) attributes.add(index.partitionKey).add(index.sortKey);
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: tableKeys.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableKeys.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: tableIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection:
          index.projection.type === 'INCLUDE'
            ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection.nonKeyAttributes] }
            : { ProjectionType: index.projection.type },
      })),
    }),
  );
}

/** A queue and its DLQ, redriven after the settings' receive count. */
async function ensureQueuePair(
  client: SQSClient,
  names: { queue: string; deadLetter: string },
  settings: { retentionDays: number; maxReceiveCount: number },
  visibilityTimeoutSeconds: number,
) {
  const retention = String(settings.retentionDays * 24 * 60 * 60);
  const { QueueUrl: deadLetterQueueUrl } = await client.send(
    new CreateQueueCommand({ QueueName: names.deadLetter, Attributes: { MessageRetentionPeriod: retention } }),
  );
  const { Attributes: deadLetterAttributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: deadLetterQueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const { QueueUrl: queueUrl } = await client.send(
    new CreateQueueCommand({
      QueueName: names.queue,
      Attributes: {
        VisibilityTimeout: String(visibilityTimeoutSeconds),
        MessageRetentionPeriod: retention,
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: deadLetterAttributes!.QueueArn,
          maxReceiveCount: settings.maxReceiveCount,
        }),
      },
    }),
  );
  const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  return { queueUrl: queueUrl!, queueArn: Attributes!.QueueArn!, deadLetterQueueUrl: deadLetterQueueUrl! };
}

async function ensureQueues(client: SQSClient, visibilityTimeoutSeconds?: number) {
  const intake = await ensureQueuePair(
    client,
    { queue: localQueueName, deadLetter: localDeadLetterQueueName },
    intakeQueueSettings,
    visibilityTimeoutSeconds ?? intakeQueueSettings.visibilityTimeoutSeconds,
  );
  const notifications = await ensureQueuePair(
    client,
    { queue: localNotificationQueueName, deadLetter: localNotificationDeadLetterQueueName },
    notificationQueueSettings,
    visibilityTimeoutSeconds ?? notificationQueueSettings.visibilityTimeoutSeconds,
  );
  return {
    ...intake,
    notificationQueueUrl: notifications.queueUrl,
    notificationQueueArn: notifications.queueArn,
    notificationDeadLetterQueueUrl: notifications.deadLetterQueueUrl,
  };
}

export async function startEngines(options: EngineOptions = {}): Promise<Engines> {
  const stops: (() => Promise<void>)[] = [];
  let dynamoDbEndpoint = options.dynamoDbEndpoint;
  if (!dynamoDbEndpoint) {
    const started = await startDynalite(options.dataDir);
    dynamoDbEndpoint = started.endpoint;
    stops.push(started.stop);
  }
  let sqsEndpoint = options.sqsEndpoint;
  if (!sqsEndpoint) {
    if (options.dataDir) mkdirSync(join(options.dataDir, 'sqs'), { recursive: true });
    // fauxqs 2.4 listens on every interface with no option to change it; patches/fauxqs+2.4.1.patch adds
    // `listenHost` (applied by `npm install`'s postinstall), so the queues are reachable from this machine only.
    const server = await startFauxqs({ port: 0, listenHost: '127.0.0.1', host: 'localhost', logger: false, ...(options.dataDir ? { dataDir: join(options.dataDir, 'sqs') } : {}) });
    sqsEndpoint = `http://127.0.0.1:${server.port}`;
    stops.push(() => server.stop());
  }
  const tableName = options.tableName ?? localTableName;
  const dynamoDb = new DynamoDBClient({ endpoint: dynamoDbEndpoint, region: localRegion, credentials: localCredentials });
  const sqs = new SQSClient({ endpoint: sqsEndpoint, region: localRegion, credentials: localCredentials });
  await ensureTable(dynamoDb, tableName);
  const queues = await ensureQueues(sqs, options.visibilityTimeoutSeconds);
  dynamoDb.destroy();
  sqs.destroy();
  if (options.dropTableOnStop) {
    // Runs first on stop, while the engine (if this process started it) still answers.
    stops.push(async () => {
      const client = new DynamoDBClient({ endpoint: dynamoDbEndpoint, region: localRegion, credentials: localCredentials });
      await client.send(new DeleteTableCommand({ TableName: tableName })).finally(() => client.destroy());
    });
  }
  return {
    dynamoDbEndpoint,
    sqsEndpoint,
    engineNames: {
      dynamoDb: options.dynamoDbEndpoint ? 'external endpoint' : 'dynalite, in process',
      sqs: options.sqsEndpoint ? 'external endpoint' : 'fauxqs, in process',
    },
    tableName,
    ...queues,
    async stop() {
      for (const stop of stops.reverse()) await stop();
    },
  };
}
