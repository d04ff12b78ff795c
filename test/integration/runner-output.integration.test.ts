/**
 * What `npm start` prints: a line that carries someone else's text (here an error's name and message,
 * which a failing consumer can fill with input) reaches the terminal as one plain line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tourismApplication } from '../fixtures/applications.ts';
import { hostileText, rawControl } from '../fixtures/hostile-text.ts';
import { startTestStack, type TestStack } from './helpers.ts';

let stack: TestStack;
const printed: string[] = [];

beforeAll(async () => {
  stack = await startTestStack({
    poller: false,
    log: (line) => printed.push(line),
    wrapHandler: (name, handler) =>
      name === 'screen-applications'
        ? async () => {
            const failure = new Error(hostileText);
            failure.name = hostileText;
            throw failure;
          }
        : handler,
  });
});
afterAll(async () => stack?.stop());

describe('the local runner', () => {
  it('prints a failing consumer\'s error with its control characters escaped', async () => {
    expect((await stack.request('POST', '/api/applications', { body: tourismApplication() })).status).toBe(202);
    stack.startPolling();
    const deadline = Date.now() + 10_000;
    while (printed.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await stack.stopPolling();
    expect(printed.length).toBeGreaterThan(0);
    for (const line of printed) expect(line, JSON.stringify(line)).not.toMatch(rawControl);
    expect(printed[0]).toContain('screen-applications failed a batch: Eve\\u{d}\\u{a}alarm Breached-MOHAN');
  });
});
