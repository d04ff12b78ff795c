/**
 * The authorization matrix, derived from the route table: every route is listed here with who may call
 * it, so a new route without a row fails this test. Each row is tried with no credential, a forged one,
 * the credential of someone else (another port, another application, a clerk where a supervisor is
 * needed), and the right one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIssuerKeys, mintToken } from '../../infra/local/local-issuer.ts';
import { routes } from '../../shared/deployment/routes.ts';
import { tourismApplication } from '../fixtures/applications.ts';
import { startTestStack, type TestStack } from './helpers.ts';

let stack: TestStack;
const keys = loadIssuerKeys();
const clerk = (ports: string[], role: 'clerk' | 'supervisor' = 'clerk') => `Bearer ${mintToken(keys, { clerkId: `matrix-${role}-${ports.join('-')}`, ports, role })}`;
let mine: { id: string; accessToken: string };
let other: { id: string; accessToken: string };

beforeAll(async () => {
  stack = await startTestStack();
  const submit = async () => (await stack.request('POST', '/api/applications', { body: tourismApplication() })).body as { id: string; accessToken: string };
  mine = await submit();
  other = await submit();
  await stack.drainQueue();
});
afterAll(async () => stack?.stop());

type Caller = 'nobody' | 'forged' | 'wrong' | 'right';
interface Row {
  /** Who may call: anyone, the applicant holding the application's access token, a clerk of its port, a supervisor of its port. */
  who: 'anyone' | 'applicant' | 'clerk' | 'supervisor';
  path: () => string;
  body?: () => unknown;
  /** Status for each caller. An applicant route answers a missing token like a wrong one: 404, existence not revealed. */
  expect: Partial<Record<Caller, number>>;
}

