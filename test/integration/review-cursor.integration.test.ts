/**
 * A review-queue cursor continues the query that issued it and nothing else: reused with another port,
 * lane or kind, or crafted with empty, oversized or extra keys, it answers 400 on `cursor`, never a 500
 * from DynamoDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIssuerKeys, mintToken } from '../../infra/local/local-issuer.ts';
import { tourismApplication } from '../fixtures/applications.ts';
import { startTestStack, type TestStack } from './helpers.ts';

let stack: TestStack;
const clerk = { authorization: `Bearer ${mintToken(loadIssuerKeys(), { clerkId: 'cursor-clerk', ports: ['MOHAN', 'DALUO'], role: 'clerk' })}` };
const list = (query: string) => stack.request('GET', `/api/review/applications?${query}`, { headers: clerk });
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

beforeAll(async () => {
  stack = await startTestStack();
  for (const medical of [true, true, false, false]) {
    for (const port of ['MOHAN', 'DALUO']) {
      expect((await stack.request('POST', '/api/applications', { body: tourismApplication({ port, medical }) })).status).toBe(202);
    }
  }
  await stack.drainQueue();
});
afterAll(async () => stack?.stop());

async function cursorOf(query: string): Promise<string> {
  const page = await list(`${query}&limit=1`);
  expect(page.status).toBe(200);
  expect(page.body.nextCursor).toEqual(expect.any(String));
  return page.body.nextCursor;
}

function expectCursorRefused(response: Awaited<ReturnType<TestStack['request']>>, label: string) {
  expect(response.status, `${label}: ${JSON.stringify(response.body)}`).toBe(400);
  expect(response.body.error).toBe('ValidationError');
  expect(response.body.issues.map((issue: { path: string }) => issue.path), label).toEqual(['cursor']);
}

describe('review queue cursors', () => {
  it('continue the query that issued them, page after page', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list(`port=MOHAN&lane=medical&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(2);
  });

  it('are refused with another port, lane or kind', async () => {
    const medical = await cursorOf('port=MOHAN&lane=medical');
    const whole = await cursorOf('port=MOHAN');
    const tourism = await cursorOf('port=MOHAN&kind=border-tourism');
    const cases: [string, string][] = [
      ['medical cursor on another port', `port=DALUO&lane=medical&cursor=${medical}`],
      ['medical cursor on the standard lane', `port=MOHAN&lane=standard&cursor=${medical}`],
      ['medical cursor on the whole queue', `port=MOHAN&cursor=${medical}`],
      ['medical cursor with a kind', `port=MOHAN&lane=medical&kind=border-tourism&cursor=${medical}`],
      ['whole-queue cursor on one lane', `port=MOHAN&lane=standard&cursor=${whole}`],
      ['whole-queue cursor on one kind', `port=MOHAN&kind=border-tourism&cursor=${whole}`],
      ['kind cursor on the whole queue', `port=MOHAN&cursor=${tourism}`],
      ['kind cursor on another kind', `port=MOHAN&kind=cargo-transit&cursor=${tourism}`],
    ];
    for (const [label, query] of cases) expectCursorRefused(await list(query), label);
  });

  it('are refused when crafted with empty, oversized, extra or mistyped keys', async () => {
    const issued = JSON.parse(Buffer.from(await cursorOf('port=MOHAN'), 'base64url').toString('utf8')) as Record<string, unknown>;
    const rawKey = (queueSk: string, extra: Record<string, unknown> = {}) => ({ pk: 'APP#x', sk: 'APPLICATION', queuePk: 'QUEUE#MOHAN', queueSk, ...extra });
    const crafted: [string, unknown][] = [
      ['a raw key with empty values', { pk: '', sk: '', queuePk: 'QUEUE#MOHAN', queueSk: '' }],
      ['a raw key with an oversized sort key', rawKey('3#'.padEnd(1400, '9'))],
      ['a raw key with an extra attribute', rawKey('3#000000000000000#x', { status: 'APPROVED' })],
      ['the issued cursor with an extra field', { ...issued, status: 'APPROVED' }],
      ['the issued cursor with an empty position', Object.fromEntries(Object.entries(issued).map(([name, value]) => [name, typeof value === 'string' && name !== 'port' ? '' : value]))],
      ['the issued cursor with an oversized position', Object.fromEntries(Object.entries(issued).map(([name, value]) => [name, typeof value === 'string' && name !== 'port' ? value.padEnd(1400, 'A') : value]))],
      ['a number', 42],
      ['an array', ['MOHAN']],
      ['null', null],
    ];
    for (const [label, value] of crafted) expectCursorRefused(await list(`port=MOHAN&cursor=${encode(value)}`), label);
    for (const raw of ['', '%00', 'not base64 !', '____', encode('MOHAN').slice(0, -1)]) {
      const response = await list(`port=MOHAN&cursor=${encodeURIComponent(raw)}`);
      if (raw === '') expect(response.status).toBe(200);
      else expectCursorRefused(response, JSON.stringify(raw));
    }
  });
});
