/**
 * Automated decisions end to end on the local stack: the port policy (versions, stale writes, 400s,
 * who may read and change it), rule approvals at screening with their permits (clean, flagged,
 * out-of-rule, redelivered, raced), and the audit sample (drawn, listed, confirmed, referred, revoked).
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadIssuerKeys, mintToken } from '../../infra/local/local-issuer.ts';
import { permitCounterKey } from '../../shared/deployment/table.ts';
import type { Role } from '../../shared/domain/principal.ts';
import { shanghaiDate } from '../../shared/domain/time.ts';
import { addMonths, cargoApplication, today, tourismApplication, tripEnd } from '../fixtures/applications.ts';
import { interceptTable, startTestStack, type TestStack } from './helpers.ts';

let stack: TestStack;
const keys = loadIssuerKeys();
const token = (clerkId: string, ports: string[], role: Role = 'clerk') => mintToken(keys, { clerkId, ports, role });
const supervisor = token('policy-supervisor', ['MOHAN', 'DALUO', 'JINGHONG', 'GUANLEI'], 'supervisor');
const clerk = token('audit-clerk', ['MOHAN']);
const as = (bearer: string) => ({ authorization: `Bearer ${bearer}` });
const policyPath = (port: string) => `/api/review/ports/${port}/policy`;
const standardTourism = { autoApprove: [{ kind: 'border-tourism', lanes: ['standard'] }], auditSampleRate: 0 };

beforeAll(async () => {
  stack = await startTestStack({ sampleData: true });
});
afterAll(async () => stack?.stop());

/** Replaces a port's policy on the version in force, as the console does. */
async function setPolicy(port: string, policy: Record<string, unknown>) {
  const current = await stack.request('GET', policyPath(port), { headers: as(supervisor) });
  const changed = await stack.request('PUT', policyPath(port), { headers: as(supervisor), body: { ...policy, expectedVersion: current.body.version } });
  expect(changed.status, JSON.stringify(changed.body)).toBe(200);
  return changed.body as { version: number };
}

async function submit(body: unknown) {
  const accepted = await stack.request('POST', '/api/applications', { body });
  expect(accepted.status).toBe(202);
  return accepted.body as { id: string; accessToken: string };
}

async function submitAndScreen(body: unknown) {
  const receipt = await submit(body);
  await stack.drainQueue();
  return receipt;
}

const applicantView = (receipt: { id: string; accessToken: string }) => stack.request('GET', `/api/applications/${receipt.id}`, { headers: as(receipt.accessToken) });
const detail = async (id: string) => (await stack.request('GET', `/api/review/applications/${id}`, { headers: as(supervisor) })).body;
const queueIds = async (port = 'MOHAN') =>
  ((await stack.request('GET', `/api/review/applications?port=${port}&limit=100`, { headers: as(supervisor) })).body.items as { id: string }[]).map((item) => item.id);
const auditList = async (list: 'true' | 'referred', bearer = list === 'true' ? clerk : supervisor, query: Record<string, string> = {}) =>
  stack.request('GET', `/api/review/applications?${new URLSearchParams({ port: 'MOHAN', audit: list, limit: '100', ...query })}`, { headers: as(bearer) });
const audit = (id: string, bearer: string, body: unknown) => stack.request('POST', `/api/review/applications/${id}/audit`, { headers: as(bearer), body });
const actions = (record: { history: { action: string }[] }) => record.history.map((entry) => entry.action);

async function permitSequence(port: string): Promise<number> {
  const { documentClient } = await import('../../shared/adapters/dynamodb-client.ts');
  const { Item } = await documentClient.send(new GetCommand({ TableName: stack.env.TABLE_NAME, Key: permitCounterKey(port, shanghaiDate(Date.now()).slice(0, 4)), ConsistentRead: true }));
  return Number(Item?.sequence ?? 0);
}

