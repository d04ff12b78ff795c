/**
 * Moves the duplicate check of before the lists onto them: every application that had a marker item and is
 * still open or approved joins its documents' lists (its current documents and dates), then its markers go.
 * Re-running it after an interruption moves only what is left. Run once after deploying the lists, with
 * screening paused until it ends (docs/deploy.md), so that no screening misses an application it has not
 * moved yet.
 */
import { openStatuses, type Status } from '../domain/application.ts';
import { getStatusesAndContent } from '../adapters/store/application-store.ts';
import { deleteLegacyMarkers, legacyMarkerPages } from '../adapters/store/legacy-marker-store.ts';
import { joinDocumentListsOrFail } from './document-lists.ts';

/** Whose lists an application belongs on: every open one, and approved ones (the approved-permit check). */
const listedStatuses: readonly Status[] = [...openStatuses, 'APPROVED'];

export async function backfillDocumentLists(): Promise<{ markers: number; listed: number }> {
  let markers = 0;
  let listed = 0;
  for await (const page of legacyMarkerPages()) {
    if (page.length === 0) continue;
    const records = await getStatusesAndContent([...new Set(page.map((marker) => marker.applicationId))]);
    for (const [id, record] of records) {
      if (!listedStatuses.includes(record.status)) continue;
      await joinDocumentListsOrFail({ id, port: record.port, application: record.application });
      listed++;
    }
    await deleteLegacyMarkers(page);
    markers += page.length;
  }
  return { markers, listed };
}
