/**
 * Withdrawal: from SUBMITTED, PENDING_REVIEW and INFO_REQUESTED the applicant's token makes it WITHDRAWN in
 * one write (out of the queue, claim ended, history, the withdrawn message); after a decision it is 409;
 * a wrong id or token is the status route's 404; a withdrawn application no longer counts as a duplicate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIssuerKeys, mintToken } from '../../infra/local/local-issuer.ts';
import { person, tourismApplication } from '../fixtures/applications.ts';
import { startTestStack, type TestStack } from './helpers.ts';

let stack: TestStack;
const clerk = { authorization: `Bearer ${mintToken(loadIssuerKeys(), { clerkId: 'withdraw-clerk', ports: ['MOHAN'], role: 'clerk' })}` };

beforeAll(async () => {
  stack = await startTestStack({ throttle: false });
});
afterAll(async () => stack?.stop());

interface Receipt {
  id: string;
  accessToken: string;
}

async function submit(body: unknown = tourismApplication()): Promise<Receipt> {
  const response = await stack.request('POST', '/api/applications', { body });
  expect(response.status).toBe(202);
  return response.body;
}

const bearer = (receipt: Receipt) => ({ authorization: `Bearer ${receipt.accessToken}` });
const withdraw = (receipt: Receipt, headers = bearer(receipt)) => stack.request('POST', `/api/applications/${receipt.id}/withdraw`, { headers });
const status = (receipt: Receipt) => stack.request('GET', `/api/applications/${receipt.id}`, { headers: bearer(receipt) });
const detail = async (receipt: Receipt) => (await stack.request('GET', `/api/review/applications/${receipt.id}`, { headers: clerk })).body;
const queueIds = async () =>
  ((await stack.request('GET', '/api/review/applications?port=MOHAN&limit=100', { headers: clerk })).body.items as { id: string }[]).map((item) => item.id);

async function decide(receipt: Receipt, decision: Record<string, unknown>) {
  expect((await stack.request('POST', `/api/review/applications/${receipt.id}/claim`, { headers: clerk })).status).toBe(200);
  return stack.request('POST', `/api/review/applications/${receipt.id}/decision`, { headers: clerk, body: decision });
}

function expectWithdrawnFrom(record: { status: string; history: { action: string; actor: string; from?: string; to?: string }[] }, from: string) {
  expect(record.status).toBe('WITHDRAWN');
  expect(record.history.filter((entry) => entry.action === 'withdraw')).toEqual([expect.objectContaining({ actor: 'applicant', from, to: 'WITHDRAWN' })]);
}

describe('withdrawing', () => {
  it('takes back a SUBMITTED application before screening, which then leaves it alone', async () => {
    await stack.stopPolling();
    const receipt = await submit();
    const response = await withdraw(receipt);
    stack.startPolling();
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'WITHDRAWN' });
    await stack.drainQueue();
    await stack.drainNotifications();
    expectWithdrawnFrom(await detail(receipt), 'SUBMITTED');
    expect(await queueIds()).not.toContain(receipt.id);
    const messages = stack.outbox().filter((message) => message.applicationId === receipt.id);
    expect(messages.map((message) => `${message.event}/${message.channel}`).sort()).toEqual(['received/email', 'received/sms', 'withdrawn/email', 'withdrawn/sms']);
  });

  it('takes a PENDING_REVIEW application out of the queue and ends the clerk claim on it', async () => {
    const receipt = await submit();
    await stack.drainQueue();
    expect(await queueIds()).toContain(receipt.id);
    expect((await stack.request('POST', `/api/review/applications/${receipt.id}/claim`, { headers: clerk })).status).toBe(200);
    expect((await detail(receipt)).claim).toBeDefined();

    expect((await withdraw(receipt)).status).toBe(200);
    const record = await detail(receipt);
    expectWithdrawnFrom(record, 'PENDING_REVIEW');
    expect(record.claim).toBeUndefined();
    expect(await queueIds()).not.toContain(receipt.id);
    const late = await stack.request('POST', `/api/review/applications/${receipt.id}/decision`, { headers: clerk, body: { outcome: 'approve' } });
    expect(late.status).toBe(409);
    expect((await status(receipt)).body.status).toBe('WITHDRAWN');
  });

  it('takes back an application waiting for information; the answer then comes too late', async () => {
    const receipt = await submit();
    await stack.drainQueue();
    expect((await decide(receipt, { outcome: 'request-info', reasonCode: 'incomplete-document', note: 'Send the visa page.' })).status).toBe(200);
    expect((await withdraw(receipt)).status).toBe(200);
    expectWithdrawnFrom(await detail(receipt), 'INFO_REQUESTED');
    const answer = await stack.request('POST', `/api/applications/${receipt.id}/info`, { headers: bearer(receipt), body: { message: 'here' } });
    expect(answer.status).toBe(409);
  });

  it('answers a repeated withdrawal with the same status, and writes and sends nothing more', async () => {
    const receipt = await submit();
    await stack.drainQueue();
    expect((await withdraw(receipt)).status).toBe(200);
    const again = await withdraw(receipt);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ status: 'WITHDRAWN' });
    await stack.drainNotifications();
    expectWithdrawnFrom(await detail(receipt), 'PENDING_REVIEW');
    expect(stack.outbox().filter((message) => message.applicationId === receipt.id && message.event === 'withdrawn')).toHaveLength(2);
  });
});

describe('refusals', () => {
  it.each([
    ['approved', { outcome: 'approve' }, 'APPROVED'],
    ['rejected', { outcome: 'reject', reasonCode: 'capacity' }, 'REJECTED'],
  ])('answers 409 once the application is %s, and changes nothing', async (_, decision, decided) => {
    const receipt = await submit();
    await stack.drainQueue();
    expect((await decide(receipt, decision)).status).toBe(200);
    const response = await withdraw(receipt);
    expect(response.status).toBe(409);
    expect(response.body.error).toBe('Conflict');
    expect((await status(receipt)).body.status).toBe(decided);
  });

  it('answers a wrong token, a missing token and an unknown id with the status route 404', async () => {
    const receipt = await submit();
    const other = await submit();
    const statusNotFound = await stack.request('GET', `/api/applications/${receipt.id}`, { headers: bearer(other) });
    expect(statusNotFound.status).toBe(404);
    for (const response of [
      await withdraw(receipt, bearer(other)),
      await withdraw(receipt, {} as { authorization: string }),
      await withdraw({ id: 'A'.repeat(22), accessToken: receipt.accessToken }),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body).toEqual(statusNotFound.body);
    }
    expect((await status(receipt)).body.status).not.toBe('WITHDRAWN');
  });
});

describe('the duplicate check', () => {
  const flagsOf = async (receipt: Receipt) => ((await detail(receipt)).flags as { code: string }[]).map((flag) => flag.code);

  it('no longer counts a withdrawn application as open, and still counts an open one', async () => {
    const traveller = person();
    const first = await submit({ ...tourismApplication(), applicant: traveller });
    await stack.drainQueue();
    const whileOpen = await submit({ ...tourismApplication(), applicant: traveller });
    await stack.drainQueue();
    expect(await flagsOf(whileOpen)).toContain('duplicate-application');

    expect((await withdraw(first)).status).toBe(200);
    expect((await withdraw(whileOpen)).status).toBe(200);
    const afterwards = await submit({ ...tourismApplication(), applicant: traveller });
    await stack.drainQueue();
    expect(await flagsOf(afterwards)).not.toContain('duplicate-application');
  });
});
