/**
 * The batch helpers' retries of unprocessed keys and items: the SDK client is stubbed to leave some
 * unprocessed (the only way to make DynamoDB do so on demand), timers record the waits instead of waiting.
 */
import type { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

process.env.TABLE_NAME ??= 'unit-table';
let tableIo: typeof import('../../shared/adapters/store/table-io.ts');
let client: typeof import('../../shared/adapters/dynamodb-client.ts')['documentClient'];
const waits: number[] = [];

beforeAll(async () => {
  tableIo = await import('../../shared/adapters/store/table-io.ts');
  client = (await import('../../shared/adapters/dynamodb-client.ts')).documentClient;
});
afterEach(() => {
  vi.restoreAllMocks();
  waits.length = 0;
});

/** The longest waits full jitter can draw, recorded and skipped. */
function recordWaits() {
  vi.spyOn(Math, 'random').mockReturnValue(1);
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms?: number) => {
    waits.push(ms ?? 0);
    callback();
    return 0 as unknown as NodeJS.Timeout;
  }) as typeof setTimeout);
}

const key = (n: number) => ({ pk: `APP#${n}`, sk: 'APPLICATION' });

describe('batch retries', () => {
  it('reads again only the keys left unprocessed, after growing waits, and returns every item', async () => {
    recordWaits();
    const asked: unknown[][] = [];
    let call = 0;
    vi.spyOn(client, 'send').mockImplementation((async (command: BatchGetCommand) => {
      const keys = command.input.RequestItems![process.env.TABLE_NAME!]!.Keys!;
      asked.push(keys);
      call++;
      // The first two answers leave the last key unprocessed.
      const done = call <= 2 ? keys.slice(0, -1) : keys;
      return { Responses: { [process.env.TABLE_NAME!]: done }, UnprocessedKeys: call <= 2 ? { [process.env.TABLE_NAME!]: { Keys: keys.slice(-1) } } : {} };
    }) as never);
    const items = await tableIo.batchGetAll([key(1), key(2), key(3)]);
    expect(items).toEqual([key(1), key(2), key(3)]);
    expect(asked).toEqual([[key(1), key(2), key(3)], [key(3)], [key(3)]]);
    expect(waits).toEqual([50, 100]);
  });

  it('gives up after six attempts with the waits capped at a second, rather than loop', async () => {
    recordWaits();
    vi.spyOn(client, 'send').mockImplementation((async (command: BatchWriteCommand) => ({
      UnprocessedItems: { [process.env.TABLE_NAME!]: command.input.RequestItems![process.env.TABLE_NAME!] },
    })) as never);
    await expect(tableIo.batchPutAll([{ ...key(1), id: '1' }])).rejects.toThrow('BatchWriteItem left items unprocessed after retries');
    expect(client.send).toHaveBeenCalledTimes(6);
    expect(waits).toEqual([50, 100, 200, 400, 800]);
  });

  it('draws each wait at random below its cap (full jitter)', async () => {
    recordWaits();
    vi.mocked(Math.random).mockReturnValue(0.25);
    let call = 0;
    vi.spyOn(client, 'send').mockImplementation((async (command: BatchWriteCommand) => {
      call++;
      return { UnprocessedItems: call === 1 ? { [process.env.TABLE_NAME!]: command.input.RequestItems![process.env.TABLE_NAME!] } : {} };
    }) as never);
    await tableIo.batchDeleteAll([key(1)]);
    expect(waits).toEqual([12.5]);
  });
});
