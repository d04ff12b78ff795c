/**
 * The applicant's messages end to end on the local stack: a full journey sends exactly one message per
 * event and channel, in the applicant's language (the four of them, and a freight firm's own contact
 * block), with the status page link and never the access token, an internal note or a watch-list hint;
 * a message whose enqueue failed is delivered by the repair job, once; submitting makes no extra request.
 */
import { SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadIssuerKeys, mintToken } from '../../infra/local/local-issuer.ts';
import type { RecordedMessage } from '../../infra/local/local-messaging.ts';
import { parseWatchList } from '../../shared/domain/watch-list.ts';
import { cargoApplication, person, tourismApplication } from '../fixtures/applications.ts';
import { startTestStack, type TestStack } from './helpers.ts';

let stack: TestStack;
const clerk = `Bearer ${mintToken(loadIssuerKeys(), { clerkId: 'notify-clerk', ports: ['MOHAN', 'DALUO', 'JINGHONG', 'GUANLEI'], role: 'clerk' })}`;
const supervisor = `Bearer ${mintToken(loadIssuerKeys(), { clerkId: 'notify-supervisor', ports: ['MOHAN'], role: 'supervisor' })}`;

beforeAll(async () => {
  stack = await startTestStack({ throttle: false });
});
afterEach(() => vi.restoreAllMocks());
afterAll(async () => stack?.stop());

async function submit(body: unknown): Promise<{ id: string; accessToken: string; reviewDeadline: string }> {
  const response = await stack.request('POST', '/api/applications', { body });
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  return response.body;
}

/** Screening, then delivery: what the pollers do on their own, waited for. */
async function settle() {
  await stack.drainQueue();
  await stack.drainNotifications();
}

async function decide(id: string, decision: Record<string, unknown>) {
  expect((await stack.request('POST', `/api/review/applications/${id}/claim`, { headers: { authorization: clerk } })).status).toBe(200);
  const response = await stack.request('POST', `/api/review/applications/${id}/decision`, { headers: { authorization: clerk }, body: decision });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}

const messagesOf = (id: string) => stack.outbox().filter((message) => message.applicationId === id);
const tally = (messages: RecordedMessage[]) => messages.map((message) => `${message.event}/${message.channel}`).sort();

describe('a full journey', () => {
  it('sends one message per event and channel, in English, with the deadline, the link and no secret', async () => {
    const body = { ...tourismApplication(), contact: { phone: '+8613800000123', email: 'journey@example.com', language: 'en' } };
    const app = await submit(body);
    await settle();
    const received = messagesOf(app.id);
    expect(tally(received)).toEqual(['received/email', 'received/sms']);
    const email = received.find((message) => message.channel === 'email')!;
    expect(email).toMatchObject({ to: 'journey@example.com', language: 'en', event: 'received', applicationId: app.id });
    expect(email.subject).toContain('received, being checked');
    expect(email.body).toContain(`Your application ${app.id} is now: received, being checked.`);
    expect(email.body).toContain(`A decision is due by ${app.reviewDeadline.slice(0, 10)} ${app.reviewDeadline.slice(11, 16)} (UTC+8).`);
    expect(email.body).toContain(`Status page: ${stack.url}/status/${app.id}`);
    expect(received.find((message) => message.channel === 'sms')).toMatchObject({ to: '+8613800000123', language: 'en' });

    await decide(app.id, { outcome: 'request-info', reasonCode: 'incomplete-document', note: 'Please send a clear scan of the passport.' });
    await settle();
    const answered = await stack.request('POST', `/api/applications/${app.id}/info`, {
      headers: { authorization: `Bearer ${app.accessToken}` },
      body: { message: 'Scan attached.' },
    });
    expect(answered.status).toBe(202);
    await settle();
    await decide(app.id, { outcome: 'approve', note: 'Checked with the duty officer by phone.' });
    await settle();

    const all = messagesOf(app.id);
    expect(tally(all)).toEqual(['approved/email', 'approved/sms', 'info-requested/email', 'info-requested/sms', 'received/email', 'received/sms']);
    const infoEmail = all.find((message) => message.event === 'info-requested' && message.channel === 'email')!;
    expect(infoEmail.body).toContain('Please send a clear scan of the passport.');
    expect(infoEmail.body).toMatch(/The review clock is stopped with \d+ h \d+ min left/);
    const approvedEmail = all.find((message) => message.event === 'approved' && message.channel === 'email')!;
    const status = await stack.applicantView(app.id, app.accessToken);
    expect(approvedEmail.body).toContain(`Permit ${status.body.permit.number} is valid from ${status.body.permit.validFrom}`);
    for (const message of all) {
      expect(message.body).not.toContain(app.accessToken);
      expect(message.body).not.toContain('duty officer');
      expect(message.body).not.toContain('incomplete-document');
    }
    expect(all.find((message) => message.channel === 'sms' && message.event === 'info-requested')!.body).not.toContain('clear scan');

    // The applicant's view and the clerk's detail never show the delivery state.
    expect(status.body.outbox).toBeUndefined();
    const detail = await stack.request('GET', `/api/review/applications/${app.id}`, { headers: { authorization: clerk } });
    expect(detail.body.outbox).toBeUndefined();
    expect(detail.body.outboxPending).toBeUndefined();
  });

  it('tells of a revocation, and of nothing twice when the queue delivers a message again', async () => {
    const app = await submit(tourismApplication());
    await settle();
    await decide(app.id, { outcome: 'approve' });
    const revoked = await stack.request('POST', `/api/review/applications/${app.id}/revoke`, {
      headers: { authorization: supervisor },
      body: { reasonCode: 'fraud-suspected', note: 'forged stamp seen at the window' },
    });
    expect(revoked.status).toBe(200);
    await settle();
    // A redelivery, and a repair run that finds nothing waiting.
    const { sqsClient } = await import('../../shared/adapters/sqs-client.ts');
    await sqsClient.send(new SendMessageCommand({ QueueUrl: stack.env.NOTIFICATION_QUEUE_URL, MessageBody: JSON.stringify({ applicationId: app.id }) }));
    await stack.drainNotifications();
    const { repairNotifications } = await import('../../shared/use-cases/repair-notifications.ts');
    expect(await repairNotifications(() => Date.now() + 6 * 60_000)).toMatchObject({ failed: 0 });
    await stack.drainNotifications();
    const all = messagesOf(app.id);
    expect(tally(all)).toEqual(['approved/email', 'approved/sms', 'received/email', 'received/sms', 'revoked/email', 'revoked/sms']);
    expect(all.find((message) => message.event === 'revoked' && message.channel === 'email')!.body).toContain('已吊销');
    for (const message of all) expect(message.body).not.toMatch(/forged stamp|fraud/);
  });
});

