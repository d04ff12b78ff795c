/**
 * The benchmark's submit references (`npm run bench -- submit`) are what they say: the required work writes
 * an item shaped exactly as a submission stores one, and the floor the same three writes with a flat item.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sampleApplication } from '../../infra/local/sample-application.ts';
import { applicationKey } from '../../shared/deployment/table.ts';
import { startTestStack, type TestStack } from './helpers.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ poller: false, benchFloor: true });
});
afterAll(async () => stack?.stop());

/** Every attribute path of an item (list positions and values left out): its shape. */
function pathsOf(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return [`${prefix}[]`, ...value.flatMap((entry) => pathsOf(entry, `${prefix}[]`))];
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, entry]) => [`${prefix}.${key}`, ...pathsOf(entry, `${prefix}.${key}`)]);
  }
  return [];
}

const shape = (item: unknown) => [...new Set(pathsOf(item))].sort();

async function stored(id: string) {
  const { documentClient } = await import('../../shared/adapters/dynamodb-client.ts');
  const { Item } = await documentClient.send(new GetCommand({ TableName: stack.env.TABLE_NAME, Key: applicationKey(id), ConsistentRead: true }));
  return Item;
}

it('writes, as the required work, an item of the same shape as a submission of the same application', async () => {
  const submitted = await stack.submit(sampleApplication());
  expect(submitted.status).toBe(202);
  const required = await stack.request('POST', '/_local/bench/required');
  expect(required.status).toBe(200);

  const service = await stored(submitted.body.id);
  const reference = await stored(required.body.id);
  expect(service).toBeDefined();
  expect(reference).toBeDefined();
  expect(shape(reference)).toEqual(shape(service));
  // The references are apart from the service's applications by their id.
  expect(required.body.id).toMatch(/^FLOOR/);
});

it('writes, as the floor, the same three writes with a flat item', async () => {
  const floor = await stack.request('POST', '/_local/bench/floor');
  expect(floor.status).toBe(200);
  const { documentClient } = await import('../../shared/adapters/dynamodb-client.ts');
  const { Item } = await documentClient.send(new GetCommand({ TableName: stack.env.TABLE_NAME, Key: { pk: `FLOOR#${floor.body.id}`, sk: 'APPLICATION' }, ConsistentRead: true }));
  expect(shape(Item)).toEqual(['.application', '.id', '.pk', '.sk', '.status']);
});
