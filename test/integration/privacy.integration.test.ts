/**
 * The applicant's status view shows nothing meant for officers: no watch-list, duplicate or look-alike
 * flag, no internal note, and only applicant-safe reason codes, whatever the clerk decided.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIssuerKeys, mintToken } from '../../infra/local/local-issuer.ts';
import { person, tourismApplication } from '../fixtures/applications.ts';
import { listedPeople } from '../fixtures/evasion.ts';
import { startTestStack, type TestStack } from './helpers.ts';

let stack: TestStack;
const keys = loadIssuerKeys();
const clerk = mintToken(keys, { clerkId: 'clerk-privacy', ports: ['MOHAN'], role: 'clerk' });
const supervisor = mintToken(keys, { clerkId: 'supervisor-privacy', ports: ['MOHAN'], role: 'supervisor' });
const internalNote = 'Matches notice 4411; alert the border police before the window';

beforeAll(async () => {
  stack = await startTestStack({ throttle: false, sampleData: true });
});
afterAll(async () => stack?.stop());

const review = (path: string, bearer: string, body?: unknown) =>
  stack.request('POST', `/api/review/applications/${path}`, { headers: { authorization: `Bearer ${bearer}` }, body });

async function submitAll(bodies: unknown[]) {
  const accepted = [];
  for (const body of bodies) {
    const response = await stack.request('POST', '/api/applications', { body });
    expect(response.status).toBe(202);
    accepted.push(response.body as { id: string; accessToken: string });
  }
  await stack.drainQueue();
  return accepted;
}

const statusOf = async ({ id, accessToken }: { id: string; accessToken: string }) =>
  (await stack.applicantView(id, accessToken)).body;

async function decide(id: string, decision: Record<string, unknown>) {
  expect((await review(`${id}/claim`, clerk)).status).toBe(200);
  const response = await review(`${id}/decision`, clerk, decision);
  expect(response.status).toBe(200);
}

/** Nothing in the view names an officers' flag, code or note. */
function expectNothingForOfficers(view: unknown) {
  const text = JSON.stringify(view);
  expect(text).not.toMatch(/watch-list|duplicate-application|mixed-script|fraud-suspected|"note"/);
  expect(text).not.toContain(internalNote);
}

describe('the applicant status view', () => {
  it('hides watch-list, duplicate and look-alike flags and the rejection reasons behind them', async () => {
    const listed = tourismApplication();
    listed.applicant = person({ ...listedPeople.nguyen, fullName: 'Nguy\u0435n Van An' });
    const first = tourismApplication();
    const duplicate = tourismApplication();
    duplicate.applicant.documentNumber = first.applicant.documentNumber;
    const forged = tourismApplication();
    const [watched, original, copy, fraud] = await submitAll([listed, first, duplicate, forged]);

    const detail = await stack.request('GET', `/api/review/applications/${watched!.id}`, { headers: { authorization: `Bearer ${clerk}` } });
    expect(detail.body.flags.map((flag: { code: string }) => flag.code).sort()).toEqual(['mixed-script-name', 'watch-list-person']);
    const copyDetail = await stack.request('GET', `/api/review/applications/${copy!.id}`, { headers: { authorization: `Bearer ${clerk}` } });
    expect(copyDetail.body.flags.map((flag: { code: string }) => flag.code)).toEqual(['duplicate-application']);
    for (const pending of [watched!, original!, copy!]) {
      const view = await statusOf(pending);
      expect(view.status).toBe('PENDING_REVIEW');
      expect(view).not.toHaveProperty('flags');
      expectNothingForOfficers(view);
    }

    const applicantMessage = 'Please come to the permit window with your passport.';
    await decide(watched!.id, { outcome: 'reject', reasonCode: 'watch-list-match', note: internalNote, applicantMessage });
    await decide(copy!.id, { outcome: 'reject', reasonCode: 'duplicate-application', note: internalNote });
    await decide(fraud!.id, { outcome: 'reject', reasonCode: 'fraud-suspected', note: internalNote });
    const watchedView = await statusOf(watched!);
    expect(watchedView.decision).toEqual({ outcome: 'reject', reasonCode: 'other', applicantMessage, decidedAt: expect.any(String) });
    for (const rejected of [copy!, fraud!]) {
      const view = await statusOf(rejected);
      expect(view.decision).toEqual({ outcome: 'reject', reasonCode: 'other', decidedAt: expect.any(String) });
      expectNothingForOfficers(view);
    }
    expectNothingForOfficers(watchedView);
    // Officers still see it all.
    const decided = await stack.request('GET', `/api/review/applications/${watched!.id}`, { headers: { authorization: `Bearer ${clerk}` } });
    expect(decided.body.decision).toMatchObject({ reasonCode: 'watch-list-match', note: internalNote, applicantMessage });
  });

  it('passes an applicant-safe reason code through and shows a revocation only by its safe reason and message', async () => {
    const [expired, revoked] = await submitAll([tourismApplication(), tourismApplication()]);
    await decide(expired!.id, { outcome: 'reject', reasonCode: 'document-expired', note: internalNote });
    expect((await statusOf(expired!)).decision).toEqual({ outcome: 'reject', reasonCode: 'document-expired', decidedAt: expect.any(String) });

    await decide(revoked!.id, { outcome: 'approve', note: internalNote, applicantMessage: 'Have a good trip.' });
    expect((await statusOf(revoked!)).decision).toMatchObject({ outcome: 'approve', applicantMessage: 'Have a good trip.' });
    const applicantMessage = 'Your permit is withdrawn; the permit window can tell you more.';
    const revocation = await review(`${revoked!.id}/revoke`, supervisor, { reasonCode: 'fraud-suspected', note: internalNote, applicantMessage });
    expect(revocation.status).toBe(200);
    const view = await statusOf(revoked!);
    expect(view.revocation).toEqual({ reasonCode: 'other', applicantMessage, revokedAt: expect.any(String) });
    expectNothingForOfficers(view);
  });

  it('maps the reason of a request for information too, whose note is the applicant message', async () => {
    const [asked] = await submitAll([tourismApplication()]);
    const message = 'Please send a clear scan of the passport photo page.';
    expect((await review(`${asked!.id}/claim`, clerk)).status).toBe(200);
    const both = await review(`${asked!.id}/decision`, clerk, { outcome: 'request-info', reasonCode: 'watch-list-match', note: message, applicantMessage: 'x' });
    expect(both.status).toBe(400);
    expect(both.body.issues).toEqual([{ path: 'applicantMessage', message: 'For a request for information, the note is the message to the applicant.' }]);
    expect((await review(`${asked!.id}/decision`, clerk, { outcome: 'request-info', reasonCode: 'watch-list-match', note: message })).status).toBe(200);
    const view = await statusOf(asked!);
    expect(view.infoRequest).toEqual({ reasonCode: 'other', message, requestedAt: expect.any(String) });
    expectNothingForOfficers(view);
  });

  it('refuses hidden characters in the messages a clerk writes', async () => {
    const [pending] = await submitAll([tourismApplication()]);
    expect((await review(`${pending!.id}/claim`, clerk)).status).toBe(200);
    const response = await review(`${pending!.id}/decision`, clerk, { outcome: 'approve', note: 'ok\u202E', applicantMessage: 'Welcome\u200B' });
    expect(response.status).toBe(400);
    expect(response.body.issues.map((issue: { path: string }) => issue.path).sort()).toEqual(['applicantMessage', 'note']);
  });
});