describe('port policy', () => {
  it('starts with no rule, and stores each change as a new version with who and when', async () => {
    const guanleiClerk = token('guanlei-clerk', ['GUANLEI']);
    const initial = await stack.request('GET', policyPath('GUANLEI'), { headers: as(guanleiClerk) });
    expect(initial.body).toEqual({ port: 'GUANLEI', version: 0, autoApprove: [], auditSampleRate: 0, updatedAt: null, updatedBy: null, history: [] });

    // The contract's own example, without a version: applied on the version in force.
    const first = await stack.request('PUT', policyPath('GUANLEI'), { headers: as(supervisor), body: { autoApprove: [{ kind: 'border-tourism', lanes: ['standard'] }], auditSampleRate: 0.05 } });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      port: 'GUANLEI', version: 1, autoApprove: [{ kind: 'border-tourism', lanes: ['standard'], includeGroups: false }], auditSampleRate: 0.05,
      updatedAt: expect.stringMatching(/\+08:00$/), updatedBy: 'policy-supervisor',
    });
    const second = await stack.request('PUT', policyPath('GUANLEI'), { headers: as(supervisor), body: { autoApprove: [], auditSampleRate: 0, expectedVersion: 1 } });
    expect(second.body).toMatchObject({ version: 2, autoApprove: [] });

    const read = await stack.request('GET', policyPath('GUANLEI'), { headers: as(guanleiClerk) });
    expect(read.body).toMatchObject({ version: 2, autoApprove: [], updatedBy: 'policy-supervisor' });
    expect(read.body.history.map((version: { version: number; auditSampleRate: number }) => [version.version, version.auditSampleRate])).toEqual([[2, 0], [1, 0.05]]);
  });

  it('refuses a change made on a stale version, and of concurrent changes on one version stores exactly one', async () => {
    const { version } = await setPolicy('DALUO', { autoApprove: [], auditSampleRate: 0 });
    const stale = await stack.request('PUT', policyPath('DALUO'), { headers: as(supervisor), body: { ...standardTourism, expectedVersion: version - 1 } });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toContain(`version ${version}`);

    const racing = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        stack.request('PUT', policyPath('DALUO'), { headers: as(supervisor), body: { autoApprove: [], auditSampleRate: index / 10, expectedVersion: version } }),
      ),
    );
    expect(racing.map((response) => response.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    const winner = racing.find((response) => response.status === 200)!.body;
    const read = await stack.request('GET', policyPath('DALUO'), { headers: as(supervisor) });
    expect(read.body).toMatchObject({ version: version + 1, auditSampleRate: winner.auditSampleRate });

    // Without a version each write still lands on a version of its own: none is lost unseen.
    const blind = await Promise.all(Array.from({ length: 6 }, () => stack.request('PUT', policyPath('DALUO'), { headers: as(supervisor), body: standardTourism })));
    const stored = blind.filter((response) => response.status === 200).length;
    expect(stored).toBeGreaterThan(0);
    expect(blind.every((response) => [200, 409].includes(response.status))).toBe(true);
    const after = await stack.request('GET', policyPath('DALUO'), { headers: as(supervisor) });
    expect(after.body.version).toBe(version + 1 + stored);
    expect(new Set(blind.filter((response) => response.status === 200).map((response) => response.body.version)).size).toBe(stored);
    await setPolicy('DALUO', { autoApprove: [], auditSampleRate: 0 });
  });

  it.each([
    { name: 'an unknown kind', body: { autoApprove: [{ kind: 'visa', lanes: ['standard'] }], auditSampleRate: 0 }, path: 'autoApprove.0.kind' },
    { name: 'an unknown lane', body: { autoApprove: [{ kind: 'border-tourism', lanes: ['standard', 'express'] }], auditSampleRate: 0 }, path: 'autoApprove.0.lanes.1' },
    { name: 'a lane the kind never has', body: { autoApprove: [{ kind: 'cargo-transit', lanes: ['medical'] }], auditSampleRate: 0 }, path: 'autoApprove.0.lanes.0' },
    { name: 'a lane named twice', body: { autoApprove: [{ kind: 'border-tourism', lanes: ['standard', 'standard'] }], auditSampleRate: 0 }, path: 'autoApprove.0.lanes' },
    { name: 'no lane', body: { autoApprove: [{ kind: 'border-tourism', lanes: [] }], auditSampleRate: 0 }, path: 'autoApprove.0.lanes' },
    { name: 'two rules for one kind', body: { autoApprove: [{ kind: 'border-tourism', lanes: ['standard'] }, { kind: 'border-tourism', lanes: ['medical'] }], auditSampleRate: 0 }, path: 'autoApprove.1.kind' },
    { name: 'groups on cargo', body: { autoApprove: [{ kind: 'cargo-transit', lanes: ['standard'], includeGroups: true }], auditSampleRate: 0 }, path: 'autoApprove.0.includeGroups' },
    { name: 'a share above 1', body: { ...standardTourism, auditSampleRate: 1.5 }, path: 'auditSampleRate' },
    { name: 'a negative share', body: { ...standardTourism, auditSampleRate: -0.1 }, path: 'auditSampleRate' },
    { name: 'no share', body: { autoApprove: [] }, path: 'auditSampleRate' },
    { name: 'a fractional version', body: { ...standardTourism, expectedVersion: 1.5 }, path: 'expectedVersion' },
    { name: 'an unknown field', body: { ...standardTourism, port: 'MOHAN' }, path: 'port' },
  ])('answers 400 for $name, naming the field, and stores nothing', async ({ body, path }) => {
    const before = (await stack.request('GET', policyPath('MOHAN'), { headers: as(supervisor) })).body.version;
    const response = await stack.request('PUT', policyPath('MOHAN'), { headers: as(supervisor), body });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'ValidationError', message: expect.any(String) });
    expect(response.body.issues.map((issue: { path: string }) => issue.path)).toContain(path);
    expect((await stack.request('GET', policyPath('MOHAN'), { headers: as(supervisor) })).body.version).toBe(before);
  });

  it('lets clerks read and only supervisors of the port change it', async () => {
    expect((await stack.request('GET', policyPath('MOHAN'), { headers: as(clerk) })).status).toBe(200);
    expect((await stack.request('PUT', policyPath('MOHAN'), { headers: as(clerk), body: standardTourism })).status).toBe(403);
    const otherSupervisor = token('jinghong-supervisor', ['JINGHONG'], 'supervisor');
    expect((await stack.request('GET', policyPath('MOHAN'), { headers: as(otherSupervisor) })).status).toBe(403);
    expect((await stack.request('PUT', policyPath('MOHAN'), { headers: as(otherSupervisor), body: standardTourism })).status).toBe(403);
    expect((await stack.request('PUT', policyPath('MOHAN'), { body: standardTourism })).status).toBe(401);
  });
});

