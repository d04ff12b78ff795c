import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIssuerKeys, mintToken } from '../../infra/local/local-issuer.ts';
import { HOUR_MS, MINUTE_MS } from '../../shared/domain/time.ts';
import { cargoApplication, tourismApplication } from '../fixtures/applications.ts';
import { startTestStack, type TestStack } from './helpers.ts';

let stack: TestStack;
let useCases: {
  submitApplication: typeof import('../../shared/use-cases/submit-application.ts').submitApplication;
  screenApplication: typeof import('../../shared/use-cases/screen-application.ts').screenApplication;
  monitorSla: typeof import('../../shared/use-cases/monitor-sla.ts').monitorSla;
};

beforeAll(async () => {
  stack = await startTestStack();
  useCases = {
    ...(await import('../../shared/use-cases/submit-application.ts')),
    ...(await import('../../shared/use-cases/screen-application.ts')),
    ...(await import('../../shared/use-cases/monitor-sla.ts')),
  };
});
afterAll(async () => stack?.stop());

/** Accepts and screens an application as if it had arrived `agoMs` before `nowMs`. */
async function openApplication(body: unknown, acceptedAtMs: number) {
  const receipt = await useCases.submitApplication(body, undefined, () => acceptedAtMs);
  await useCases.screenApplication(receipt.id, () => acceptedAtMs);
  return receipt;
}

describe('SLA monitor', () => {
  it('counts open, at-risk and breached applications per port and lane with an injected clock', async () => {
    const now = Date.now();
    // DALUO is open every day, so lane clocks run in plain hours.
    await openApplication(tourismApplication({ port: 'DALUO' }), now - 30 * HOUR_MS); // standard, breached 6 h ago
    await openApplication(tourismApplication({ port: 'DALUO' }), now - 20 * HOUR_MS); // standard, 4 h left of 24: at risk
    await openApplication(tourismApplication({ port: 'DALUO' }), now - 1 * HOUR_MS); // standard, fine
    await openApplication(tourismApplication({ port: 'DALUO', medical: true }), now - 100 * MINUTE_MS); // medical, 20 min left: at risk
    await openApplication(cargoApplication({ port: 'DALUO', perishable: true }), now - 5 * HOUR_MS); // perishable, breached 1 h ago
    await stack.drainQueue();

    const summary = await useCases.monitorSla(() => now);
    const daluo = Object.fromEntries(summary.filter((lane) => lane.port === 'DALUO').map((lane) => [lane.lane, lane]));
    expect(daluo.standard).toMatchObject({ openApplications: 3, atRisk: 1, breached: 1, oldestOpenAgeMinutes: 30 * 60, clockMinutesLeftMin: -6 * 60 });
    expect(daluo.medical).toMatchObject({ openApplications: 1, atRisk: 1, breached: 0, clockMinutesLeftMin: 20 });
    expect(daluo.perishable).toMatchObject({ openApplications: 1, atRisk: 0, breached: 1, clockMinutesLeftMin: -60 });

    // Two hours later the at-risk standard one is still open but inside its last 2 hours; the medical one has breached.
    const later = Object.fromEntries((await useCases.monitorSla(() => now + 2 * HOUR_MS)).filter((lane) => lane.port === 'DALUO').map((lane) => [lane.lane, lane]));
    expect(later.medical).toMatchObject({ breached: 1, atRisk: 0 });
    expect(later.standard).toMatchObject({ breached: 1, atRisk: 1 });
  });
});

describe('local alarm rehearsal', () => {
  it('flips the breach alarm of a port to ALARM when it breaches and back to OK when the clerks catch up', async () => {
    const initial = await stack.evaluateAlarms();
    const state = (alarms: { name: string; state: string }[], name: string) => alarms.find((alarm) => alarm.name === name)?.state;
    expect(state(initial, 'Breached-GUANLEI')).toBe('OK');
    expect(state(initial, 'SlaMonitorSilent')).toBe('OK');

    const late = await openApplication(tourismApplication({ port: 'GUANLEI' }), Date.now() - 3 * 24 * HOUR_MS);
    await stack.drainQueue();
    const alarmed = await stack.evaluateAlarms();
    expect(state(alarmed, 'Breached-GUANLEI')).toBe('ALARM');
    expect(alarmed.find((alarm) => alarm.name === 'Breached-GUANLEI')!.reason).toContain('1 open past deadline');
    const served = await stack.request('GET', '/_local/alarms');
    expect(state(served.body.alarms, 'Breached-GUANLEI')).toBe('ALARM');

    const clerk = { authorization: `Bearer ${mintToken(loadIssuerKeys(), { clerkId: 'ops-clerk', ports: ['GUANLEI'], role: 'clerk' })}` };
    await stack.request('POST', `/api/review/applications/${late.id}/claim`, { headers: clerk });
    const decided = await stack.request('POST', `/api/review/applications/${late.id}/decision`, { headers: clerk, body: { outcome: 'approve' } });
    expect(decided.status).toBe(200);
    expect(state(await stack.evaluateAlarms(), 'Breached-GUANLEI')).toBe('OK');
  });

  it('raises the DLQ alarm when a message dead-letters', async () => {
    const { SendMessageCommand } = await import('@aws-sdk/client-sqs');
    const { sqsClient } = await import('../../shared/adapters/sqs-client.ts');
    expect((await stack.evaluateAlarms()).find((alarm) => alarm.name === 'NotificationDeadLetters')?.state).toBe('OK');
    await sqsClient.send(new SendMessageCommand({ QueueUrl: stack.env.DLQ_URL, MessageBody: '{"applicationId":"x"}' }));
    await sqsClient.send(new SendMessageCommand({ QueueUrl: stack.env.NOTIFICATION_DLQ_URL, MessageBody: '{"applicationId":"x"}' }));
    const alarms = await stack.evaluateAlarms();
    expect(alarms.find((alarm) => alarm.name === 'DeadLetters')?.state).toBe('ALARM');
    expect(alarms.find((alarm) => alarm.name === 'NotificationDeadLetters')?.state).toBe('ALARM');
  });

  it('seeds breaches for the demo through the local endpoint', async () => {
    const response = await stack.request('POST', '/_local/demo/breach');
    expect(response.body.seeded).toHaveLength(3);
    const states = Object.fromEntries(response.body.alarms.map((alarm: { name: string; state: string }) => [alarm.name, alarm.state]));
    expect(states).toMatchObject({ 'Breached-MOHAN': 'ALARM', 'Breached-DALUO': 'ALARM' });
  });
});
