/**
 * Queue entries written under the first, lane-first key layout: `npm run migrate:queue-order` moves them
 * to the deadline-first order and the lane index, leaves everything else alone, and changes nothing the
 * second time.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIssuerKeys, mintToken } from '../../infra/local/local-issuer.ts';
import { repositoryRoot } from '../../infra/local/local-stack.ts';
import { applicationKey } from '../../shared/deployment/table.ts';
import { cargoApplication, tourismApplication } from '../fixtures/applications.ts';
import { startTestStack, type TestStack } from './helpers.ts';

const run = promisify(execFile);
let stack: TestStack;
const clerk = { authorization: `Bearer ${mintToken(loadIssuerKeys(), { clerkId: 'migration-clerk', ports: ['DALUO'], role: 'clerk' })}` };
const queue = async (query: string) => {
  const page = await stack.request('GET', `/api/review/applications?port=DALUO${query}`, { headers: clerk });
  expect(page.status).toBe(200);
  return page.body.items.map((item: { id: string }) => item.id) as string[];
};
const laneRanks = { medical: 1, perishable: 2, standard: 3 } as const;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.stop());

/** Rewrites an application's queue keys as the first release wrote them: lane rank first, no lane index. */
async function keyAsFirstRelease(id: string) {
  const { documentClient } = await import('../../shared/adapters/dynamodb-client.ts');
  const { Item } = await documentClient.send(new GetCommand({ TableName: stack.env.TABLE_NAME, Key: applicationKey(id) }));
  const rank = laneRanks[Item!.lane as keyof typeof laneRanks];
  await documentClient.send(
    new UpdateCommand({
      TableName: stack.env.TABLE_NAME,
      Key: applicationKey(id),
      UpdateExpression: 'SET queueSk = :legacy REMOVE queueLanePk',
      ExpressionAttributeValues: { ':legacy': `${rank}#${String(Date.parse(Item!.reviewDeadline)).padStart(15, '0')}#${id}` },
    }),
  );
}

async function submit(body: unknown): Promise<string> {
  const accepted = await stack.request('POST', '/api/applications', { body });
  expect(accepted.status).toBe(202);
  await stack.drainQueue();
  return accepted.body.id;
}

const migrate = () =>
  run(process.execPath, ['--import', 'tsx', 'scripts/migrate-queue-order.ts'], {
    cwd: repositoryRoot,
    env: { ...process.env, TABLE_NAME: stack.env.TABLE_NAME, DYNAMODB_ENDPOINT: stack.env.DYNAMODB_ENDPOINT, POWERTOOLS_LOG_LEVEL: 'ERROR' },
  });

describe('npm run migrate:queue-order', () => {
  it('moves entries of the first layout into deadline order and the lane index, once', async () => {
    const standard = await submit(tourismApplication({ port: 'DALUO' }));
    const perishable = await submit(cargoApplication({ port: 'DALUO', perishable: true }));
    const medical = await submit(tourismApplication({ port: 'DALUO', medical: true }));
    await keyAsFirstRelease(standard);
    await keyAsFirstRelease(medical);
    // Until moved, old entries trail the new ones and are missing from the lane views.
    expect(await queue('')).toEqual([perishable, medical, standard]);
    expect(await queue('&lane=medical')).toEqual([]);

    const first = await migrate();
    expect(first.stdout).toContain('DALUO: 2 queue entries moved');
    expect(await queue('')).toEqual([medical, perishable, standard]);
    expect(await queue('&lane=medical')).toEqual([medical]);
    expect(await queue('&lane=standard')).toEqual([standard]);

    const second = await migrate();
    expect(second.stdout).toContain('DALUO: 0 queue entries moved');
    expect(await queue('')).toEqual([medical, perishable, standard]);
  });
});