const forgedClerk = () => {
  const [header, , signature] = clerk(['MOHAN']).slice('Bearer '.length).split('.');
  const claims = Buffer.from(JSON.stringify({ sub: 'x', username: 'intruder', 'cognito:groups': ['port-MOHAN', 'role-supervisor'], exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
  return `Bearer ${header}.${claims}.${signature}`;
};

const matrix: Record<string, Row> = {
  'GET /api/ports': { who: 'anyone', path: () => '/api/ports', expect: { nobody: 200 } },
  'POST /api/applications': { who: 'anyone', path: () => '/api/applications', body: tourismApplication, expect: { nobody: 202 } },
  'GET /api/openapi.json': { who: 'anyone', path: () => '/api/openapi.json', expect: { nobody: 200 } },
  'GET /api/permits/keys': { who: 'anyone', path: () => '/api/permits/keys', expect: { nobody: 200 } },
  'POST /api/permits/verify': { who: 'anyone', path: () => '/api/permits/verify', body: () => ({ token: 'a.b.c' }), expect: { nobody: 200 } },
  'GET /api/permits/revocations': { who: 'anyone', path: () => '/api/permits/revocations', expect: { nobody: 200 } },
  'GET /api/applications/{id}': { who: 'applicant', path: () => `/api/applications/${mine.id}`, expect: { nobody: 404, forged: 404, wrong: 404, right: 200 } },
  // The application is not waiting for information, so the right caller is refused for the state, not for who they are.
  'POST /api/applications/{id}/info': { who: 'applicant', path: () => `/api/applications/${mine.id}/info`, body: () => ({ message: 'here it is' }), expect: { nobody: 404, forged: 404, wrong: 404, right: 409 } },
  'GET /api/review/applications': { who: 'clerk', path: () => '/api/review/applications?port=MOHAN', expect: { nobody: 401, forged: 401, wrong: 403, right: 200 } },
  'GET /api/review/applications/{id}': { who: 'clerk', path: () => `/api/review/applications/${mine.id}`, expect: { nobody: 401, forged: 401, wrong: 403, right: 200 } },
  'POST /api/review/applications/{id}/claim': { who: 'clerk', path: () => `/api/review/applications/${mine.id}/claim`, expect: { nobody: 401, forged: 401, wrong: 403, right: 200 } },
  'POST /api/review/applications/{id}/release': { who: 'clerk', path: () => `/api/review/applications/${mine.id}/release`, expect: { nobody: 401, forged: 401, wrong: 403, right: 200 } },
  // Without the claim (released above) the right clerk is refused for the state: 409.
  'POST /api/review/applications/{id}/decision': { who: 'clerk', path: () => `/api/review/applications/${mine.id}/decision`, body: () => ({ outcome: 'approve' }), expect: { nobody: 401, forged: 401, wrong: 403, right: 409 } },
  // A clerk of the right port is the wrong caller here; the supervisor is refused for the state (not approved): 409.
  'POST /api/review/applications/{id}/revoke': { who: 'supervisor', path: () => `/api/review/applications/${mine.id}/revoke`, body: () => ({ reasonCode: 'fraud-suspected' }), expect: { nobody: 401, forged: 401, wrong: 403, right: 409 } },
  // Not a sampled rule approval, so the right clerk is refused for the state: 409.
  'POST /api/review/applications/{id}/audit': { who: 'clerk', path: () => `/api/review/applications/${mine.id}/audit`, body: () => ({ outcome: 'confirm' }), expect: { nobody: 401, forged: 401, wrong: 403, right: 409 } },
  'GET /api/review/ports/{port}/policy': { who: 'clerk', path: () => '/api/review/ports/MOHAN/policy', expect: { nobody: 401, forged: 401, wrong: 403, right: 200 } },
  // A clerk of the port is the wrong caller here: only its supervisor changes the policy.
  'PUT /api/review/ports/{port}/policy': { who: 'supervisor', path: () => '/api/review/ports/MOHAN/policy', body: () => ({ autoApprove: [], auditSampleRate: 0 }), expect: { nobody: 401, forged: 401, wrong: 403, right: 200 } },
  // Last: it ends the application the rows above act on.
  'POST /api/applications/{id}/withdraw': { who: 'applicant', path: () => `/api/applications/${mine.id}/withdraw`, expect: { nobody: 404, forged: 404, wrong: 404, right: 200 } },
};

function credential(row: Row, caller: Caller): Record<string, string> {
  if (caller === 'nobody') return {};
  if (row.who === 'applicant') {
    const token = { forged: `${mine.accessToken.slice(0, -2)}xx`, wrong: other.accessToken, right: mine.accessToken }[caller];
    return { authorization: `Bearer ${token}` };
  }
  if (row.who === 'supervisor') {
    return { authorization: { forged: forgedClerk(), wrong: clerk(['MOHAN']), right: clerk(['MOHAN'], 'supervisor') }[caller] };
  }
  return { authorization: { forged: forgedClerk(), wrong: clerk(['DALUO', 'JINGHONG']), right: clerk(['MOHAN']) }[caller] };
}

describe('authorization matrix', () => {
  it('has one row for every route in the route table', () => {
    expect(Object.keys(matrix).sort()).toEqual(routes.map((route) => `${route.method} ${route.path}`).sort());
  });

  it.each(Object.entries(matrix))('%s', async (key, row) => {
    const method = key.split(' ')[0]!;
    for (const caller of ['nobody', 'forged', 'wrong', 'right'] as const) {
      const expected = row.expect[caller];
      if (expected === undefined) continue;
      const response = await stack.request(method, row.path(), { headers: credential(row, caller), body: row.body?.() });
      expect(response.status, `${key} as ${caller}: ${JSON.stringify(response.body)}`).toBe(expected);
      if (response.status >= 400) {
        expect(Object.keys(response.body).sort(), key).toEqual(expect.arrayContaining(['error', 'message']));
        // A refusal never tells who else could act or what the application holds.
        expect(JSON.stringify(response.body), key).not.toMatch(/Zhang|E\d{8}|\+86/);
      }
    }
  });
});
