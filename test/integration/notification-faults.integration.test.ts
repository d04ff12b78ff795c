/**
 * Exactly one message per event and channel under faults: journeys through every event (received,
 * info-requested twice, approved, rejected, revoked, withdrawn) in the four languages, while a fifth of
 * email and SMS sends fail, a second delivery consumer competes with the first (as concurrent Lambda
 * instances do), the pollers are stopped and started again and again, and a delivery batch now and then
 * dies halfway. Afterwards every outbox entry is settled and each was sent once. The SDK
 * clients are mocked only to inject the send failures.
 */
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadIssuerKeys, mintToken } from '../../infra/local/local-issuer.ts';
import type { Handler } from '../../infra/local/local-stack.ts';
import { QueuePoller } from '../../infra/local/queue-poller.ts';
import { cargoApplication, tourismApplication } from '../fixtures/applications.ts';
import { dieMidBatch, startTestStack, type TestStack } from './helpers.ts';
import { seededRandom } from '../fixtures/seeded-random.ts';

const APPLICATIONS = 24;
const clerk = { authorization: `Bearer ${mintToken(loadIssuerKeys(), { clerkId: 'faults-clerk', ports: ['MOHAN'], role: 'clerk' })}` };
const supervisor = { authorization: `Bearer ${mintToken(loadIssuerKeys(), { clerkId: 'faults-supervisor', ports: ['MOHAN'], role: 'supervisor' })}` };

const random = seededRandom(Number(process.env.FAULT_SEED ?? 20261201));
const injected = { sends: 0, killedBatches: 0, restarts: 0 };
let deliveries = 0;
let stack: TestStack;

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  stack = await startTestStack({
    throttle: false,
    wrapHandler: (name, handler): Handler =>
      name !== 'deliver-notifications'
        ? handler
        : async (event, context) => {
            // Every fifth batch, the instance dies after delivering half of it, before it can answer.
            if (++deliveries % 5 !== 0) return handler(event, context);
            injected.killedBatches++;
            return dieMidBatch(handler, event, context);
          },
  });
});
afterAll(async () => {
  vi.restoreAllMocks();
  await stack?.stop();
});

type Journey = 'info-approve' | 'reject' | 'approve-revoke' | 'withdraw' | 'info-withdraw' | 'info-twice-reject';
const journeys: Journey[] = ['info-approve', 'reject', 'approve-revoke', 'withdraw', 'info-withdraw', 'info-twice-reject'];
const eventsOf: Record<Journey, string[]> = {
  'info-approve': ['received', 'info-requested', 'approved'],
  reject: ['received', 'rejected'],
  'approve-revoke': ['received', 'approved', 'revoked'],
  withdraw: ['received', 'withdrawn'],
  'info-withdraw': ['received', 'info-requested', 'withdrawn'],
  'info-twice-reject': ['received', 'info-requested', 'info-requested', 'rejected'],
};

interface Case {
  id: string;
  accessToken: string;
  journey: Journey;
  channels: string[];
  language: string;
}

