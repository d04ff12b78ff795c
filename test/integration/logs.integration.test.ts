import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIssuerKeys, mintToken } from '../../infra/local/local-issuer.ts';
import { person, tourismApplication } from '../fixtures/applications.ts';
import { startTestStack, type TestStack } from './helpers.ts';

let stack: TestStack;
const lines: string[] = [];
const originalWrite = process.stdout.write.bind(process.stdout);

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return originalWrite(chunk as never, ...(rest as []));
  }) as typeof process.stdout.write;
  stack = await startTestStack();
  const { loadSampleData } = await import('../../scripts/load-sample-data.ts');
  await loadSampleData();
});
afterAll(async () => {
  process.stdout.write = originalWrite;
  await stack?.stop();
});

describe('logs of a full journey', () => {
  it('carry ids and ports but never a name, a full document number or a token', async () => {
    const body = tourismApplication({ members: 1 });
    body.applicant = person({ fullName: 'Khamla Sisouphanh', dateOfBirth: '1975-09-30', documentNumber: 'PA9876543' });
    body.members![0] = person({ fullName: 'Bounmy Vongsa', documentNumber: 'PB1234567', documentExpiry: '2026-12-31' });
    // One step at a time: locally all functions share one process and one logger, so concurrent
    // invocations would mix their keys (in Lambda an instance serves one invocation at a time).
    const accepted = await stack.request('POST', '/api/applications', { body, headers: { 'idempotency-key': 'log-journey-1' } });
    await stack.drainQueue();
    await stack.request('POST', '/api/applications', { body, headers: { 'idempotency-key': 'log-journey-1' } });
    const clerkToken = mintToken(loadIssuerKeys(), { clerkId: 'log-clerk', ports: ['MOHAN'], role: 'clerk' });
    const clerk = { authorization: `Bearer ${clerkToken}` };
    const id = accepted.body.id;
    await stack.request('GET', `/api/applications/${id}`, { headers: { authorization: `Bearer ${accepted.body.accessToken}` } });
    await stack.request('GET', `/api/applications/${id}`, { headers: { authorization: 'Bearer wrong-token-0000000000000000' } });
    await stack.request('POST', `/api/review/applications/${id}/claim`, { headers: clerk });
    await stack.request('POST', `/api/review/applications/${id}/decision`, { headers: clerk, body: { outcome: 'approve' } });
    await stack.request('POST', `/api/review/applications/${id}/decision`, { headers: clerk, body: { outcome: 'approve' } });
    const view = await stack.request('GET', `/api/applications/${id}`, { headers: { authorization: `Bearer ${accepted.body.accessToken}` } });
    await stack.request('POST', '/api/permits/verify', { body: { token: view.body.permit.token } });
    await stack.runSchedule('monitor-sla');

    const json = lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
    const functionLines = json.filter((line) => line.function_name);
    expect(functionLines.map((line) => line.message)).toEqual(expect.arrayContaining(['Screened', 'Decision recorded']));
    const text = lines.join('\n');
    expect(text).not.toMatch(/PRIVATE KEY/);
    for (const secret of [
      'Khamla', 'Sisouphanh', 'Bounmy', 'Vongsa', 'PA9876543', 'PB1234567', '9876543', '1234567',
      accepted.body.accessToken, clerkToken, view.body.permit.token, 'wrong-token-0000000000000000',
    ]) {
      expect(text, secret).not.toContain(secret);
    }
    // The screening line names the flagged documents by their last 3 characters only.
    const screened = json.find((line) => line.message === 'Screened' && line.applicationId === id);
    expect(screened).toMatchObject({ port: 'MOHAN', flaggedDocuments: expect.arrayContaining(['***543']) });
    for (const line of json.filter((entry) => entry.function_name && entry.applicationId === id)) {
      expect(line.port).toBe('MOHAN');
      expect(line.function_request_id).toEqual(expect.any(String));
    }
  });
});
