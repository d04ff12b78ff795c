/** Watch-list entries, stored by their normalised value and looked up by key (never a scan). */
import type { WatchListEntry, WatchListKind } from '../../domain/watch-list.ts';
import { watchListKey } from '../../deployment/table.ts';
import { batchGetAll, batchPutAll } from './table-io.ts';

export async function putWatchListEntries(entries: WatchListEntry[]): Promise<void> {
  await batchPutAll(entries.map((entry) => ({ ...watchListKey(entry.kind, entry.value), ...entry })));
}

/** The watch-list entries among the candidates. */
export async function findWatchListEntries(candidates: { kind: WatchListKind; value: string }[]): Promise<WatchListEntry[]> {
  const unique = [...new Map(candidates.map((candidate) => [`${candidate.kind}#${candidate.value}`, candidate])).values()];
  const items = await batchGetAll(unique.map((candidate) => watchListKey(candidate.kind, candidate.value)));
  return items.map((item) => ({ kind: item.kind, value: item.value, reason: item.reason }) as WatchListEntry);
}
