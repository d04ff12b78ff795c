import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIssuerKeys, mintToken } from '../../infra/local/local-issuer.ts';
import { person, tourismApplication } from '../fixtures/applications.ts';
import { hostileText, rawControl } from '../fixtures/hostile-text.ts';
import { startTestStack, type TestStack } from './helpers.ts';

let stack: TestStack;
const lines: string[] = [];
/** Every raw chunk written to the terminal (stdout and stderr) and every line the local runner printed. */
const printed: string[] = [];
const originalWrite = process.stdout.write.bind(process.stdout);
const originalErrorWrite = process.stderr.write.bind(process.stderr);

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  // Metrics on, as in Lambda: their EMF lines go to stdout beside the logs.
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    printed.push(String(chunk));
    return originalWrite(chunk as never, ...(rest as []));
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    printed.push(String(chunk));
    return originalErrorWrite(chunk as never, ...(rest as []));
  }) as typeof process.stderr.write;
  stack = await startTestStack({ log: (line) => printed.push(`${line}\n`), sampleData: true });
});
afterAll(async () => {
  process.stdout.write = originalWrite;
  process.stderr.write = originalErrorWrite;
  await stack?.stop();
});

let accepted: Awaited<ReturnType<TestStack['request']>>;
let view: Awaited<ReturnType<TestStack['request']>>;
let clerkToken: string;
let id: string;
let ruleApproved: string;

