/**
 * Property-based fuzzing of every route through the local gateway: generated bodies, headers, path
 * parameters and tokens never produce a 5xx, always get the contract's error body, store nothing when
 * rejected, and an accepted application reads back equal.
 */
import { request } from 'node:http';
import fc from 'fast-check';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIssuerKeys, mintToken } from '../../infra/local/local-issuer.ts';
import { routes } from '../../shared/deployment/routes.ts';
import { applicationSchema } from '../../shared/domain/schemas.ts';
import { cargoApplication, tourismApplication } from '../fixtures/applications.ts';
import { startTestStack, type TestStack } from './helpers.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
// A failure prints its seed; FUZZ_SEED=<seed> replays the same generated inputs.
if (process.env.FUZZ_SEED) fc.configureGlobal({ seed: Number(process.env.FUZZ_SEED) });
const errorCodes = ['ValidationError', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict', 'PayloadTooLarge', 'UnsupportedMediaType', 'TooManyRequests'];

let stack: TestStack;
const clerkToken = mintToken(loadIssuerKeys(), { clerkId: 'fuzz-clerk', ports: ['MOHAN', 'DALUO', 'JINGHONG', 'GUANLEI'], role: 'supervisor' });

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  stack = await startTestStack({ throttle: false, poller: false });
});
afterAll(async () => stack?.stop());