describe('languages', () => {
  const statusWords = { 'zh-CN': '已受理，正在核查', en: 'received, being checked', lo: 'ໄດ້ຮັບແລ້ວ, ກຳລັງກວດສອບ', my: 'လက်ခံရရှိ၊ စစ်ဆေးနေသည်' } as const;

  it.each(Object.entries(statusWords))('writes in %s', async (language, words) => {
    const base = tourismApplication();
    // Chinese is the default: that applicant does not choose.
    const contact = language === 'zh-CN' ? base.contact : { ...base.contact, language };
    const app = await submit({ ...base, contact });
    await settle();
    const messages = messagesOf(app.id);
    expect(messages).toHaveLength(2);
    for (const message of messages) {
      expect(message.language).toBe(language);
      expect(message.body).toContain(words);
      expect(message.body).toContain(`/status/${app.id}`);
    }
  });

  it('writes to a freight firm at its own contact block, SMS to the carrier phone', async () => {
    const app = await submit({ ...cargoApplication(), contact: { email: 'dispatch@mengla-fresh.example', language: 'lo' } });
    await settle();
    const messages = messagesOf(app.id);
    expect(messages.map((message) => [message.channel, message.to, message.language]).sort()).toEqual([
      ['email', 'dispatch@mengla-fresh.example', 'lo'],
      ['sms', '+8613900000000', 'lo'],
    ]);
  });

  it('sends only SMS to an applicant who gave no email', async () => {
    const app = await submit(cargoApplication());
    await settle();
    expect(tally(messagesOf(app.id))).toEqual(['received/sms']);
  });
});

describe('the local outbox', () => {
  it('lists the recorded messages at GET /_local/outbox, filtered by recipient, as a person or a test reads them', async () => {
    const app = await submit({ ...tourismApplication(), contact: { email: 'outbox.reader@example.com', phone: '+8613811112222', language: 'en' } });
    await settle();
    const all = await stack.request('GET', '/_local/outbox');
    expect(all.status).toBe(200);
    expect(all.body.messages.filter((message: RecordedMessage) => message.applicationId === app.id)).toHaveLength(2);
    const filtered = await stack.request('GET', '/_local/outbox?to=outbox.reader%40example.com');
    expect(filtered.body).toEqual({
      messages: [
        {
          id: expect.any(String), channel: 'email', to: 'outbox.reader@example.com', language: 'en', event: 'received',
          subject: expect.stringContaining(app.id), body: expect.stringContaining(app.id), applicationId: app.id, sentAt: expect.any(String),
        },
      ],
    });
    expect((await stack.request('GET', '/_local/outbox?to=nobody%40example.com')).body).toEqual({ messages: [] });
  });
});

