/**
 * `npm run watchlist:load -- <file.csv>`: loads watch-list entries into the table named by TABLE_NAME.
 * Against a local stack give DYNAMODB_ENDPOINT too (both are on the "Helper scripts" line `npm start`
 * prints); in AWS leave it out and the SDK's usual region and credentials apply. Entries are stored under
 * the keys screening looks up (a name or plate has one or two skeletons), so loading the same file twice
 * changes nothing.
 */
import { readFile } from 'node:fs/promises';
import { useLocalAwsDefaults } from '../infra/local/local-target.ts';
import { parseWatchList, WatchListFormatError } from '../shared/domain/watch-list.ts';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run watchlist:load -- <file.csv>');
  process.exit(2);
}
useLocalAwsDefaults();
try {
  const entries = parseWatchList(await readFile(file, 'utf8'));
  const { putWatchListEntries } = await import('../shared/adapters/store/watch-list-store.ts');
  await putWatchListEntries(entries);
  console.log(`Loaded ${entries.length} watch-list keys from ${file}`);
} catch (error) {
  console.error(error instanceof WatchListFormatError || error instanceof Error ? error.message : String(error));
  process.exit(1);
}
