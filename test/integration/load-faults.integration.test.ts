/**
 * Load with faults, bounded to seconds on 2 cores: 2,000 submissions from 50 concurrent clients that
 * retry on the same Idempotency-Key, while a fifth of queue sends and a tenth of screenings fail.
 * Afterwards every accepted key has exactly one application, all reach PENDING_REVIEW, none is in the
 * DLQ, and nothing else was created. The SDK is mocked only to inject the faults.
 */
import { GetQueueAttributesCommand, SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Handler } from '../../infra/local/local-stack.ts';
import { cargoApplication, tourismApplication } from '../fixtures/applications.ts';
import { dieMidBatch, startTestStack, type TestStack } from './helpers.ts';
import { seededRandom } from '../fixtures/seeded-random.ts';

const SUBMISSIONS = 2000;
const CLIENTS = 50;

let stack: TestStack;
let killNextBatch = false;
const random = seededRandom(Number(process.env.FAULT_SEED ?? 20261124));

beforeAll(async () => {
  // Every injected failure would print an error line; the assertions below say what happened.
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  stack = await startTestStack({
    // Throttling is tested on its own; here it would only slow the clients down.
    throttle: false,
    wrapHandler: (name, handler): Handler =>
      name !== 'screen-applications'
        ? handler
        : async (event, context) => {
            if (!killNextBatch) return handler(event, context);
            killNextBatch = false;
            return dieMidBatch(handler, event, context);
          },
  });
});
afterAll(async () => {
  vi.restoreAllMocks();
  await stack?.stop();
});

