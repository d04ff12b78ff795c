/**
 * Screening's second read of a batch: the document lists of every application in it and every watch-list
 * key they could match, in one consistent BatchGetItem (a list must be read consistently: it may have been
 * joined a moment ago).
 */
import type { DocumentList } from '../../domain/document-lists.ts';
import type { WatchListEntry, WatchListKind } from '../../domain/watch-list.ts';
import { documentListKeyOf, listOf, type DocumentRef } from './document-list-store.ts';
import { batchGetAll } from './table-io.ts';
import { watchListEntryOf, watchListKeysOf } from './watch-list-store.ts';

export interface ScreeningLookups {
  /** A document's list as read (empty when it has none). */
  listOf(document: DocumentRef): DocumentList;
  watchListHits: WatchListEntry[];
}

const keyString = (key: { pk: string; sk: string }) => `${key.pk}\n${key.sk}`;

export async function readScreeningLookups(
  documents: readonly DocumentRef[],
  candidates: readonly { kind: WatchListKind; value: string }[],
): Promise<ScreeningLookups> {
  const listKeys = new Map(documents.map((document) => [keyString(documentListKeyOf(document)), documentListKeyOf(document)]));
  const items = await batchGetAll([...listKeys.values(), ...watchListKeysOf(candidates)], { consistentRead: true });
  const lists = new Map<string, DocumentList>();
  const watchListHits: WatchListEntry[] = [];
  for (const item of items) {
    const key = keyString(item as { pk: string; sk: string });
    if (listKeys.has(key)) lists.set(key, listOf(item));
    else watchListHits.push(watchListEntryOf(item));
  }
  return { listOf: (document) => lists.get(keyString(documentListKeyOf(document))) ?? listOf(undefined), watchListHits };
}