describe('rule decisions at screening', () => {
  it('approves a clean standard tourism application at once, with its signed permit, and never queues it', async () => {
    const { version } = await setPolicy('MOHAN', standardTourism);
    const body = tourismApplication();
    body.travel.entryDate = today();
    const receipt = await submitAndScreen(body);

    const view = await applicantView(receipt);
    expect(view.body).toMatchObject({ status: 'APPROVED', permit: { number: expect.stringMatching(/^MOHAN-\d{4}-\d{6}-\d$/) } });
    expect(view.body.permit.holders).toEqual([{ fullName: body.applicant.fullName, documentNumber: body.applicant.documentNumber }]);
    expect((await stack.request('POST', '/api/permits/verify', { body: { token: view.body.permit.token } })).body).toMatchObject({ valid: true, permit: { number: view.body.permit.number } });

    const record = await detail(receipt.id);
    expect(actions(record)).toEqual(['submit', 'auto-approve']);
    expect(record.history[1]).toMatchObject({ actor: 'rules', action: 'auto-approve', from: 'SUBMITTED', to: 'APPROVED', policyVersion: version });
    expect(record).toMatchObject({ flags: [], decision: { outcome: 'approve', decidedBy: 'rules' } });
    expect(record).not.toHaveProperty('audit');
    expect(await queueIds()).not.toContain(receipt.id);
  });

  it.each([
    { name: 'flagged: a document that expires soon', body: () => tourismApplication({}), change: (body: any) => { body.applicant.documentExpiry = addMonths(tripEnd(), 2); }, flag: 'document-expires-soon' },
    { name: 'flagged: a watch-list document', body: () => tourismApplication({}), change: (body: any) => { body.applicant.documentNumber = 'G99887766'; }, flag: 'watch-list-document' },
    { name: 'out of rule: the medical lane', body: () => tourismApplication({ medical: true }) },
    { name: 'out of rule: a group', body: () => tourismApplication({ members: 2 }) },
    { name: 'out of rule: cargo', body: () => cargoApplication({ perishable: false }) },
    { name: 'out of rule: a port without a policy', body: () => tourismApplication({ port: 'JINGHONG' }) },
  ])('sends $name to a clerk', async ({ body: make, change, flag }) => {
    await setPolicy('MOHAN', standardTourism);
    const body = make();
    change?.(body);
    const receipt = await submitAndScreen(body);
    const record = await detail(receipt.id);
    expect(record.status).toBe('PENDING_REVIEW');
    expect(actions(record)).toEqual(['submit', 'screen']);
    if (flag) expect(record.flags.map((entry: { code: string }) => entry.code)).toContain(flag);
    else expect(record.flags).toEqual([]);
    expect(await queueIds(body.port)).toContain(receipt.id);
  });

  it('approves medical and group applications only under a rule that names them', async () => {
    await setPolicy('MOHAN', { autoApprove: [{ kind: 'border-tourism', lanes: ['standard', 'medical'], includeGroups: true }], auditSampleRate: 0 });
    const medical = await submitAndScreen(tourismApplication({ medical: true }));
    const group = tourismApplication({ members: 2 });
    const groupReceipt = await submitAndScreen(group);
    expect((await applicantView(medical)).body.status).toBe('APPROVED');
    const groupView = await applicantView(groupReceipt);
    expect(groupView.body.status).toBe('APPROVED');
    expect(groupView.body.permit.holders.map((holder: { documentNumber: string }) => holder.documentNumber)).toEqual([group.applicant, ...group.members!].map((member) => member.documentNumber));
  });

  it('sends a second application for a document that already holds an approved permit for those dates to a clerk', async () => {
    await setPolicy('MOHAN', standardTourism);
    const first = tourismApplication();
    const approved = await submitAndScreen(first);
    expect((await applicantView(approved)).body.status).toBe('APPROVED');
    const again = { ...tourismApplication(), applicant: { ...first.applicant } };
    const second = await submitAndScreen(again);
    const record = await detail(second.id);
    expect(record.status).toBe('PENDING_REVIEW');
    expect(record.flags).toEqual([expect.objectContaining({ code: 'duplicate-application', subject: 'applicant' })]);
  });

  it('applies a policy change to the next batch', async () => {
    await setPolicy('MOHAN', standardTourism);
    expect((await applicantView(await submitAndScreen(tourismApplication()))).body.status).toBe('APPROVED');
    await setPolicy('MOHAN', { autoApprove: [], auditSampleRate: 0 });
    expect((await applicantView(await submitAndScreen(tourismApplication()))).body.status).toBe('PENDING_REVIEW');
  });

  it('confirms a policy it read before with the batch read instead of a Query, and reads it again once changed', async () => {
    const policyQueries: string[] = [];
    const restore = await interceptTable((command, send) => {
      const input = (command as { input?: { KeyConditionExpression?: string; ExpressionAttributeValues?: Record<string, unknown> } }).input;
      const partition = input?.ExpressionAttributeValues?.[':pk'];
      if (input?.KeyConditionExpression && typeof partition === 'string' && partition.startsWith('POLICY#')) policyQueries.push(partition);
      return send();
    });
    try {
      await setPolicy('MOHAN', standardTourism);
      policyQueries.length = 0;
      // The first batch after the change reads it; the next ones find no newer version and read nothing more.
      for (let batch = 0; batch < 3; batch++) expect((await applicantView(await submitAndScreen(tourismApplication()))).body.status).toBe('APPROVED');
      expect(policyQueries).toEqual(['POLICY#MOHAN']);

      await setPolicy('MOHAN', { autoApprove: [], auditSampleRate: 0 });
      policyQueries.length = 0;
      expect((await applicantView(await submitAndScreen(tourismApplication()))).body.status).toBe('PENDING_REVIEW');
      expect((await applicantView(await submitAndScreen(tourismApplication()))).body.status).toBe('PENDING_REVIEW');
      expect(policyQueries).toEqual(['POLICY#MOHAN']);
    } finally {
      restore();
    }
  });
});