async function countApplications(): Promise<number> {
  const { documentClient } = await import('../../shared/adapters/dynamodb-client.ts');
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new ScanCommand({ TableName: stack.env.TABLE_NAME, Select: 'COUNT', FilterExpression: 'begins_with(pk, :app) OR begins_with(pk, :key)', ExpressionAttributeValues: { ':app': 'APP#', ':key': 'IDEMPOTENCY#' }, ExclusiveStartKey: startKey }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}

async function send(method: string, path: string, headers: Record<string, string>, body?: string) {
  const response = await fetch(`${stack.url}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, text, json: (() => { try { return JSON.parse(text); } catch { return undefined; } })() };
}

/** A request whose path goes out byte for byte, as a client that does not encode it would send it. */
function rawRequest(method: string, path: string): Promise<{ status: number; text: string; json: any }> {
  const target = new URL(stack.url);
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: target.hostname, port: target.port, method, path, headers: { authorization: `Bearer ${clerkToken}`, 'content-type': 'application/json' } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text, json: (() => { try { return JSON.parse(text); } catch { return undefined; } })() }));
    });
    outgoing.on('error', reject);
    outgoing.end(method === 'POST' ? '{}' : undefined);
  });
}

/** Two applications in MOHAN's queue, so a page of one has a cursor. */
async function submitForQueue() {
  for (let index = 0; index < 2; index++) await send('POST', '/api/applications', { 'content-type': 'application/json' }, JSON.stringify(tourismApplication()));
  stack.startPolling();
  await stack.drainQueue();
  await stack.stopPolling();
}

function expectContractError(response: { status: number; json: any; text: string }) {
  expect(response.status, response.text).toBeLessThan(500);
  if (response.status >= 400) {
    expect(errorCodes, response.text).toContain(response.json?.error);
    expect(typeof response.json.message).toBe('string');
    if (response.status === 400) {
      expect(Array.isArray(response.json.issues)).toBe(true);
      for (const issue of response.json.issues) expect(issue).toEqual({ path: expect.any(String), message: expect.any(String) });
    }
  }
}

/** Sets, deletes or replaces one field somewhere in a valid application. */
function mutate(base: unknown, path: (string | number)[], action: 'set' | 'delete' | 'add', value: unknown): unknown {
  const copy = structuredClone(base) as Record<string, unknown>;
  let target: any = copy;
  for (const step of path.slice(0, -1)) {
    if (target?.[step] === undefined || typeof target[step] !== 'object') return copy;
    target = target[step];
  }
  const last = path[path.length - 1]!;
  if (action === 'delete') delete target[last];
  else if (action === 'add') target[`x${String(last)}`] = value;
  else target[last] = value;
  return copy;
}

const fieldPaths: (string | number)[][] = [
  ['kind'], ['port'], ['direction'], ['travel', 'entryDate'], ['travel', 'exitDate'], ['travel', 'destinationCountry'],
  ['applicant', 'fullName'], ['applicant', 'dateOfBirth'], ['applicant', 'documentNumber'], ['applicant', 'documentType'],
  ['contact', 'phone'], ['contact', 'email'], ['contact', 'language'], ['members'], ['agency'], ['urgent'], ['crossingDate'], ['vehicle', 'type'],
  ['vehicle', 'plateNumber'], ['drivers'], ['drivers', 0, 'documentExpiry'], ['cargo'], ['cargo', 0, 'weightKg'], ['cargo', 0, 'hsCode'],
];

describe('fuzzing the applicant routes', () => {
  it('never answers 5xx to generated submissions, stores only what it accepts, and reads accepted bodies back equal', async () => {
    const before = await countApplications();
    const accepted = new Set<string>();
    const keys = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.constantFrom(tourismApplication({ members: 2 }), cargoApplication(), tourismApplication({ medical: true })).chain((base) =>
            fc.tuple(fc.constantFrom(...fieldPaths), fc.constantFrom('set', 'delete', 'add') as fc.Arbitrary<'set' | 'delete' | 'add'>, fc.jsonValue({ maxDepth: 2 })).map(([path, action, value]) => mutate(base, path, action, value)),
          ),
          fc.jsonValue({ maxDepth: 3 }),
        ),
        fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', '', 'application/problem+json'),
        fc.option(fc.string({ minLength: 0, maxLength: 140 }), { nil: undefined }),
        async (body, contentType, idempotencyKey) => {
          const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};
          if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey.replace(/[\r\n\0]/g, '');
          const response = await send('POST', '/api/applications', headers, JSON.stringify(body));
          expectContractError(response);
          if (response.status === 202) {
            accepted.add(response.json.id);
            if (headers['idempotency-key'] !== undefined) keys.add(headers['idempotency-key']);
            const detail = await send('GET', `/api/review/applications/${response.json.id}`, { authorization: `Bearer ${clerkToken}` });
            expect(detail.json.application).toEqual(applicationSchema.parse(body));
          }
        },
      ),
      { numRuns: RUNS },
    );
    expect(accepted.size, 'some generated bodies must be valid for the read-back check to mean anything').toBeGreaterThan(10);
    expect(await countApplications()).toBe(before + accepted.size + keys.size);
  }, 120_000);

  it('never answers 5xx to generated ids and access tokens', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 80 }), fc.string({ maxLength: 100 }), fc.constantFrom('GET', 'POST', 'POST withdraw'), async (id, token, route) => {
        const method = route.split(' ')[0]!;
        const path = `/api/applications/${encodeURIComponent(id)}${{ GET: '', POST: '/info', 'POST withdraw': '/withdraw' }[route]}`;
        const headers: Record<string, string> = { authorization: `Bearer ${token.replace(/[\r\n\0]/g, '')}`, 'content-type': 'application/json' };
        const response = await send(method, path, headers, method === 'POST' ? JSON.stringify({ message: 'answer' }) : undefined);
        expectContractError(response);
        expect([400, 404]).toContain(response.status);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});

describe('fuzzing the clerk and checkpoint routes', () => {
  const clerkRoutes = routes.filter((route) => route.auth === 'clerk');

  it('answers 401 to every generated or tampered token on every clerk route', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...clerkRoutes),
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.tuple(fc.base64String(), fc.base64String(), fc.base64String()).map((parts) => parts.join('.')),
          fc.nat({ max: clerkToken.length - 1 }).map((index) => `${clerkToken.slice(0, index)}${clerkToken[index] === 'a' ? 'b' : 'a'}${clerkToken.slice(index + 1)}`),
        ),
        async (route, token) => {
          if (token === clerkToken) return;
          const path = route.path.replace('{id}', 'AAAAAAAAAAAAAAAAAAAAAA').replace('{port}', 'MOHAN') + (route.method === 'GET' && !/\{(id|port)\}/.test(route.path) ? '?port=MOHAN' : '');
          const response = await send(route.method, path, { authorization: `Bearer ${token.replace(/[\r\n\0]/g, '')}`, 'content-type': 'application/json' }, route.method === 'GET' ? undefined : '{}');
          expect(response.status, `${route.method} ${route.path} ${token}`).toBe(401);
          expectContractError(response);
        },
      ),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('never answers 5xx to generated queue queries and decisions from a real clerk', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom('port', 'lane', 'kind', 'limit', 'cursor', 'audit', 'other'), fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('MOHAN', 'true', 'referred'))),
        fc.jsonValue({ maxDepth: 2 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        async (query, decision, id) => {
          const list = await send('GET', `/api/review/applications?${new URLSearchParams(query)}`, { authorization: `Bearer ${clerkToken}` });
          expectContractError(list);
          const decide = await send('POST', `/api/review/applications/${encodeURIComponent(id)}/decision`, { authorization: `Bearer ${clerkToken}`, 'content-type': 'application/json' }, JSON.stringify(decision));
          expectContractError(decide);
        },
      ),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('answers generated and altered queue cursors with a page or a 400 on cursor, never a 5xx', async () => {
    await submitForQueue();
    const issued = (await send('GET', '/api/review/applications?port=MOHAN&limit=1', { authorization: `Bearer ${clerkToken}` })).json.nextCursor as string;
    const decoded = JSON.parse(Buffer.from(issued, 'base64url').toString('utf8')) as Record<string, unknown>;
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 60 }),
          fc.jsonValue({ maxDepth: 2 }).map(encode),
          fc.record({ port: fc.constantFrom('MOHAN', 'DALUO', ''), lane: fc.constantFrom(null, 'medical', 'standard', 'x'), kind: fc.constantFrom(null, 'border-tourism', 7), after: fc.oneof(fc.string({ maxLength: 40 }), fc.constant(decoded.after), fc.constant(String(decoded.after).padEnd(1200, '9'))) }, { requiredKeys: [] }).map(encode),
          fc.tuple(fc.constantFrom(...Object.keys(decoded)), fc.jsonValue({ maxDepth: 1 })).map(([field, value]) => encode({ ...decoded, [field]: value })),
        ),
        fc.constantFrom('', '&lane=medical', '&lane=standard', '&kind=border-tourism', '&kind=cargo-transit&lane=perishable'),
        async (cursor, filters) => {
          const response = await send('GET', `/api/review/applications?port=MOHAN${filters}&cursor=${encodeURIComponent(cursor)}`, { authorization: `Bearer ${clerkToken}` });
          expectContractError(response);
          if (response.status === 400) expect(response.json.issues.map((issue: { path: string }) => issue.path)).toEqual(['cursor']);
        },
      ),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('never answers 5xx to generated port policies and audit outcomes from a real supervisor', async () => {
    const policy = { autoApprove: [{ kind: 'border-tourism', lanes: ['standard'], includeGroups: false }], auditSampleRate: 0.05 };
    const paths: (string | number)[][] = [['autoApprove'], ['autoApprove', 0], ['autoApprove', 0, 'kind'], ['autoApprove', 0, 'lanes'], ['autoApprove', 0, 'lanes', 0], ['autoApprove', 0, 'includeGroups'], ['auditSampleRate'], ['expectedVersion']];
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.tuple(fc.constantFrom(...paths), fc.constantFrom('set', 'delete', 'add') as fc.Arbitrary<'set' | 'delete' | 'add'>, fc.jsonValue({ maxDepth: 2 })).map(([path, action, value]) => mutate(policy, path, action, value)),
          fc.jsonValue({ maxDepth: 3 }),
        ),
        fc.constantFrom('MOHAN', 'DALUO', 'NOWHERE', '%7Bport%7D', 'mohan'),
        fc.jsonValue({ maxDepth: 2 }),
        async (body, port, outcome) => {
          const headers = { authorization: `Bearer ${clerkToken}`, 'content-type': 'application/json' };
          const put = await send('PUT', `/api/review/ports/${port}/policy`, headers, JSON.stringify(body));
          expectContractError(put);
          if (put.status === 200) expect(put.json).toMatchObject({ port, version: expect.any(Number), updatedBy: 'fuzz-clerk' });
          expectContractError(await send('GET', `/api/review/ports/${port}/policy`, headers));
          expectContractError(await send('POST', '/api/review/applications/AAAAAAAAAAAAAAAAAAAAAA/audit', headers, JSON.stringify(outcome)));
        },
      ),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('answers raw paths with bad percent-encoding with a 400, never a 5xx', async () => {
    const segment = fc.array(fc.oneof(fc.constantFrom('%', '%Z', '%E0%A4', '%C0%AF', '%FF', '%2F', '%00', '%25', 'A'), fc.stringMatching(/^[A-Za-z0-9._~-]{0,6}$/)), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(segment, fc.constantFrom('GET /api/applications/', 'POST /api/applications/ /info', 'GET /api/review/applications/', 'POST /api/review/applications/ /claim'), async (raw, template) => {
        const [method, path] = template.split(' ') as [string, string];
        const suffix = template.split(' ')[2] ?? '';
        const response = await rawRequest(method, `${path}${raw}${suffix}`);
        expectContractError(response);
        expect([400, 401, 403, 404, 409], `${method} ${path}${raw}${suffix}`).toContain(response.status);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('verifies generated permit tokens without a 5xx, never calling them valid', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.record({ token: fc.oneof(fc.string({ maxLength: 300 }), fc.jsonValue()) })), async (body) => {
        const response = await send('POST', '/api/permits/verify', { 'content-type': 'application/json' }, JSON.stringify(body));
        expectContractError(response);
        if (response.status === 200) expect(response.json.valid).toBe(false);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
