/**
 * Every function of the route table has a sample event in events/, and each handler, invoked with its
 * sample against a real local stack, gives the result events/README.md documents. Events that name an
 * application are pointed at one this test prepares (the committed ids belong to another stack).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../infra/local/local-stack.ts';
import { loadIssuerKeys, mintToken } from '../../infra/local/local-issuer.ts';
import { readSampleEvent } from '../../infra/local/sample-events.ts';
import { functions, type FunctionName } from '../../shared/deployment/routes.ts';
import type { Role } from '../../shared/domain/principal.ts';
import { addDays, today } from '../fixtures/applications.ts';
import { startTestStack, type TestStack } from './helpers.ts';

type HttpResult = { statusCode: number; body: string };
type Event = any;

const functionNames = Object.keys(functions) as FunctionName[];
const eventPath = (name: FunctionName) => join(repositoryRoot, 'events', `${name}.json`);
const sampleEvent = (name: FunctionName): Event => readSampleEvent(eventPath(name)) as Event;

let stack: TestStack;
const issuerKeys = loadIssuerKeys();

beforeAll(async () => {
  stack = await startTestStack({ poller: false });
}, 60_000);
afterAll(async () => stack?.stop());

/** The sample with the committed application id (and, where given, its bearer token and body) replaced. */
function pointedAt(event: Event, id: string, replacements: { bearer?: string; body?: unknown } = {}): Event {
  const sampleId = event.pathParameters?.id as string;
  const pointed = JSON.parse(JSON.stringify(event).replaceAll(sampleId, id));
  if (replacements.bearer) pointed.headers.authorization = `Bearer ${replacements.bearer}`;
  if (replacements.body !== undefined) pointed.body = JSON.stringify(replacements.body);
  return pointed;
}

/** A token for the same clerk, role and ports as the claims the sample event carries. */
function tokenLike(event: Event): string {
  const claims = event.requestContext.authorizer.jwt.claims;
  const groups = String(claims['cognito:groups']).replace(/^\[|\]$/g, '').split(' ');
  const role: Role = groups.includes('supervisor') ? 'supervisor' : 'clerk';
  const ports = groups.filter((group) => group.startsWith('port-')).map((group) => group.slice('port-'.length));
  return mintToken(issuerKeys, { clerkId: claims.username, ports, role });
}

/** The body of the sample submission, travelling from today so that its permit is valid now. */
function applicationBody() {
  const body = JSON.parse(sampleEvent('submit-application').body);
  body.applicant.documentNumber = `E${Math.random().toString(36).slice(2, 10).toUpperCase()}`;
  body.travel.entryDate = today();
  body.travel.exitDate = addDays(today(), 3);
  return body;
}

async function screenQueued(): Promise<void> {
  stack.startPolling();
  await stack.drainQueue();
  await stack.stopPolling();
}

async function submitted(): Promise<{ id: string; accessToken: string }> {
  const response = await stack.request('POST', '/api/applications', { body: applicationBody() });
  expect(response.status).toBe(202);
  return response.body;
}

async function pendingReview() {
  const application = await submitted();
  await screenQueued();
  return application;
}

const asBearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function claimedBy(clerkToken: string) {
  const application = await pendingReview();
  const claim = await stack.request('POST', `/api/review/applications/${application.id}/claim`, { headers: asBearer(clerkToken) });
  expect(claim.status).toBe(200);
  return application;
}

async function approved() {
  const clerk = tokenLike(sampleEvent('review-decide'));
  const application = await claimedBy(clerk);
  const decision = await stack.request('POST', `/api/review/applications/${application.id}/decision`, {
    headers: asBearer(clerk),
    body: { outcome: 'approve' },
  });
  expect(decision.status).toBe(200);
  const status = await stack.request('GET', `/api/applications/${application.id}`, { headers: asBearer(application.accessToken) });
  return { ...application, permitToken: status.body.permit.token as string };
}

const statusOf = async (application: { id: string; accessToken: string }) =>
  (await stack.request('GET', `/api/applications/${application.id}`, { headers: asBearer(application.accessToken) })).body.status;

