/**
 * Property-based fuzzing of every route through the local gateway: generated bodies, headers, path
 * parameters and tokens never produce a 5xx, always get the contract's error body, store nothing when
 * rejected, and an accepted application reads back equal.
 */
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
          const path = route.path.replace('{id}', 'AAAAAAAAAAAAAAAAAAAAAA') + (route.method === 'GET' && !route.path.includes('{id}') ? '?port=MOHAN' : '');
          const response = await send(route.method, path, { authorization: `Bearer ${token.replace(/[\r\n\0]/g, '')}`, 'content-type': 'application/json' }, route.method === 'POST' ? '{}' : undefined);
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
        fc.dictionary(fc.constantFrom('port', 'lane', 'kind', 'limit', 'cursor', 'other'), fc.string({ maxLength: 30 })),
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
