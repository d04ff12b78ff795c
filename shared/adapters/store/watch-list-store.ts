/** Watch-list entries, stored by their normalised value and looked up by key (never a scan). */
import type { WatchListEntry, WatchListKind } from '../../domain/watch-list.ts';
import { watchListKey, type ItemKey } from '../../deployment/table.ts';
import { batchGetAll, batchPutAll, type Item } from './table-io.ts';

export async function putWatchListEntries(entries: WatchListEntry[]): Promise<void> {
  await batchPutAll(entries.map((entry) => ({ ...watchListKey(entry.kind, entry.value), ...entry })));
}

/** The keys under which the candidates would be listed, each once. */
export const watchListKeysOf = (candidates: readonly { kind: WatchListKind; value: string }[]): ItemKey[] => [
  ...new Map(candidates.map((candidate) => [`${candidate.kind}#${candidate.value}`, watchListKey(candidate.kind, candidate.value)])).values(),
];

export const watchListEntryOf = (item: Item) => ({ kind: item.kind, value: item.value, reason: item.reason }) as WatchListEntry;

/** The watch-list entries among the candidates. */
export async function findWatchListEntries(candidates: readonly { kind: WatchListKind; value: string }[]): Promise<WatchListEntry[]> {
  return (await batchGetAll(watchListKeysOf(candidates))).map(watchListEntryOf);
}