const policyPath = '/api/review/ports/MOHAN/policy';

/** Sets MOHAN's fast-track policy as its supervisor; returns a function that turns the rules off again. */
async function withMohanPolicy(policy: { autoApprove: unknown[]; auditSampleRate: number }): Promise<() => Promise<void>> {
  const supervisor = asBearer(tokenLike(sampleEvent('review-policy-update')));
  expect((await stack.request('PUT', policyPath, { headers: supervisor, body: policy })).status).toBe(200);
  return async () => {
    expect((await stack.request('PUT', policyPath, { headers: supervisor, body: { autoApprove: [], auditSampleRate: 0 } })).status).toBe(200);
  };
}

/** Per function: prepare what the sample needs, invoke the handler, check the documented result. */
const cases: Record<FunctionName, (event: Event) => Promise<void>> = {
  'list-ports': async (event) => {
    const result = (await stack.invoke('list-ports', event)) as HttpResult;
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body).ports.map((port: { code: string }) => port.code)).toContain('MOHAN');
  },
  'submit-application': async (event) => {
    const result = (await stack.invoke('submit-application', event)) as HttpResult;
    expect(result.statusCode).toBe(202);
    expect(JSON.parse(result.body)).toMatchObject({ status: 'SUBMITTED', lane: 'standard' });
  },
  'get-application': async (event) => {
    const application = await submitted();
    const result = (await stack.invoke('get-application', pointedAt(event, application.id, { bearer: application.accessToken }))) as HttpResult;
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ id: application.id, status: 'SUBMITTED' });
  },
  'answer-info': async (event) => {
    const clerk = tokenLike(sampleEvent('review-decide'));
    const application = await claimedBy(clerk);
    const request = await stack.request('POST', `/api/review/applications/${application.id}/decision`, {
      headers: asBearer(clerk),
      body: { outcome: 'request-info', reasonCode: 'incomplete-document', note: 'Please send a clear scan of the passport.' },
    });
    expect(request.status).toBe(200);
    const result = (await stack.invoke('answer-info', pointedAt(event, application.id, { bearer: application.accessToken }))) as HttpResult;
    expect(result.statusCode).toBe(202);
    expect(await statusOf(application)).toBe('PENDING_REVIEW');
  },
  'screen-applications': async (event) => {
    const application = await submitted();
    const sampleId = JSON.parse(event.Records[0].body).applicationId as string;
    const result = await stack.invoke('screen-applications', JSON.parse(JSON.stringify(event).replaceAll(sampleId, application.id)));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(await statusOf(application)).toBe('PENDING_REVIEW');
  },
  'withdraw-application': async (event) => {
    const application = await submitted();
    const result = (await stack.invoke('withdraw-application', pointedAt(event, application.id, { bearer: application.accessToken }))) as HttpResult;
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ status: 'WITHDRAWN' });
  },
  'deliver-notifications': async (event) => {
    // Accepted but not yet screened: its "received" messages wait in the outbox.
    const application = await submitted();
    const sampleId = JSON.parse(event.Records[0].body).applicationId as string;
    const result = await stack.invoke('deliver-notifications', JSON.parse(JSON.stringify(event).replaceAll(sampleId, application.id)));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(stack.outbox().filter((message) => message.applicationId === application.id).map((message) => message.event)).toContain('received');
  },
  'repair-notifications': async (event) => {
    const result = await stack.invoke('repair-notifications', event);
    expect(result).toMatchObject({ failed: 0 });
  },
  'repair-intake': async (event) => {
    const result = await stack.invoke('repair-intake', event);
    expect(result).toMatchObject({ failed: 0 });
    expect((result as { resent: number }).resent).toBeGreaterThanOrEqual(0);
  },
  'monitor-sla': async (event) => {
    await pendingReview();
    const result = (await stack.invoke('monitor-sla', event)) as { port: string; lane: string; openApplications: number }[];
    expect(result.find((lane) => lane.port === 'MOHAN' && lane.lane === 'standard')?.openApplications).toBeGreaterThan(0);
  },
  'review-list': async (event) => {
    const application = await pendingReview();
    const result = (await stack.invoke('review-list', event)) as HttpResult;
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body).items.map((item: { id: string }) => item.id)).toContain(application.id);
  },
  'review-detail': async (event) => {
    const application = await pendingReview();
    const result = (await stack.invoke('review-detail', pointedAt(event, application.id))) as HttpResult;
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ id: application.id, status: 'PENDING_REVIEW' });
  },
  'review-claim': async (event) => {
    const application = await pendingReview();
    const result = (await stack.invoke('review-claim', pointedAt(event, application.id))) as HttpResult;
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body).claim.clerkId).toBe(event.requestContext.authorizer.jwt.claims.username);
  },
  'review-release': async (event) => {
    const application = await claimedBy(tokenLike(event));
    const result = (await stack.invoke('review-release', pointedAt(event, application.id))) as HttpResult;
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ released: true });
  },
  'review-decide': async (event) => {
    const application = await claimedBy(tokenLike(event));
    const result = (await stack.invoke('review-decide', pointedAt(event, application.id))) as HttpResult;
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ status: 'APPROVED' });
  },
  'review-revoke': async (event) => {
    const application = await approved();
    const result = (await stack.invoke('review-revoke', pointedAt(event, application.id))) as HttpResult;
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ status: 'REVOKED' });
  },
  'permit-keys': async (event) => {
    const result = (await stack.invoke('permit-keys', event)) as HttpResult;
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body).keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256' });
  },
  'permit-revocations': async (event) => {
    const result = (await stack.invoke('permit-revocations', event)) as HttpResult;
    expect(result.statusCode).toBe(200);
    const list = JSON.parse(result.body);
    expect(Array.isArray(list.revoked)).toBe(true);
    expect(list.token.split('.')).toHaveLength(3);
  },
  'verify-permit': async (event) => {
    const { permitToken } = await approved();
    const result = (await stack.invoke('verify-permit', { ...event, body: JSON.stringify({ token: permitToken }) })) as HttpResult;
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ valid: true });
  },
  'review-policy': async (event) => {
    const result = (await stack.invoke('review-policy', event)) as HttpResult;
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ port: 'MOHAN', version: expect.any(Number) });
  },
  'review-policy-update': async (event) => {
    const current = await stack.request('GET', policyPath, { headers: asBearer(tokenLike(event)) });
    const body = { ...JSON.parse(event.body), expectedVersion: current.body.version };
    const result = (await stack.invoke('review-policy-update', { ...event, body: JSON.stringify(body) })) as HttpResult;
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ port: 'MOHAN', version: current.body.version + 1, autoApprove: [{ kind: 'border-tourism', lanes: ['standard'] }] });
    await withMohanPolicy({ autoApprove: [], auditSampleRate: 0 });
  },
  'review-audit': async (event) => {
    // A clean application approved by the rules and always drawn for audit.
    const rulesOff = await withMohanPolicy({ autoApprove: [{ kind: 'border-tourism', lanes: ['standard'] }], auditSampleRate: 1 });
    const application = await pendingReview();
    await rulesOff();
    expect(await statusOf(application)).toBe('APPROVED');
    const result = (await stack.invoke('review-audit', pointedAt(event, application.id))) as HttpResult;
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ status: 'APPROVED', audit: { state: 'confirmed' } });
  },
  'get-openapi': async (event) => {
    const result = (await stack.invoke('get-openapi', event)) as HttpResult;
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body).openapi).toMatch(/^3\.1\./);
  },
};

describe('sample events', () => {
  it.each(functionNames)('events/%s.json exists and its handler answers as documented', async (name) => {
    expect(existsSync(eventPath(name)), `events/${name}.json is missing`).toBe(true);
    await cases[name](sampleEvent(name));
  });

  it('events/README.md lists every sample event', () => {
    const readme = readFileSync(join(repositoryRoot, 'events', 'README.md'), 'utf8');
    for (const name of functionNames) expect(readme, name).toContain(`${name}.json`);
  });
});