describe('one permit under redelivery and races', () => {
  it('changes nothing when the intake message is delivered again after the approval', async () => {
    await setPolicy('MOHAN', standardTourism);
    const receipt = await submitAndScreen(tourismApplication());
    const before = await detail(receipt.id);
    const sequence = await permitSequence('MOHAN');
    const { sqsClient } = await import('../../shared/adapters/sqs-client.ts');
    await sqsClient.send(new SendMessageCommand({ QueueUrl: stack.env.INTAKE_QUEUE_URL, MessageBody: JSON.stringify({ applicationId: receipt.id }) }));
    await stack.drainQueue();
    const after = await detail(receipt.id);
    expect(after.permit).toEqual(before.permit);
    expect(after.history).toEqual(before.history);
    expect(await permitSequence('MOHAN')).toBe(sequence);
  });

  it('stores one permit when the same message is delivered twice at once', async () => {
    await setPolicy('MOHAN', standardTourism);
    await stack.stopPolling();
    const receipt = await submit(tourismApplication());
    const { sqsClient } = await import('../../shared/adapters/sqs-client.ts');
    await sqsClient.send(new SendMessageCommand({ QueueUrl: stack.env.INTAKE_QUEUE_URL, MessageBody: JSON.stringify({ applicationId: receipt.id }) }));
    stack.startPolling();
    await stack.drainQueue();
    const record = await detail(receipt.id);
    expect(record.status).toBe('APPROVED');
    expect(actions(record).filter((action: string) => action === 'auto-approve')).toHaveLength(1);
    const verdict = await stack.request('POST', '/api/permits/verify', { body: { token: record.permit.token } });
    expect(verdict.body).toMatchObject({ valid: false, reason: 'not-yet-valid' });
  });

  it('stores one permit, the winner\'s, when two consumers screen the application at the same moment', async () => {
    await setPolicy('MOHAN', standardTourism);
    await stack.stopPolling();
    const receipt = await submit(tourismApplication());
    const { documentClient } = await import('../../shared/adapters/dynamodb-client.ts');
    const { configuredSigner } = await import('../../shared/adapters/permit-signers.ts');
    const { rulesForBatch } = await import('../../shared/use-cases/auto-approval.ts');
    const { screenApplication } = await import('../../shared/use-cases/screen-application.ts');
    const sequence = await permitSequence('MOHAN');
    // Both consumers have read SUBMITTED and issued a permit before either approval reaches the table.
    const send = documentClient.send.bind(documentClient);
    const waiting: (() => void)[] = [];
    const spy = vi.spyOn(documentClient, 'send').mockImplementation(async (command: any) => {
      if (command instanceof UpdateCommand && command.input.ExpressionAttributeValues?.[':to'] === 'APPROVED' && command.input.Key?.pk === `APP#${receipt.id}`) {
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          if (waiting.length === 2) for (const release of waiting) release();
        });
      }
      return send(command);
    });
    const signer = configuredSigner();
    const outcomes = await Promise.all([1, 2].map(() => screenApplication(receipt.id, Date.now, undefined, rulesForBatch(signer))));
    spy.mockRestore();
    expect(outcomes.sort()).toEqual(['already-screened', 'approved']);
    // Two numbers were drawn and one stored: the loser's permit was never written anywhere.
    expect(await permitSequence('MOHAN')).toBe(sequence + 2);
    const record = await detail(receipt.id);
    expect(actions(record)).toEqual(['submit', 'auto-approve']);
    const stored = Number(record.permit.number.split('-')[2]);
    expect([sequence + 1, sequence + 2]).toContain(stored);
    const verdict = await stack.request('POST', '/api/permits/verify', { body: { token: record.permit.token } });
    expect(verdict.body).toMatchObject({ reason: 'not-yet-valid' });
    stack.startPolling();
    await stack.drainQueue();
    expect((await detail(receipt.id)).permit).toEqual(record.permit);
  });
});

