/**
 * Intake against the local stack: the ports, submission to the review queue, bad input writing nothing,
 * `Idempotency-Key` retries and races, and nothing accepted being lost (queue send failures, poison
 * messages). Screening's flags and batches are in screening.integration.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { cargoApplication, tourismApplication } from '../fixtures/applications.ts';
import { failQueueSends, startTestStack, type TestStack } from './helpers.ts';

let stack: TestStack;
let store: typeof import('../../shared/adapters/store/application-store.ts');

beforeAll(async () => {
  stack = await startTestStack({ sampleData: true });
  store = await import('../../shared/adapters/store/application-store.ts');
});
afterAll(async () => stack?.stop());

const HOUR = 60 * 60 * 1000;

describe('ports', () => {
  it('lists the four ports with calendars and vehicle types', async () => {
    const { status: code, body } = await stack.request('GET', '/api/ports');
    expect(code).toBe(200);
    expect(body.ports.map((port: { code: string }) => port.code)).toEqual(['MOHAN', 'DALUO', 'JINGHONG', 'GUANLEI']);
    expect(body.ports[2]).toMatchObject({ calendar: 'mon-sat', vehicleTypes: ['vessel'] });
  });
});

describe('submission to review queue', () => {
  it.each([
    { name: 'tourism group', body: tourismApplication({ members: 3 }), lane: 'standard', clock: 24 * HOUR },
    { name: 'medical', body: tourismApplication({ medical: true, port: 'DALUO' }), lane: 'medical', clock: 2 * HOUR },
    { name: 'perishable cargo', body: cargoApplication({ perishable: true }), lane: 'perishable', clock: 4 * HOUR },
  ])('accepts a $name application and screens it into PENDING_REVIEW', async ({ body, lane, clock }) => {
    const accepted = await stack.submit(body);
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ status: 'SUBMITTED', lane, statusUrl: `/status/${accepted.body.id}` });
    expect(Buffer.from(accepted.body.id, 'base64url').length).toBeGreaterThanOrEqual(12);
    expect(accepted.body.submittedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    // MOHAN and DALUO are open every day, so the deadline is the lane's clock after submission.
    expect(Date.parse(accepted.body.reviewDeadline) - Date.parse(accepted.body.submittedAt)).toBe(clock);

    await stack.drainQueue();
    const view = await stack.applicantView(accepted.body.id, accepted.body.accessToken);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ id: accepted.body.id, kind: body.kind, port: body.port, status: 'PENDING_REVIEW', lane });
    // The applicant sees what they submitted, and nothing the service keeps about it.
    expect(view.body.application).toEqual(body);
    expect(view.body).not.toHaveProperty('history');
    expect(view.body).not.toHaveProperty('outbox');
    expect(view.body).not.toHaveProperty('accessTokenHash');

    const stored = await store.getApplication(accepted.body.id);
    expect(stored!.accessTokenHash).not.toBe(accepted.body.accessToken);
    expect(JSON.stringify(stored)).not.toContain(accepted.body.accessToken);
    expect(stored!.history.map((entry) => entry.action)).toEqual(['submit', 'screen']);
  });

  it('answers an unknown id and a wrong token with the same 404', async () => {
    const accepted = await stack.submit(tourismApplication());
    const wrongToken = await stack.applicantView(accepted.body.id, 'x'.repeat(43));
    const unknownId = await stack.applicantView('A'.repeat(22), accepted.body.accessToken);
    const noToken = await stack.request('GET', `/api/applications/${accepted.body.id}`);
    for (const response of [wrongToken, unknownId, noToken]) {
      expect(response.status).toBe(404);
      expect(response.body).toEqual(wrongToken.body);
    }
    expect(wrongToken.body.error).toBe('NotFound');
  });
});

type RequestInit = { body?: unknown; rawBody?: string; headers?: Record<string, string> };

describe('bad input writes nothing', () => {
  it.each<{ name: string; init: RequestInit; code: number; error: string }>([
    { name: 'non-JSON media type', init: { rawBody: 'kind=border-tourism', headers: { 'content-type': 'text/plain' } }, code: 415, error: 'UnsupportedMediaType' },
    { name: 'missing media type', init: { rawBody: '{}' }, code: 415, error: 'UnsupportedMediaType' },
    { name: 'body over 64 KiB', init: { rawBody: JSON.stringify({ ...tourismApplication(), pad: 'x'.repeat(70_000) }), headers: { 'content-type': 'application/json' } }, code: 413, error: 'PayloadTooLarge' },
    { name: 'malformed JSON', init: { rawBody: '{"kind": ', headers: { 'content-type': 'application/json' } }, code: 400, error: 'ValidationError' },
    { name: 'invalid fields', init: { body: { ...tourismApplication(), port: 'NOWHERE' } }, code: 400, error: 'ValidationError' },
    { name: 'a truck at a river port', init: { body: cargoApplication({ port: 'GUANLEI', vehicle: 'truck' }) }, code: 400, error: 'ValidationError' },
    { name: 'a bad Idempotency-Key', init: { body: tourismApplication(), headers: { 'idempotency-key': 'has spaces in it' } }, code: 400, error: 'ValidationError' },
  ])('$name answers $code', async ({ init, code, error }) => {
    await stack.drainQueue();
    const before = await stack.countItems();
    const response = await stack.request('POST', '/api/applications', init);
    expect(response.status).toBe(code);
    expect(response.body).toMatchObject({ error, message: expect.any(String) });
    if (code === 400) expect(response.body.issues.length).toBeGreaterThan(0);
    expect(await stack.countItems()).toBe(before);
  });

  it('puts each offending field in its own issue', async () => {
    const body = tourismApplication({ members: 4 });
    body.members![3]!.dateOfBirth = 'yesterday';
    const response = await stack.submit({ ...body, port: 'NOWHERE' });
    expect(response.body.issues.map((issue: { path: string }) => issue.path).sort()).toEqual(['members.3.dateOfBirth', 'port']);
  });
});

describe('Idempotency-Key', () => {
  it('returns the first response to a retry and creates nothing new', async () => {
    const body = tourismApplication();
    const headers = { 'idempotency-key': `retry-${Date.now()}` };
    const first = await stack.submit(body, headers);
    await stack.drainQueue();
    const before = await stack.countItems();
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const second = await stack.submit(reordered, headers);
    await stack.drainQueue();
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body).toEqual(first.body);
    expect(await stack.countItems()).toBe(before);
  });

  it('gives concurrent retries one application', async () => {
    const body = cargoApplication();
    const headers = { 'idempotency-key': `burst-${Date.now()}` };
    const responses = await Promise.all(Array.from({ length: 10 }, () => stack.submit(body, headers)));
    expect(new Set(responses.map((response) => response.status))).toEqual(new Set([202]));
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
    expect(new Set(responses.map((response) => response.body.accessToken)).size).toBe(1);
  });

  it('refuses the same key with a different body', async () => {
    const headers = { 'idempotency-key': `conflict-${Date.now()}` };
    await stack.submit(tourismApplication(), headers);
    await stack.drainQueue();
    const before = await stack.countItems();
    const response = await stack.submit(tourismApplication(), headers);
    await stack.drainQueue();
    expect(response.status).toBe(409);
    expect(response.body.error).toBe('Conflict');
    expect(await stack.countItems()).toBe(before);
  });
});


describe('nothing accepted is lost', () => {
  it('re-enqueues an application whose queue send failed', async () => {
    const spy = await failQueueSends();
    const accepted = await stack.submit(tourismApplication());
    spy.mockRestore();
    expect(accepted.status).toBe(202);
    await stack.drainQueue();
    expect((await store.getApplication(accepted.body.id))!.status).toBe('SUBMITTED');

    const { repairIntake } = await import('../../shared/use-cases/repair-intake.ts');
    // Too fresh to repair: a slow message is not resent at once.
    expect((await repairIntake()).resent).toBe(0);
    const sixMinutesLater = () => Date.now() + 6 * 60 * 1000;
    expect((await repairIntake(sixMinutesLater)).resent).toBeGreaterThanOrEqual(1);
    await stack.drainQueue();
    expect((await store.getApplication(accepted.body.id))!.status).toBe('PENDING_REVIEW');
  });

  it('moves a poison message to the DLQ after 5 receives without holding up good ones', async () => {
    const { sqsClient } = await import('../../shared/adapters/sqs-client.ts');
    await sqsClient.send(new SendMessageCommand({ QueueUrl: stack.env.INTAKE_QUEUE_URL, MessageBody: '{"applicationId": 42}' }));
    const good = await stack.submit(tourismApplication());
    const deadline = Date.now() + 20_000;
    let inDlq = 0;
    while (Date.now() < deadline && inDlq === 0) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const attributes = await sqsClient.send(
        new GetQueueAttributesCommand({ QueueUrl: stack.env.DLQ_URL, AttributeNames: ['ApproximateNumberOfMessages'] }),
      );
      inDlq = Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0);
    }
    expect(inDlq).toBe(1);
    expect((await store.getApplication(good.body.id))!.status).toBe('PENDING_REVIEW');
  });
});
