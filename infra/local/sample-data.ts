/** What the local stack loads before it says `ready`: the sample watch list. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseWatchList } from '../../shared/domain/watch-list.ts';

export const sampleWatchListPath = fileURLToPath(new URL('../../data/watchlist.sample.csv', import.meta.url));

export async function loadSampleData(): Promise<{ watchListEntries: number }> {
  const { putWatchListEntries } = await import('../../shared/adapters/store/watch-list-store.ts');
  const entries = parseWatchList(await readFile(sampleWatchListPath, 'utf8'));
  await putWatchListEntries(entries);
  return { watchListEntries: entries.length };
}