describe('a full journey', () => {
  beforeAll(async () => {
    const body = tourismApplication({ members: 1 });
    body.applicant = person({ fullName: 'Khamla Sisouphanh', dateOfBirth: '1975-09-30', documentNumber: 'PA9876543' });
    body.members![0] = person({ fullName: 'Bounmy Vongsa', documentNumber: 'PB1234567', documentExpiry: '2026-12-31' });
    // One step at a time: locally all functions share one process and one logger, so concurrent
    // invocations would mix their keys (in Lambda an instance serves one invocation at a time).
    accepted = await stack.request('POST', '/api/applications', { body, headers: { 'idempotency-key': 'log-journey-1' } });
    await stack.drainQueue();
    await stack.request('POST', '/api/applications', { body, headers: { 'idempotency-key': 'log-journey-1' } });
    clerkToken = mintToken(loadIssuerKeys(), { clerkId: 'log-clerk', ports: ['MOHAN'], role: 'clerk' });
    const clerk = { authorization: `Bearer ${clerkToken}` };
    id = accepted.body.id;
    await stack.applicantView(id, accepted.body.accessToken);
    await stack.request('GET', `/api/applications/${id}`, { headers: { authorization: 'Bearer wrong-token-0000000000000000' } });
    await stack.request('POST', `/api/review/applications/${id}/claim`, { headers: clerk });
    await stack.request('POST', `/api/review/applications/${id}/decision`, { headers: clerk, body: { outcome: 'approve' } });
    await stack.request('POST', `/api/review/applications/${id}/decision`, { headers: clerk, body: { outcome: 'approve' } });
    view = await stack.applicantView(id, accepted.body.accessToken);
    await stack.request('POST', '/api/permits/verify', { body: { token: view.body.permit.token } });
    await stack.runSchedule('monitor-sla');
    // The received and approved messages go out too: their addresses and texts must not reach a log.
    await stack.drainNotifications();
    expect(stack.outbox().filter((message) => message.applicationId === id)).toHaveLength(4);

    // A second application whose every free-text field tries to take over a terminal or forge a log line.
    const hostile = tourismApplication({ members: 1 });
    hostile.applicant = person({ fullName: hostileText });
    hostile.members![0] = person({ fullName: hostileText });
    hostile.agency = { name: hostileText, licenseNumber: hostileText.slice(0, 50) };
    const hostileAccepted = await stack.request('POST', '/api/applications', { body: hostile });
    await stack.drainQueue();
    if (hostileAccepted.status === 202) {
      const hostileId = hostileAccepted.body.id;
      await stack.request('POST', `/api/review/applications/${hostileId}/claim`, { headers: clerk });
      await stack.request('POST', `/api/review/applications/${hostileId}/decision`, {
        headers: clerk,
        body: { outcome: 'request-info', reasonCode: 'other', note: hostileText },
      });
      await stack.request('POST', `/api/applications/${hostileId}/info`, {
        headers: { authorization: `Bearer ${hostileAccepted.body.accessToken}` },
        body: { message: hostileText },
      });
      await stack.drainQueue();
    }

    // And a clean application approved by the port's rules.
    const supervisor = mintToken(loadIssuerKeys(), { clerkId: 'log-supervisor', ports: ['MOHAN'], role: 'supervisor' });
    await stack.request('PUT', '/api/review/ports/MOHAN/policy', { headers: { authorization: `Bearer ${supervisor}` }, body: { autoApprove: [{ kind: 'border-tourism', lanes: ['standard'] }], auditSampleRate: 1 } });
    ruleApproved = (await stack.request('POST', '/api/applications', { body: tourismApplication() })).body.id;
    await stack.drainQueue();
  });

  it('prints no raw control character: every line of every log and of the local runner is one plain line', () => {
    expect(printed.length).toBeGreaterThan(10);
    for (const chunk of printed) {
      // Each chunk is whole lines; only its line ends are real.
      for (const line of chunk.split('\n').slice(0, -1)) expect(line, JSON.stringify(line).slice(0, 200)).not.toMatch(rawControl);
    }
  });

  it('logs carry ids and ports but never a name, a full document number or a token', async () => {
    const json = lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
    const functionLines = json.filter((line) => line.function_name);
    expect(functionLines.map((line) => line.message)).toEqual(expect.arrayContaining(['Screened', 'Decision recorded', 'Notification settled', 'Port policy changed', 'Approved by rules']));
    const text = lines.join('\n');
    expect(text).not.toMatch(/PRIVATE KEY/);
    for (const secret of [
      'Khamla', 'Sisouphanh', 'Bounmy', 'Vongsa', 'PA9876543', 'PB1234567', '9876543', '1234567',
      accepted.body.accessToken, clerkToken, view.body.permit.token, 'wrong-token-0000000000000000',
      'li.wei@example.com', '+8613800000000', '13800000000', 'Status page', '申请状态页面',
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

  it('publishes the pipeline and SLA metrics by port, lane, outcome and flag, as EMF', () => {
    const metrics = lines
      .filter((line) => line.startsWith('{') && line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] } } & Record<string, unknown>);
    const find = (name: string, dimensions: Record<string, string>) =>
      metrics.find((entry) => entry[name] !== undefined && Object.entries(dimensions).every(([key, value]) => entry[key] === value));
    const lane = accepted.body.lane;
    expect(find('Submissions', { port: 'MOHAN', lane })).toBeDefined();
    expect(find('Screened', { port: 'MOHAN', outcome: 'flagged' })).toBeDefined();
    expect(find('ScreeningFlags', { port: 'MOHAN', code: 'document-expires-soon' })).toBeDefined();
    expect(find('Decisions', { port: 'MOHAN', lane, outcome: 'approve' })).toBeDefined();
    expect(find('DecisionClockMinutes', { port: 'MOHAN', lane })?.DecisionClockMinutes).toEqual(expect.any(Number));
    expect(find('OpenApplications', { port: 'MOHAN', lane })).toBeDefined();
    // Rule decisions are counted apart from clerk decisions, each with its time from submission.
    expect(find('Decisions', { port: 'MOHAN', lane, outcome: 'approve', path: 'clerk' })).toBeDefined();
    expect(find('Decisions', { port: 'MOHAN', lane: 'standard', outcome: 'approve', path: 'rules' })).toBeDefined();
    for (const path of ['clerk', 'rules']) expect(find('DecisionSeconds', { port: 'MOHAN', path })?.DecisionSeconds).toEqual(expect.any(Number));
    expect(find('AuditSamples', { port: 'MOHAN' })).toBeDefined();
    for (const entry of metrics) {
      const [directive] = entry._aws.CloudWatchMetrics;
      expect(directive!.Namespace).toBe('PermitFastTrack');
      // Every dimension a metric names is on its line; nothing else identifies an application.
      for (const dimension of directive!.Dimensions.flat()) expect(entry[dimension], dimension).toEqual(expect.any(String));
      expect(JSON.stringify(entry)).not.toContain(id);
      expect(JSON.stringify(entry)).not.toContain(ruleApproved);
    }
  });
});