describe('audit sample', () => {
  it('draws the sample from the injected random source, so a run can be replayed', async () => {
    await setPolicy('MOHAN', { ...standardTourism, auditSampleRate: 0.5 });
    await stack.stopPolling();
    const receipts: { id: string; accessToken: string }[] = [];
    for (let index = 0; index < 4; index++) receipts.push(await submit(tourismApplication()));
    const { configuredSigner } = await import('../../shared/adapters/permit-signers.ts');
    const { rulesForBatch } = await import('../../shared/use-cases/auto-approval.ts');
    const { screenApplication } = await import('../../shared/use-cases/screen-application.ts');
    const draws = [0.1, 0.9, 0.49, 0.5];
    const rules = rulesForBatch(configuredSigner(), () => draws.shift()!);
    for (const receipt of receipts) expect(await screenApplication(receipt.id, Date.now, undefined, rules)).toBe('approved');
    stack.startPolling();
    await stack.drainQueue();
    const sampled = await Promise.all(receipts.map(async (receipt) => (await detail(receipt.id)).audit?.state));
    expect(sampled).toEqual(['pending', undefined, 'pending', undefined]);
  });

  it('lists sampled approvals for the port\'s clerks, oldest first, and a confirmation takes one off', async () => {
    const { version } = await setPolicy('MOHAN', { ...standardTourism, auditSampleRate: 1 });
    const receipts: { id: string; accessToken: string }[] = [];
    for (let index = 0; index < 3; index++) receipts.push(await submitAndScreen(tourismApplication()));
    const listed = await auditList('true');
    expect(listed.status).toBe(200);
    const ids = listed.body.items.map((item: { id: string }) => item.id);
    expect(ids.filter((id: string) => receipts.some((receipt) => receipt.id === id))).toEqual(receipts.map((receipt) => receipt.id));
    expect(listed.body.items.find((item: { id: string }) => item.id === receipts[0]!.id)).toMatchObject({
      kind: 'border-tourism', lane: 'standard', status: 'APPROVED', permitNumber: expect.stringMatching(/^MOHAN-/), audit: { state: 'pending', policyVersion: version },
    });
    const firstPage = await auditList('true', clerk, { limit: '1' });
    expect(firstPage.body.items).toHaveLength(1);
    const nextPage = await auditList('true', clerk, { limit: '1', cursor: firstPage.body.nextCursor });
    expect(nextPage.body.items[0].id).toBe(ids[1]);

    const confirmed = await audit(receipts[0]!.id, clerk, { outcome: 'confirm' });
    expect(confirmed.body).toMatchObject({ status: 'APPROVED', audit: { state: 'confirmed', confirmedBy: 'audit-clerk' } });
    expect((await auditList('true')).body.items.map((item: { id: string }) => item.id)).not.toContain(receipts[0]!.id);
    expect(actions(await detail(receipts[0]!.id)).at(-1)).toBe('audit-confirm');
    expect((await audit(receipts[0]!.id, clerk, { outcome: 'confirm' })).status).toBe(409);
    expect((await audit(receipts[1]!.id, token('daluo-clerk', ['DALUO']), { outcome: 'confirm' })).status).toBe(403);
    const concurrent = await Promise.all([audit(receipts[1]!.id, clerk, { outcome: 'confirm' }), audit(receipts[1]!.id, clerk, { outcome: 'refer' })]);
    expect(concurrent.map((response) => response.status).sort()).toEqual([200, 409]);
    expect(actions(await detail(receipts[1]!.id)).filter((action: string) => action.startsWith('audit-'))).toHaveLength(1);
  });

  it('refuses to audit an approval that was not sampled, and a bad outcome', async () => {
    await setPolicy('MOHAN', { ...standardTourism, auditSampleRate: 0 });
    const receipt = await submitAndScreen(tourismApplication());
    expect((await audit(receipt.id, clerk, { outcome: 'confirm' })).status).toBe(409);
    const bad = await audit(receipt.id, clerk, { outcome: 'approve' });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('outcome');
    expect((await auditList('true', clerk, { lane: 'standard' })).status).toBe(400);
    // A cursor of the review queue (or a made-up one) is no cursor of the audit list.
    const queuePage = await stack.request('GET', '/api/review/applications?port=MOHAN&limit=1', { headers: as(clerk) });
    expect((await auditList('true', clerk, { cursor: queuePage.body.nextCursor })).status).toBe(400);
    expect((await auditList('true', clerk, { cursor: 'e30' })).status).toBe(400);
  });

  it('puts a referred approval before a supervisor, who may revoke the permit or confirm it', async () => {
    await setPolicy('MOHAN', { ...standardTourism, auditSampleRate: 1 });
    const travellingToday = tourismApplication();
    travellingToday.travel.entryDate = today();
    const revoked = await submitAndScreen(travellingToday);
    const kept = await submitAndScreen(tourismApplication());
    for (const receipt of [revoked, kept]) {
      expect((await audit(receipt.id, clerk, { outcome: 'refer', note: 'photo does not match the document scan' })).body.audit).toMatchObject({ state: 'referred', referredBy: 'audit-clerk' });
    }
    expect((await auditList('true')).body.items.map((item: { id: string }) => item.id)).not.toContain(revoked.id);
    expect((await auditList('referred', clerk)).status).toBe(403);
    const referred = await auditList('referred');
    expect(referred.body.items.map((item: { id: string }) => item.id)).toEqual(expect.arrayContaining([revoked.id, kept.id]));
    expect(referred.body.items.find((item: { id: string }) => item.id === revoked.id).audit.note).toBe('photo does not match the document scan');
    expect((await audit(revoked.id, clerk, { outcome: 'confirm' })).status).toBe(403);
    expect((await audit(revoked.id, supervisor, { outcome: 'refer' })).status).toBe(409);

    const revocation = await stack.request('POST', `/api/review/applications/${revoked.id}/revoke`, { headers: as(supervisor), body: { reasonCode: 'document-mismatch' } });
    expect(revocation.body).toEqual({ status: 'REVOKED' });
    expect((await audit(kept.id, supervisor, { outcome: 'confirm' })).body.audit).toMatchObject({ state: 'confirmed', referredBy: 'audit-clerk', confirmedBy: 'policy-supervisor' });
    const after = (await auditList('referred')).body.items.map((item: { id: string }) => item.id);
    expect(after).not.toContain(revoked.id);
    expect(after).not.toContain(kept.id);
    const permit = (await detail(revoked.id)).permit;
    expect((await stack.request('POST', '/api/permits/verify', { body: { token: permit.token } })).body).toMatchObject({ valid: false, reason: 'revoked' });
  });
});