async function act(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const response = await stack.request(method, path, { headers, body });
  expect(response.status, `${method} ${path}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
}

async function decide(id: string, decision: Record<string, unknown>) {
  await act('POST', `/api/review/applications/${id}/claim`, clerk);
  await act('POST', `/api/review/applications/${id}/decision`, clerk, decision);
}

async function run(item: Case) {
  const applicant = { authorization: `Bearer ${item.accessToken}` };
  const requestInfo = () => decide(item.id, { outcome: 'request-info', reasonCode: 'incomplete-document', note: 'Send the missing page.' });
  const answer = () => act('POST', `/api/applications/${item.id}/info`, applicant, { message: 'Sent.' });
  const withdraw = () => act('POST', `/api/applications/${item.id}/withdraw`, applicant);
  switch (item.journey) {
    case 'info-approve':
      return requestInfo().then(answer).then(() => decide(item.id, { outcome: 'approve' }));
    case 'reject':
      return decide(item.id, { outcome: 'reject', reasonCode: 'capacity' });
    case 'approve-revoke':
      await decide(item.id, { outcome: 'approve' });
      return act('POST', `/api/review/applications/${item.id}/revoke`, supervisor, { reasonCode: 'other' });
    case 'withdraw':
      return withdraw();
    case 'info-withdraw':
      return requestInfo().then(withdraw);
    case 'info-twice-reject':
      await requestInfo().then(answer).then(requestInfo).then(answer);
      return decide(item.id, { outcome: 'reject', reasonCode: 'incomplete-document' });
  }
}

async function allSettled(ids: string[]): Promise<boolean> {
  const { getApplications } = await import('../../shared/adapters/store/application-store.ts');
  const records = await getApplications(ids);
  return [...records.values()].every((record) => record.outboxPending === undefined && Object.values(record.outbox ?? {}).every((entry) => entry.sentAt));
}

describe('notifications under faults', () => {
  it('sends exactly one message per event and channel while sends fail, pollers restart and batches die', async () => {
    const { emailClient, smsClient } = await import('../../shared/adapters/notification-senders.ts');
    for (const client of [emailClient, smsClient] as { send: (command: unknown) => Promise<unknown> }[]) {
      const realSend = client.send.bind(client);
      vi.spyOn(client, 'send').mockImplementation((command: unknown) => {
        if (random() < 0.2) {
          injected.sends++;
          return Promise.reject(Object.assign(new Error('injected send failure'), { name: 'ServiceUnavailableException' }));
        }
        return realSend(command);
      });
    }
    // A second consumer of the notification queue, as a second Lambda instance would be.
    const { sqsClient } = await import('../../shared/adapters/sqs-client.ts');
    const { Attributes } = await sqsClient.send(new GetQueueAttributesCommand({ QueueUrl: stack.env.NOTIFICATION_QUEUE_URL, AttributeNames: ['QueueArn'] }));
    const competitor = new QueuePoller({
      client: sqsClient,
      queueUrl: stack.env.NOTIFICATION_QUEUE_URL,
      queueArn: Attributes!.QueueArn!,
      batchSize: 10,
      consume: (event) => stack.invoke('deliver-notifications', event),
    });
    competitor.start();
    // Meanwhile the pollers restart, and the repair job enqueues every application with a message waiting,
    // so that the same application's messages are often in both consumers' hands at once.
    const { repairNotifications } = await import('../../shared/use-cases/repair-notifications.ts');
    let restarting = true;
    const restarts = (async () => {
      while (restarting) {
        await new Promise((resolve) => setTimeout(resolve, 150 + random() * 200));
        await stack.stopPolling();
        injected.restarts++;
        stack.startPolling();
        await repairNotifications(() => Date.now() + 6 * 60_000);
      }
    })();

    const languages = ['zh-CN', 'en', 'lo', 'my'];
    const cases: Case[] = await Promise.all(
      Array.from({ length: APPLICATIONS }, async (_, index) => {
        const language = languages[index % 4]!;
        const email = index % 3 === 2 ? undefined : `applicant.${index}@example.com`;
        const body =
          index % 2 === 0
            ? { ...tourismApplication(), contact: { phone: `+86138000${String(index).padStart(5, '0')}`, language, ...(email ? { email } : {}) } }
            : { ...cargoApplication(), contact: { language, ...(email ? { email } : {}) } };
        const response = await stack.request('POST', '/api/applications', { body });
        expect(response.status).toBe(202);
        return { ...response.body, journey: journeys[index % journeys.length]!, channels: email ? ['email', 'sms'] : ['sms'], language };
      }),
    );
    await stack.drainQueue(60_000);
    await Promise.all(cases.map(run));
    restarting = false;
    await restarts;
    await competitor.stop({ finishReceive: true });

    const ids = cases.map((item) => item.id);
    for (let round = 0; round < 20 && !(await allSettled(ids)); round++) {
      await stack.drainNotifications(60_000);
      // What the 5-minute repair schedule would find (messages in the DLQ or still waiting), without waiting 5 minutes.
      if (!(await allSettled(ids))) await repairNotifications(() => Date.now() + 6 * 60_000);
    }
    expect(await allSettled(ids)).toBe(true);
    expect(injected.sends).toBeGreaterThan(0);
    expect(injected.restarts).toBeGreaterThan(0);
    expect(injected.killedBatches).toBeGreaterThan(0);

    const sent = stack.outbox();
    for (const item of cases) {
      const expected = eventsOf[item.journey].flatMap((event) => item.channels.map((channel) => `${event}/${channel}`)).sort();
      const mine = sent.filter((message) => message.applicationId === item.id);
      expect(mine.map((message) => `${message.event}/${message.channel}`).sort(), `${item.journey} ${item.id}`).toEqual(expected);
      expect(new Set(mine.map((message) => message.language))).toEqual(new Set([item.language]));
      for (const message of mine) expect(message.body).not.toContain(item.accessToken);
    }
    expect(sent.filter((message) => ids.includes(message.applicationId))).toHaveLength(
      cases.reduce((sum, item) => sum + eventsOf[item.journey].length * item.channels.length, 0),
    );
  }, 180_000);
});
