/**
 * Screening's second read of a batch: the document lists of every application in it, every watch-list key
 * they could match and the next version of each port policy screening read before, in one consistent
 * BatchGetItem (a list must be read consistently: it may have been joined a moment ago; so must a policy
 * key: a change must apply to every batch that reads after it).
 */
import type { PortPolicy } from '../../domain/auto-approval.ts';
import type { DocumentList } from '../../domain/document-lists.ts';
import type { WatchListEntry, WatchListKind } from '../../domain/watch-list.ts';
import { documentListKeyOf, listOf, type DocumentRef } from './document-list-store.ts';
import type { PolicyProbe } from './port-policy-store.ts';
import { batchGetAll } from './table-io.ts';
import { watchListEntryOf, watchListKeysOf } from './watch-list-store.ts';

export interface ScreeningLookups {
  /** A document's list as read (empty when it has none). */
  listOf(document: DocumentRef): DocumentList;
  watchListHits: WatchListEntry[];
  /** The policies probed that are still in force, by port (a port whose policy changed is not here). */
  policiesInForce: Map<string, PortPolicy>;
}

const keyString = (key: { pk: string; sk: string }) => `${key.pk}\n${key.sk}`;

export async function readScreeningLookups(
  documents: readonly DocumentRef[],
  candidates: readonly { kind: WatchListKind; value: string }[],
  policies: readonly PolicyProbe[] = [],
): Promise<ScreeningLookups> {
  const listKeys = new Map(documents.map((document) => [keyString(documentListKeyOf(document)), documentListKeyOf(document)]));
  const probeKeys = new Map(policies.map((probe) => [keyString(probe.nextVersionKey), probe]));
  const items = await batchGetAll([...listKeys.values(), ...watchListKeysOf(candidates), ...policies.map((probe) => probe.nextVersionKey)], { consistentRead: true });
  const lists = new Map<string, DocumentList>();
  const watchListHits: WatchListEntry[] = [];
  const changed = new Set<string>();
  for (const item of items) {
    const key = keyString(item as { pk: string; sk: string });
    if (listKeys.has(key)) lists.set(key, listOf(item));
    else if (probeKeys.has(key)) changed.add(key);
    else watchListHits.push(watchListEntryOf(item));
  }
  const policiesInForce = new Map([...probeKeys].filter(([key]) => !changed.has(key)).map(([, probe]) => [probe.policy.port, probe.policy]));
  return { listOf: (document) => lists.get(keyString(documentListKeyOf(document))) ?? listOf(undefined), watchListHits, policiesInForce };
}