async function scanApplications(): Promise<{ id: string; status: string; history: { action: string }[] }[]> {
  const { documentClient } = await import('../../shared/adapters/dynamodb-client.ts');
  const items: { id: string; status: string; history: { action: string }[] }[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new ScanCommand({ TableName: stack.env.TABLE_NAME, FilterExpression: 'begins_with(pk, :app)', ExpressionAttributeValues: { ':app': 'APP#' }, ExclusiveStartKey: startKey }),
    );
    items.push(...(page.Items as typeof items));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

async function settle() {
  const { repairIntake } = await import('../../shared/use-cases/repair-intake.ts');
  for (let round = 0; round < 10; round++) {
    await stack.drainQueue(60_000);
    const waiting = (await scanApplications()).filter((item) => item.status === 'SUBMITTED').length;
    if (waiting === 0) return;
    // What the 5-minute repair schedule would find, without waiting 5 minutes.
    await repairIntake(() => Date.now() + 6 * 60 * 1000);
  }
}

describe('load with faults', () => {
  it('keeps exactly one application per accepted key and screens every one', async () => {
    const { documentClient } = await import('../../shared/adapters/dynamodb-client.ts');
    const { sqsClient } = await import('../../shared/adapters/sqs-client.ts');
    const realDynamo = documentClient.send.bind(documentClient);
    const realSqs = sqsClient.send.bind(sqsClient);
    const injected = { sends: 0, screenings: 0, stores: 0 };
    vi.spyOn(sqsClient, 'send').mockImplementation(((command: unknown) => {
      if (command instanceof SendMessageCommand && random() < 0.2) {
        injected.sends++;
        return Promise.reject(Object.assign(new Error('injected send failure'), { name: 'ServiceUnavailable' }));
      }
      return realSqs(command as never);
    }) as typeof sqsClient.send);
    vi.spyOn(documentClient, 'send').mockImplementation(((command: unknown) => {
      const values = command instanceof UpdateCommand ? command.input.ExpressionAttributeValues : undefined;
      if (values?.[':to'] === 'PENDING_REVIEW' && values[':from0'] === 'SUBMITTED' && random() < 0.1) {
        injected.screenings++;
        return Promise.reject(Object.assign(new Error('injected screening failure'), { name: 'InternalServerError' }));
      }
      if (command instanceof PutCommand && String(command.input.Item?.pk).startsWith('APP#') && random() < 0.05) {
        injected.stores++;
        return Promise.reject(Object.assign(new Error('injected store failure'), { name: 'InternalServerError' }));
      }
      return realDynamo(command as never);
    }) as typeof documentClient.send);

    const accepted = new Map<string, string>();
    let retries = 0;
    let next = 0;
    async function client(clientIndex: number) {
      while (next < SUBMISSIONS) {
        const index = next++;
        const key = `load-${clientIndex}-${index}`;
        const body = index % 2 === 0 ? tourismApplication() : cargoApplication({ perishable: index % 3 === 0 });
        for (let attempt = 0; attempt < 8; attempt++) {
          const response = await stack.request('POST', '/api/applications', { body, headers: { 'idempotency-key': key } });
          if (response.status === 202) {
            const known = accepted.get(key);
            if (known) expect(response.body.id).toBe(known);
            accepted.set(key, response.body.id);
            // A client whose answer was lost asks again with the same key.
            if (random() < 0.1 && attempt === 0) {
              retries++;
              continue;
            }
            break;
          }
          expect(response.status).toBe(500);
          expect(response.body).toEqual({ error: 'InternalError', message: expect.any(String) });
          retries++;
        }
        expect(accepted.has(key), key).toBe(true);
      }
    }
    await Promise.all(Array.from({ length: CLIENTS }, (_, index) => client(index)));
    expect(accepted.size).toBe(SUBMISSIONS);
    expect(injected.sends).toBeGreaterThan(0);
    expect(injected.stores).toBeGreaterThan(0);
    expect(retries).toBeGreaterThan(0);

    await settle();
    expect(injected.screenings).toBeGreaterThan(0);
    vi.restoreAllMocks();

    const applications = await scanApplications();
    expect(applications).toHaveLength(SUBMISSIONS);
    expect(new Set(accepted.values()).size).toBe(SUBMISSIONS);
    const byId = new Map(applications.map((item) => [item.id, item]));
    for (const id of accepted.values()) {
      const item = byId.get(id);
      expect(item?.status, id).toBe('PENDING_REVIEW');
      expect(item!.history.filter((entry) => entry.action === 'screen')).toHaveLength(1);
    }
    const { Attributes } = await sqsClient.send(new GetQueueAttributesCommand({ QueueUrl: stack.env.DLQ_URL, AttributeNames: ['ApproximateNumberOfMessages'] }));
    expect(Number(Attributes?.ApproximateNumberOfMessages)).toBe(0);
  }, 240_000);

  it('loses nothing when a consumer is killed mid-batch', async () => {
    vi.restoreAllMocks();
    const { sqsClient } = await import('../../shared/adapters/sqs-client.ts');
    const before = new Set((await scanApplications()).map((item) => item.id));
    killNextBatch = true;
    // Ten applications sent as one batch, so one invocation carries them all.
    const { submitApplication } = await import('../../shared/use-cases/submit-application.ts');
    const realSend = sqsClient.send.bind(sqsClient);
    const held: string[] = [];
    vi.spyOn(sqsClient, 'send').mockImplementation(((command: unknown) => {
      if (command instanceof SendMessageCommand) {
        held.push(JSON.parse(command.input.MessageBody!).applicationId);
        return Promise.resolve({});
      }
      return realSend(command as never);
    }) as typeof sqsClient.send);
    for (let index = 0; index < 10; index++) await submitApplication(tourismApplication(), undefined);
    vi.restoreAllMocks();
    await sqsClient.send(
      new SendMessageBatchCommand({
        QueueUrl: stack.env.INTAKE_QUEUE_URL,
        Entries: held.map((applicationId, index) => ({ Id: String(index), MessageBody: JSON.stringify({ applicationId }) })),
      }),
    );
    await stack.drainQueue(30_000);
    expect(killNextBatch).toBe(false);
    const fresh = (await scanApplications()).filter((item) => !before.has(item.id));
    expect(fresh).toHaveLength(10);
    for (const item of fresh) {
      expect(item.status).toBe('PENDING_REVIEW');
      expect(item.history.filter((entry) => entry.action === 'screen')).toHaveLength(1);
    }
  }, 60_000);
});
