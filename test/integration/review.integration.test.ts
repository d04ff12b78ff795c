import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../shared/domain/principal.ts';
import { loadIssuerKeys, mintToken } from '../../infra/local/local-issuer.ts';
import { cargoApplication, tourismApplication } from '../fixtures/applications.ts';
import { startTestStack, type TestStack } from './helpers.ts';

let stack: TestStack;
const keys = loadIssuerKeys();
const token = (clerkId: string, ports: string[], role: Role = 'clerk') => mintToken(keys, { clerkId, ports, role });
const asClerk = (bearer: string) => ({ authorization: `Bearer ${bearer}` });

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.stop());

async function pendingApplication(body: unknown = tourismApplication()) {
  const accepted = await stack.request('POST', '/api/applications', { body });
  expect(accepted.status).toBe(202);
  await stack.drainQueue();
  return accepted.body as { id: string; accessToken: string; reviewDeadline: string };
}

const review = (method: string, path: string, bearer?: string, body?: unknown) =>
  stack.request(method, `/api/review/applications${path}`, { headers: bearer ? asClerk(bearer) : {}, body });

describe('authorization', () => {
  it('answers 401 without a token, with a bad signature and when expired', async () => {
    const app = await pendingApplication();
    const good = token('clerk-auth', ['MOHAN']);
    const tampered = `${good.slice(0, -4)}${good.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    const expired = mintToken(keys, { clerkId: 'clerk-auth', ports: ['MOHAN'], role: 'clerk', issuedAt: Math.floor(Date.now() / 1000) - 7200, lifetimeSeconds: 3600 });
    const foreign = `${good.split('.').slice(0, 2).join('.')}.${Buffer.from('forged').toString('base64url')}`;
    // The same signature bytes spelt another way (the last character's 4 unused bits set): not a valid token either.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(good.at(-1)!);
    const respelled = `${good.slice(0, -1)}${alphabet[(last & ~15) | ((last & 15) ^ 1)]}`;
    expect(Buffer.from(respelled.split('.')[2]!, 'base64url')).toEqual(Buffer.from(good.split('.')[2]!, 'base64url'));
    for (const bearer of [undefined, tampered, expired, foreign, respelled, 'not-a-jwt']) {
      for (const [method, path] of [
        ['GET', '?port=MOHAN'],
        ['GET', `/${app.id}`],
        ['POST', `/${app.id}/claim`],
        ['POST', `/${app.id}/release`],
        ['POST', `/${app.id}/decision`],
        ['POST', `/${app.id}/revoke`],
      ] as const) {
        const response = await review(method, path, bearer, method === 'POST' ? {} : undefined);
        expect(response.status, `${method} ${path} with ${bearer?.slice(0, 10)}`).toBe(401);
        expect(response.body.error).toBe('Unauthorized');
      }
    }
  });

  it('answers 403 for a port not in the token, revealing nothing of it', async () => {
    const app = await pendingApplication();
    const daluoClerk = token('clerk-daluo', ['DALUO']);
    const list = await review('GET', '?port=MOHAN', daluoClerk);
    expect(list.status).toBe(403);
    expect(Object.keys(list.body).sort()).toEqual(['error', 'message']);
    for (const [method, path] of [['GET', `/${app.id}`], ['POST', `/${app.id}/claim`]] as const) {
      const response = await review(method, path, daluoClerk);
      expect(response.status).toBe(403);
      expect(JSON.stringify(response.body)).not.toContain(app.id);
    }
  });

  it('lets only a supervisor revoke and release another clerk\'s claim', async () => {
    const app = await pendingApplication();
    const clerkA = token('clerk-a', ['MOHAN']);
    const clerkB = token('clerk-b', ['MOHAN']);
    const supervisor = token('supervisor-1', ['MOHAN', 'DALUO'], 'supervisor');
    expect((await review('POST', `/${app.id}/claim`, clerkA)).status).toBe(200);
    expect((await review('POST', `/${app.id}/release`, clerkB)).status).toBe(409);
    expect((await review('POST', `/${app.id}/release`, supervisor)).status).toBe(200);
    expect((await review('POST', `/${app.id}/claim`, clerkB)).status).toBe(200);
    expect((await review('POST', `/${app.id}/decision`, clerkB, { outcome: 'approve' })).body).toEqual({ status: 'APPROVED' });
    const byClerk = await review('POST', `/${app.id}/revoke`, clerkB, { reasonCode: 'fraud-suspected' });
    expect(byClerk.status).toBe(403);
    const bySupervisor = await review('POST', `/${app.id}/revoke`, supervisor, { reasonCode: 'fraud-suspected', note: 'forged stamp' });
    expect(bySupervisor.body).toEqual({ status: 'REVOKED' });
  });
});

describe('claims and decisions under races', () => {
  it('gives exactly one of 20 parallel claims', async () => {
    const app = await pendingApplication();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) => review('POST', `/${app.id}/claim`, token(`racer-${index}`, ['MOHAN']))),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    const detail = await review('GET', `/${app.id}`, token('reader', ['MOHAN']));
    expect(detail.body.history.filter((entry: { action: string }) => entry.action === 'claim')).toHaveLength(1);
  });

  it('renews the holder\'s lease and refuses others until released', async () => {
    const app = await pendingApplication();
    const holder = token('holder', ['MOHAN']);
    const first = await review('POST', `/${app.id}/claim`, holder);
    expect(first.body.claim).toMatchObject({ clerkId: 'holder' });
    expect(Date.parse(first.body.claim.expiresAt) - Date.now()).toBeGreaterThan(14 * 60 * 1000);
    expect((await review('POST', `/${app.id}/claim`, holder)).status).toBe(200);
    expect((await review('POST', `/${app.id}/claim`, token('other', ['MOHAN']))).status).toBe(409);
    expect((await review('POST', `/${app.id}/release`, holder)).status).toBe(200);
    expect((await review('POST', `/${app.id}/claim`, token('other', ['MOHAN']))).status).toBe(200);
  });

  it('answers 409, not released, when the claim changes between the read and the release', async () => {
    const app = await pendingApplication();
    const holder = token('slow-releaser', ['MOHAN']);
    const supervisor = token('quick-supervisor', ['MOHAN'], 'supervisor');
    await review('POST', `/${app.id}/claim`, holder);
    // A supervisor releases the claim just before the holder's own conditional release reaches the table.
    const { documentClient } = await import('../../shared/adapters/dynamodb-client.ts');
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const send = documentClient.send.bind(documentClient);
    let raced = false;
    const spy = vi.spyOn(documentClient, 'send').mockImplementation(async (command: any) => {
      if (!raced && command instanceof UpdateCommand && String(command.input.UpdateExpression).startsWith('REMOVE claim')) {
        raced = true;
        spy.mockRestore();
        expect((await review('POST', `/${app.id}/release`, supervisor)).status).toBe(200);
      }
      return send(command);
    });
    const response = await review('POST', `/${app.id}/release`, holder);
    spy.mockRestore();
    expect(raced).toBe(true);
    expect(response.status).toBe(409);
    expect(response.body.error).toBe('Conflict');
    const detail = await review('GET', `/${app.id}`, supervisor);
    expect(detail.body.history.filter((entry: { action: string }) => entry.action === 'release')).toHaveLength(1);
  });

  it('refuses a decision without the claim', async () => {
    const app = await pendingApplication();
    const response = await review('POST', `/${app.id}/decision`, token('no-claim', ['MOHAN']), { outcome: 'approve' });
    expect(response.status).toBe(409);
    expect(response.body.error).toBe('Conflict');
  });

  it('lets only one of two racing decisions succeed', async () => {
    const app = await pendingApplication();
    const clerk = token('decider', ['MOHAN']);
    await review('POST', `/${app.id}/claim`, clerk);
    const [a, b] = await Promise.all([
      review('POST', `/${app.id}/decision`, clerk, { outcome: 'approve' }),
      review('POST', `/${app.id}/decision`, clerk, { outcome: 'reject', reasonCode: 'capacity' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const detail = await review('GET', `/${app.id}`, clerk);
    expect(detail.body.history.filter((entry: { to?: string }) => entry.to === 'APPROVED' || entry.to === 'REJECTED')).toHaveLength(1);
  });

  it('validates decisions with one issue per field', async () => {
    const app = await pendingApplication(tourismApplication({ members: 2 }));
    const clerk = token('validator', ['MOHAN']);
    await review('POST', `/${app.id}/claim`, clerk);
    const reject = await review('POST', `/${app.id}/decision`, clerk, { outcome: 'reject' });
    expect(reject.body.issues).toEqual([{ path: 'reasonCode', message: expect.any(String) }]);
    const info = await review('POST', `/${app.id}/decision`, clerk, { outcome: 'request-info' });
    expect(info.body.issues.map((issue: { path: string }) => issue.path).sort()).toEqual(['note', 'reasonCode']);
    const unknownReason = await review('POST', `/${app.id}/decision`, clerk, { outcome: 'reject', reasonCode: 'nope' });
    expect(unknownReason.body.issues).toEqual([{ path: 'reasonCode', message: expect.stringContaining('incomplete-document') }]);
    const excluded = await review('POST', `/${app.id}/decision`, clerk, { outcome: 'approve', excludedMembers: [5] });
    expect(excluded.status).toBe(400);
    expect(excluded.body.issues[0].path).toBe('excludedMembers.0');
  });
});

describe('a review session', () => {
  it('requests information, resumes the clock on the answer, and approves a group without one member', async () => {
    const body = tourismApplication({ members: 3 });
    const app = await pendingApplication(body);
    const clerk = token('clerk-session', ['MOHAN']);
    const applicant = { authorization: `Bearer ${app.accessToken}` };

    expect((await review('POST', `/${app.id}/claim`, clerk)).status).toBe(200);
    const asked = await review('POST', `/${app.id}/decision`, clerk, {
      outcome: 'request-info',
      reasonCode: 'incomplete-document',
      note: 'Please send the second member\'s renewed passport.',
    });
    expect(asked.body).toEqual({ status: 'INFO_REQUESTED' });
    const queue = await review('GET', '?port=MOHAN&limit=100', clerk);
    expect(queue.body.items.map((item: { id: string }) => item.id)).not.toContain(app.id);

    const waiting = await stack.request('GET', `/api/applications/${app.id}`, { headers: applicant });
    expect(waiting.body).toMatchObject({ status: 'INFO_REQUESTED', infoRequest: { reasonCode: 'incomplete-document', message: expect.stringContaining('renewed passport') } });
    const minutesLeft = waiting.body.clockRemainingMinutes;
    expect(minutesLeft).toBeGreaterThan(24 * 60 - 5);

    const refused = await stack.request('POST', `/api/applications/${app.id}/info`, { headers: applicant, body: { message: 'moving port', changes: { port: 'DALUO' } } });
    expect(refused.status).toBe(400);
    expect(refused.body.issues[0].path).toBe('changes.port');

    const members = body.members!.map((member, index) => (index === 1 ? { ...member, documentNumber: 'N0000RENEW1' } : member));
    const answered = await stack.request('POST', `/api/applications/${app.id}/info`, { headers: applicant, body: { message: 'Renewed passport attached.', changes: { members } } });
    expect(answered.status).toBe(202);
    expect(answered.body.status).toBe('PENDING_REVIEW');
    const resumedLeft = (Date.parse(answered.body.reviewDeadline) - Date.now()) / 60000;
    expect(Math.abs(resumedLeft - minutesLeft)).toBeLessThan(3);

    const again = await stack.request('POST', `/api/applications/${app.id}/info`, { headers: applicant, body: { message: 'twice' } });
    expect(again.status).toBe(409);

    expect((await review('POST', `/${app.id}/claim`, clerk)).status).toBe(200);
    const approved = await review('POST', `/${app.id}/decision`, clerk, { outcome: 'approve', excludedMembers: [2], note: 'Member 3 travels separately.' });
    expect(approved.body).toEqual({ status: 'APPROVED' });

    const detail = await review('GET', `/${app.id}`, clerk);
    expect(detail.body.application.members[1].documentNumber).toBe('N0000RENEW1');
    expect(detail.body).not.toHaveProperty('accessTokenHash');
    expect(detail.body.history.map((entry: { action: string }) => entry.action)).toEqual([
      'submit', 'screen', 'claim', 'request-info', 'answer-info', 'claim', 'approve',
    ]);
    const transitions = detail.body.history.filter((entry: { to?: string }) => entry.to);
    expect(transitions.map((entry: { from?: string; to: string }) => `${entry.from ?? ''}>${entry.to}`)).toEqual([
      '>SUBMITTED', 'SUBMITTED>PENDING_REVIEW', 'PENDING_REVIEW>INFO_REQUESTED', 'INFO_REQUESTED>PENDING_REVIEW', 'PENDING_REVIEW>APPROVED',
    ]);
    for (const entry of detail.body.history) expect(entry.at).toMatch(/\+08:00$/);

    const final = await stack.request('GET', `/api/applications/${app.id}`, { headers: applicant });
    expect(final.body).toMatchObject({ status: 'APPROVED', decision: { outcome: 'approve', excludedMembers: [2] } });
  });
});

describe('the queue', () => {
  /** A standard tourism application accepted and screened a week ago: its deadline has long passed. */
  async function overdueApplication(port: string): Promise<string> {
    const { submitApplication } = await import('../../shared/use-cases/submit-application.ts');
    const { screenApplication } = await import('../../shared/use-cases/screen-application.ts');
    const acceptedAt = Date.now() - 7 * 24 * 3_600_000;
    const receipt = await submitApplication(tourismApplication({ port }), undefined, () => acceptedAt);
    await screenApplication(receipt.id, () => acceptedAt + 1000);
    return receipt.id;
  }

  it('puts the earliest deadline first whatever the lane, filters by lane and kind, and pages with an opaque cursor', async () => {
    const port = 'GUANLEI';
    const clerk = token('queue-clerk', [port]);
    const standardTourism = await pendingApplication(tourismApplication({ port }));
    const standardCargo = await pendingApplication(cargoApplication({ port, vehicle: 'vessel', perishable: false }));
    await pendingApplication(cargoApplication({ port, vehicle: 'vessel', perishable: true }));
    await pendingApplication(tourismApplication({ port, medical: true }));
    await pendingApplication(tourismApplication({ port, medical: true }));
    const overdue = await overdueApplication(port);

    const all = await review('GET', `?port=${port}`, clerk);
    expect(all.status).toBe(200);
    const ids = (page: { body: { items: { id: string }[] } }) => page.body.items.map((item) => item.id);
    // The overdue standard application leads the perishable one with hours left: the contract's change.
    expect(all.body.items.map((item: { lane: string }) => item.lane)).toEqual(['standard', 'medical', 'medical', 'perishable', 'standard', 'standard']);
    expect(ids(all)[0]).toBe(overdue);
    // Deadlines have whole seconds: two submitted in the same second are in id order.
    type Item = { id: string; lane: string; reviewDeadline: string };
    const queueOrder = (left: Item, right: Item) => Date.parse(left.reviewDeadline) - Date.parse(right.reviewDeadline) || (left.id < right.id ? -1 : 1);
    expect(ids(all)).toEqual([...all.body.items].sort(queueOrder).map((item: Item) => item.id));
    expect(all.body.nextCursor).toBeUndefined();

    expect((await review('GET', `?port=${port}&lane=medical`, clerk)).body.items).toHaveLength(2);
    const cargo = await review('GET', `?port=${port}&kind=cargo-transit`, clerk);
    expect(cargo.body.items.map((item: { lane: string }) => item.lane)).toEqual(['perishable', 'standard']);
    // The standard lane holds both kinds: its tourism and cargo halves merged in deadline order.
    const standard = await review('GET', `?port=${port}&lane=standard`, clerk);
    expect(ids(standard)).toEqual(all.body.items.filter((item: Item) => item.lane === 'standard').map((item: Item) => item.id));
    expect(new Set(ids(standard))).toEqual(new Set([overdue, standardTourism.id, standardCargo.id]));
    expect(ids(standard)[0]).toBe(overdue);
    expect(ids(await review('GET', `?port=${port}&lane=standard&kind=cargo-transit`, clerk))).toEqual([standardCargo.id]);
    const none = await review('GET', `?port=${port}&lane=medical&kind=cargo-transit`, clerk);
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ items: [] });

    for (const view of ['', '&lane=standard', '&kind=border-tourism']) {
      const whole = await review('GET', `?port=${port}${view}`, clerk);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await review('GET', `?port=${port}${view}&limit=1${cursor ? `&cursor=${cursor}` : ''}`, clerk);
        expect(page.status, view).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(1);
        seen.push(...ids(page));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen, view).toEqual(ids(whole));
    }
  });

  it('rejects bad query parameters and foreign cursors', async () => {
    const clerk = token('query-clerk', ['MOHAN', 'DALUO']);
    const bad = await review('GET', '?port=MOHAN&limit=500&lane=slow', clerk);
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((issue: { path: string }) => issue.path).sort()).toEqual(['lane', 'limit']);
    const page = await review('GET', '?port=MOHAN&limit=1', clerk);
    if (page.body.nextCursor) {
      const foreign = await review('GET', `?port=DALUO&cursor=${page.body.nextCursor}`, clerk);
      expect(foreign.status).toBe(400);
      expect(foreign.body.issues[0].path).toBe('cursor');
    }
    const garbage = await review('GET', '?port=MOHAN&cursor=%7B%7D', clerk);
    expect(garbage.status).toBe(400);
  });
});

describe('OpenAPI', () => {
  it('serves the document', async () => {
    const response = await stack.request('GET', '/api/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
  });
});
