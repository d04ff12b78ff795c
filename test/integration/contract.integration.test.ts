/**
 * The response schemas hold for the real answers: a full journey through every operation of the
 * OpenAPI document, each answer parsed with its strict schema (an undocumented field fails) and its
 * status compared with the documented one.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as z from 'zod';
import { loadIssuerKeys, mintToken } from '../../infra/local/local-issuer.ts';
import {
  applicantViewSchema,
  claimResultSchema,
  decisionResultSchema,
  infoAnswerResultSchema,
  jwksSchema,
  portListSchema,
  releaseResultSchema,
  reviewDetailSchema,
  auditResultSchema,
  portPolicySchema,
  portPolicyViewSchema,
  reviewListPageSchema,
  revocationListSchema,
  revocationResultSchema,
  withdrawalResultSchema,
  submissionReceiptSchema,
  verifyResultSchema,
} from '../../shared/domain/responses.ts';
import { addMonths, cargoApplication, today, tourismApplication, tripEnd } from '../fixtures/applications.ts';
import { startTestStack, type TestStack } from './helpers.ts';

const document = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'));

const bodies = {
  listPorts: portListSchema,
  submitApplication: submissionReceiptSchema,
  getApplication: applicantViewSchema,
  answerInfoRequest: infoAnswerResultSchema,
  listReviewQueue: reviewListPageSchema,
  getReviewDetail: reviewDetailSchema,
  claim: claimResultSchema,
  release: releaseResultSchema,
  decide: decisionResultSchema,
  revoke: revocationResultSchema,
  permitKeys: jwksSchema,
  verifyPermit: verifyResultSchema,
  permitRevocations: revocationListSchema,
  getPortPolicy: portPolicyViewSchema,
  putPortPolicy: portPolicySchema,
  audit: auditResultSchema,
  withdrawApplication: withdrawalResultSchema,
  getOpenApi: z.looseObject({ openapi: z.literal('3.1.0') }),
};
type OperationId = keyof typeof bodies;

interface Documented {
  method: string;
  path: RegExp;
  status: number;
}
const documented = new Map<string, Documented>();
for (const [template, item] of Object.entries(document.paths as Record<string, Record<string, { operationId: string; responses: object }>>)) {
  for (const [method, operation] of Object.entries(item)) {
    documented.set(operation.operationId, {
      method: method.toUpperCase(),
      path: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/?]+')}(\\?.*)?$`),
      status: Number(Object.keys(operation.responses).find((code) => code.startsWith('2'))),
    });
  }
}

let stack: TestStack;
const exercised = new Set<string>();
const keys = loadIssuerKeys();
const clerk = mintToken(keys, { clerkId: 'contract-clerk', ports: ['MOHAN'], role: 'clerk' });
const supervisor = mintToken(keys, { clerkId: 'contract-supervisor', ports: ['MOHAN'], role: 'supervisor' });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.stop());

/** Calls a documented operation and returns its body, parsed with the operation's response schema. */
async function call<Id extends OperationId>(operationId: Id, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}): Promise<z.infer<(typeof bodies)[Id]>> {
  const operation = documented.get(operationId)!;
  expect(path, operationId).toMatch(operation.path);
  const response = await stack.request(operation.method, path, init);
  expect(response.status, `${operationId}: ${JSON.stringify(response.body)}`).toBe(operation.status);
  const parsed = bodies[operationId].safeParse(response.body);
  expect(parsed.error?.issues ?? [], `${operationId}: ${JSON.stringify(response.body)}`).toEqual([]);
  exercised.add(operationId);
  return parsed.data as z.infer<(typeof bodies)[Id]>;
}