describe('privacy', () => {
  it('never hints at the watch list, the flags or the internal reason of a rejection', async () => {
    const { putWatchListEntries } = await import('../../shared/adapters/store/watch-list-store.ts');
    const suspect = person({ fullName: 'Watched Person', documentNumber: 'WL7770001' });
    await putWatchListEntries(parseWatchList(`kind,value,dateOfBirth,reason\ndocument,${suspect.documentNumber},,regional alert 17\n`));
    const app = await submit({ ...tourismApplication(), applicant: suspect, contact: { phone: '+8613800000777', email: 'suspect@example.com', language: 'en' } });
    await settle();
    const detail = await stack.request('GET', `/api/review/applications/${app.id}`, { headers: { authorization: clerk } });
    expect(detail.body.flags.map((flag: { code: string }) => flag.code)).toContain('watch-list-document');
    await decide(app.id, { outcome: 'reject', reasonCode: 'watch-list-match', note: 'regional alert 17 confirmed' });
    await settle();
    const messages = messagesOf(app.id);
    expect(tally(messages)).toEqual(['received/email', 'received/sms', 'rejected/email', 'rejected/sms']);
    for (const message of messages) {
      expect(`${message.subject ?? ''} ${message.body}`).not.toMatch(/watch|alert|regional|flag|WL7770001|Watched/i);
      expect(message.body).not.toContain(app.accessToken);
    }
    expect(messages.find((message) => message.event === 'rejected' && message.channel === 'email')!.body).toContain('The reason is on the status page.');
  });
});

describe('delivery is repaired', () => {
  it('delivers, once, the messages whose enqueue failed, when the repair job runs', async () => {
    const { sqsClient } = await import('../../shared/adapters/sqs-client.ts');
    const realSend = sqsClient.send.bind(sqsClient);
    let refused = 0;
    vi.spyOn(sqsClient, 'send').mockImplementation(((command: unknown) => {
      if (command instanceof SendMessageBatchCommand && command.input.QueueUrl === stack.env.NOTIFICATION_QUEUE_URL) {
        refused++;
        return Promise.reject(Object.assign(new Error('injected enqueue failure'), { name: 'ServiceUnavailable' }));
      }
      return realSend(command as never);
    }) as typeof sqsClient.send);
    const app = await submit(tourismApplication());
    await settle();
    await decide(app.id, { outcome: 'reject', reasonCode: 'capacity' });
    await settle();
    expect(refused).toBe(2);
    expect(messagesOf(app.id)).toEqual([]);
    vi.restoreAllMocks();

    const { repairNotifications } = await import('../../shared/use-cases/repair-notifications.ts');
    // Not yet: the messages have waited less than the repair job's five minutes.
    expect((await repairNotifications()).resent).toBe(0);
    expect((await repairNotifications(() => Date.now() + 6 * 60_000)).resent).toBeGreaterThanOrEqual(1);
    await stack.drainNotifications();
    await repairNotifications(() => Date.now() + 6 * 60_000);
    await stack.drainNotifications();
    expect(tally(messagesOf(app.id))).toEqual(['received/email', 'received/sms', 'rejected/email', 'rejected/sms']);
  });
});

describe('submission cost', () => {
  it('stays one PutItem, one SendMessage and the document lists\' joins: the received message rides in the PutItem', async () => {
    await stack.stopPolling();
    try {
      const { documentClient } = await import('../../shared/adapters/dynamodb-client.ts');
      const { sqsClient } = await import('../../shared/adapters/sqs-client.ts');
      const tableCalls: string[] = [];
      const queueCalls: string[] = [];
      const realDynamo = documentClient.send.bind(documentClient);
      const realSqs = sqsClient.send.bind(sqsClient);
      vi.spyOn(documentClient, 'send').mockImplementation(((command: object) => {
        tableCalls.push(command.constructor.name);
        return realDynamo(command as never);
      }) as typeof documentClient.send);
      vi.spyOn(sqsClient, 'send').mockImplementation(((command: object) => {
        queueCalls.push(command.constructor.name);
        return realSqs(command as never);
      }) as typeof sqsClient.send);
      const app = await submit(tourismApplication({ members: 1 }));
      // One UpdateItem per document named (the duplicate check's lists), beside the PutItem.
      expect(tableCalls.sort()).toEqual([PutCommand.name, UpdateCommand.name, UpdateCommand.name]);
      expect(queueCalls).toEqual([SendMessageCommand.name]);
      vi.restoreAllMocks();
      const { getApplication } = await import('../../shared/adapters/store/application-store.ts');
      const stored = await getApplication(app.id);
      expect(Object.values(stored!.outbox!).map((entry) => `${entry.event}/${entry.channel}`).sort()).toEqual(['received/email', 'received/sms']);
      expect(stored!.outboxPending).toBe(2);
    } finally {
      stack.startPolling();
    }
  });
});
