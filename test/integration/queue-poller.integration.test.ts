import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tourismApplication } from '../fixtures/applications.ts';
import { startTestStack, type TestStack } from './helpers.ts';

let stack: TestStack;

beforeAll(async () => {
  // A visibility timeout far longer than the test waits: a message held by a stray receive would show.
  stack = await startTestStack({ poller: false, visibilityTimeoutSeconds: 60 });
});
afterAll(async () => stack?.stop());

describe('the local queue poller', () => {
  it('stops and starts again without a stray receive holding back the next message', async () => {
    stack.startPolling();
    // Let the poller's receive start waiting on the empty queue, then stop it mid-wait.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await stack.stopPolling();

    // The submission's intake message goes to the queue while no poller runs.
    const accepted = await stack.request('POST', '/api/applications', { body: tourismApplication() });
    expect(accepted.status).toBe(202);

    stack.startPolling();
    await stack.drainQueue(5_000);
    const { getApplication } = await import('../../shared/adapters/store/application-store.ts');
    expect((await getApplication(accepted.body.id))!.status).toBe('PENDING_REVIEW');
  });
});