it('answers every operation with exactly the documented body, through a whole journey', async () => {
  const { ports } = await call('listPorts', '/api/ports');
  expect(ports.map((port) => port.code)).toContain('MOHAN');
  expect((await call('permitKeys', '/api/permits/keys')).keys.length).toBeGreaterThan(0);
  expect(await call('getOpenApi', '/api/openapi.json')).toEqual(document);

  // A group travelling today, one member's passport running out within six months of the trip.
  const group = tourismApplication({ members: 2 });
  group.travel.entryDate = today();
  group.members![0]!.documentExpiry = addMonths(tripEnd(), 2);
  const receipt = await call('submitApplication', '/api/applications', { body: group, headers: { 'idempotency-key': `contract-${Date.now()}` } });
  const applicant = bearer(receipt.accessToken);
  const own = `/api/applications/${receipt.id}`;
  expect((await call('getApplication', own, { headers: applicant })).status).toBe('SUBMITTED');

  const cargo = await call('submitApplication', '/api/applications', { body: cargoApplication() });
  await stack.drainQueue();
  const pending = await call('getApplication', own, { headers: applicant });
  expect(pending.flags?.map((flag) => flag.code)).toEqual(['document-expires-soon']);

  const firstPage = await call('listReviewQueue', '/api/review/applications?port=MOHAN&limit=1', { headers: bearer(clerk) });
  expect(firstPage.items).toHaveLength(1);
  const secondPage = await call('listReviewQueue', `/api/review/applications?port=MOHAN&limit=1&cursor=${encodeURIComponent(firstPage.nextCursor!)}`, { headers: bearer(clerk) });
  expect(new Set([...firstPage.items, ...secondPage.items].map((item) => item.id))).toEqual(new Set([receipt.id, cargo.id]));

  const review = `/api/review/applications/${receipt.id}`;
  const detail = await call('getReviewDetail', review, { headers: bearer(clerk) });
  expect(detail.kind === 'border-tourism' && detail.application.members).toHaveLength(2);
  expect((await call('claim', `${review}/claim`, { headers: bearer(clerk) })).claim.clerkId).toBe('contract-clerk');
  expect((await call('getReviewDetail', review, { headers: bearer(clerk) })).claim?.clerkId).toBe('contract-clerk');
  expect(await call('release', `${review}/release`, { headers: bearer(clerk) })).toEqual({ released: true });

  await call('claim', `${review}/claim`, { headers: bearer(clerk) });
  const asked = await call('decide', `${review}/decision`, {
    headers: bearer(clerk),
    body: { outcome: 'request-info', reasonCode: 'incomplete-document', note: 'Please send a clear scan of the passport.' },
  });
  expect(asked.status).toBe('INFO_REQUESTED');
  expect((await call('getApplication', own, { headers: applicant })).infoRequest?.message).toBe('Please send a clear scan of the passport.');
  expect((await call('getReviewDetail', review, { headers: bearer(clerk) })).clockRemainingMinutes).toBeGreaterThan(0);
  const answered = await call('answerInfoRequest', `${own}/info`, { headers: applicant, body: { message: 'Scan attached.', changes: { contact: { phone: '+8613800000001' } } } });
  expect(answered.status).toBe('PENDING_REVIEW');

  await call('claim', `${review}/claim`, { headers: bearer(clerk) });
  expect((await call('decide', `${review}/decision`, { headers: bearer(clerk), body: { outcome: 'approve', excludedMembers: [1] } })).status).toBe('APPROVED');
  const approved = await call('getApplication', own, { headers: applicant });
  expect(approved.permit?.holders).toHaveLength(2);
  const verdict = await call('verifyPermit', '/api/permits/verify', { body: { token: approved.permit!.token } });
  expect(verdict.valid && verdict.permit.number).toBe(approved.permit!.number);
  const decided = await call('getReviewDetail', review, { headers: bearer(clerk) });
  expect(decided.history.map((entry) => entry.action)).toEqual(['submit', 'screen', 'claim', 'release', 'claim', 'request-info', 'answer-info', 'claim', 'approve']);

  expect(await call('revoke', `${review}/revoke`, { headers: bearer(supervisor), body: { reasonCode: 'fraud-suspected', note: 'forged stamp' } })).toEqual({ status: 'REVOKED' });
  expect(await call('verifyPermit', '/api/permits/verify', { body: { token: approved.permit!.token } })).toEqual({ valid: false, reason: 'revoked' });
  expect((await call('getApplication', own, { headers: applicant })).status).toBe('REVOKED');
  expect((await call('getReviewDetail', review, { headers: bearer(clerk) })).revocation?.reasonCode).toBe('fraud-suspected');

  // The cargo application: its own detail shape, then a rejection as the applicant sees it.
  const cargoReview = `/api/review/applications/${cargo.id}`;
  const cargoDetail = await call('getReviewDetail', cargoReview, { headers: bearer(clerk) });
  expect(cargoDetail.kind === 'cargo-transit' && cargoDetail.application.drivers).toHaveLength(1);
  await call('claim', `${cargoReview}/claim`, { headers: bearer(clerk) });
  await call('decide', `${cargoReview}/decision`, { headers: bearer(clerk), body: { outcome: 'reject', reasonCode: 'cargo-not-admitted' } });
  const rejected = await call('getApplication', `/api/applications/${cargo.id}`, { headers: bearer(cargo.accessToken) });
  expect(rejected.decision).toMatchObject({ outcome: 'reject', reasonCode: 'cargo-not-admitted' });

  // A genuine permit for a trip next week is not valid yet; garbage is malformed.
  const later = await call('submitApplication', '/api/applications', { body: tourismApplication() });
  await stack.drainQueue();
  await call('claim', `/api/review/applications/${later.id}/claim`, { headers: bearer(clerk) });
  await call('decide', `/api/review/applications/${later.id}/decision`, { headers: bearer(clerk), body: { outcome: 'approve' } });
  const laterPermit = (await call('getApplication', `/api/applications/${later.id}`, { headers: bearer(later.accessToken) })).permit!;
  expect(await call('verifyPermit', '/api/permits/verify', { body: { token: laterPermit.token } })).toEqual({ valid: false, reason: 'not-yet-valid' });
  expect(await call('verifyPermit', '/api/permits/verify', { body: { token: 'not.a.permit' } })).toEqual({ valid: false, reason: 'malformed' });

  // The revoked permit is on the checkpoints' signed list.
  const list = await call('permitRevocations', '/api/permits/revocations');
  expect(list.revoked.map((entry) => entry.number)).toContain(approved.permit!.number);

  // The fast track: a policy that approves clean standard tourism, every approval drawn for audit.
  const policyPath = '/api/review/ports/MOHAN/policy';
  const before = await call('getPortPolicy', policyPath, { headers: bearer(clerk) });
  const policy = await call('putPortPolicy', policyPath, {
    headers: bearer(supervisor),
    body: { autoApprove: [{ kind: 'border-tourism', lanes: ['standard'] }], auditSampleRate: 1, expectedVersion: before.version },
  });
  expect(policy.version).toBe(before.version + 1);
  const fast = await call('submitApplication', '/api/applications', { body: tourismApplication() });
  await stack.drainQueue();
  expect((await call('getApplication', `/api/applications/${fast.id}`, { headers: bearer(fast.accessToken) })).status).toBe('APPROVED');
  const sampled = await call('listReviewQueue', '/api/review/applications?port=MOHAN&audit=true', { headers: bearer(clerk) });
  expect(sampled.items.map((item) => item.id)).toContain(fast.id);
  expect((await call('audit', `/api/review/applications/${fast.id}/audit`, { headers: bearer(clerk), body: { outcome: 'confirm' } })).audit.state).toBe('confirmed');
  await call('putPortPolicy', policyPath, { headers: bearer(supervisor), body: { autoApprove: [], auditSampleRate: 0, expectedVersion: policy.version } });

  // An applicant takes an application back before the decision.
  const changedMind = await call('submitApplication', '/api/applications', { body: tourismApplication() });
  expect(await call('withdrawApplication', `/api/applications/${changedMind.id}/withdraw`, { headers: bearer(changedMind.accessToken) })).toEqual({ status: 'WITHDRAWN' });
  expect((await call('getApplication', `/api/applications/${changedMind.id}`, { headers: bearer(changedMind.accessToken) })).status).toBe('WITHDRAWN');

  expect([...exercised].sort()).toEqual([...documented.keys()].sort());
});
