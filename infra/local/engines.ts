/**
 * The local engines: dynalite (DynamoDB API) and fauxqs (SQS API) in process, or endpoints given in the
 * environment. The table and queues are created from shared/deployment/table.ts, the definitions the stacks use.
 */
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import dynalite from 'dynalite';
import { startFauxqs } from 'fauxqs';
import { intakeQueueSettings, notificationQueueSettings, tableIndexes, tableKeys } from '../../shared/deployment/table.ts';

export const localTableName = 'permit-fast-track';
export const localQueueName = 'permit-intake';
export const localDeadLetterQueueName = 'permit-intake-dlq';
export const localNotificationQueueName = 'permit-notifications';
export const localNotificationDeadLetterQueueName = 'permit-notifications-dlq';
export const localRegion = 'us-east-1';
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface EngineOptions {
  dataDir?: string;
  visibilityTimeoutSeconds?: number;
  /** Endpoints to use instead of starting the in-process engines. */
  dynamoDbEndpoint?: string;
  sqsEndpoint?: string;
}

export interface Engines {
  dynamoDbEndpoint: string;
  sqsEndpoint: string;
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
    await client.send(new DescribeTableCommand({ TableName: tableName }));
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
          index.projection.type === 'ALL'
            ? { ProjectionType: 'ALL' }
            : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection.nonKeyAttributes] },
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
    const server = await startFauxqs({ port: 0, host: 'localhost', logger: false, ...(options.dataDir ? { dataDir: join(options.dataDir, 'sqs') } : {}) });
    sqsEndpoint = `http://127.0.0.1:${server.port}`;
    stops.push(() => server.stop());
  }
  const dynamoDb = new DynamoDBClient({ endpoint: dynamoDbEndpoint, region: localRegion, credentials: localCredentials });
  const sqs = new SQSClient({ endpoint: sqsEndpoint, region: localRegion, credentials: localCredentials });
  await ensureTable(dynamoDb, localTableName);
  const queues = await ensureQueues(sqs, options.visibilityTimeoutSeconds);
  dynamoDb.destroy();
  sqs.destroy();
  return {
    dynamoDbEndpoint,
    sqsEndpoint,
    tableName: localTableName,
    ...queues,
    async stop() {
      for (const stop of stops.reverse()) await stop();
    },
  };
}
