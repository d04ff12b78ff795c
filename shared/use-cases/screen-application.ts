/**
 * Screening: attach flags (document expiry, duplicates, watch-list hits) and move `SUBMITTED` to
 * `PENDING_REVIEW` in one conditional write, so a redelivered message changes nothing.
 */
import { openStatuses, peopleOf, travelWindow, type Flag } from '../domain/application.ts';
import { applyTransition, getApplication, getApplications, getStatuses } from '../adapters/store/application-store.ts';
import { findDocumentMarkers, putDocumentMarkers, type DocumentMarkerPut } from '../adapters/store/document-marker-store.ts';
import { findWatchListEntries } from '../adapters/store/watch-list-store.ts';
import type { WatchListEntry } from '../domain/watch-list.ts';
import { logger, maskDocumentNumber, recordMetric } from '../adapters/observability.ts';
import { normaliseDocumentNumber } from '../domain/normalise.ts';
import {
  documentExpiryFlags,
  overlaps,
  watchListCandidates,
  watchListFlags,
} from '../domain/screening.ts';
import type { ApplicationRecord } from '../domain/application.ts';
import { systemClock, toShanghaiIso, type Clock } from '../domain/time.ts';
import { dispatchNotifications } from './dispatch-notifications.ts';

export type ScreeningOutcome = 'screened' | 'already-screened' | 'not-found';

/**
 * A batch's shared reads and writes, done once for all its messages: one BatchGetItem of the
 * applications, then one BatchWriteItem of their document markers beside one BatchGetItem of their
 * watch-list candidates. Each message is then screened on its own, with its own failure.
 */
export interface ScreeningBatch {
  /** The ids this batch looked up; an id among them but missing from `records` does not exist. */
  lookedUp: Set<string>;
  /** As read; the ones still `SUBMITTED` then have their markers written and candidates looked up. */
  records: Map<string, ApplicationRecord>;
  /** Watch-list entries matching any candidate of the batch's `SUBMITTED` applications. */
  watchListHits: WatchListEntry[];
}

const markersOf = (record: ApplicationRecord): DocumentMarkerPut[] => {
  const window = travelWindow(record.application);
  return peopleOf(record.application).map(({ person }) => ({
    port: record.port,
    documentNumber: normaliseDocumentNumber(person.documentNumber),
    marker: { applicationId: record.id, ...window },
  }));
};

export async function prepareScreeningBatch(applicationIds: string[]): Promise<ScreeningBatch> {
  const records = await getApplications(applicationIds);
  const unscreened = [...records.values()].filter((record) => record.status === 'SUBMITTED');
  const [, watchListHits] = await Promise.all([
    putDocumentMarkers(unscreened.flatMap(markersOf)),
    findWatchListEntries(unscreened.flatMap((record) => watchListCandidates(record.application))),
  ]);
  return { lookedUp: new Set(applicationIds), records, watchListHits };
}

/** Whether the batch already wrote this application's markers and looked up its watch-list candidates. */
const preparedIn = (batch: ScreeningBatch | undefined, id: string) => batch?.records.get(id)?.status === 'SUBMITTED';

async function duplicateFlags(record: ApplicationRecord, markersWritten: boolean): Promise<Flag[]> {
  const window = travelWindow(record.application);
  const markers = markersOf(record);
  // Written before the lookups, so two duplicates screened at the same moment still see each other.
  if (!markersWritten) await putDocumentMarkers(markers);
  const markersBySubject = await Promise.all(
    peopleOf(record.application).map(async ({ subject }, index) => ({
      subject,
      others: (await findDocumentMarkers(record.port, markers[index]!.documentNumber)).filter(
        (marker) => marker.applicationId !== record.id && overlaps(marker, window),
      ),
    })),
  );
  const otherIds = [...new Set(markersBySubject.flatMap((entry) => entry.others.map((marker) => marker.applicationId)))];
  if (otherIds.length === 0) return [];
  const statuses = await getStatuses(otherIds);
  return markersBySubject
    .filter((entry) => entry.others.some((marker) => openStatuses.includes(statuses.get(marker.applicationId)!)))
    .map((entry) => ({
      code: 'duplicate-application',
      message: 'Another open application at this port names the same document for overlapping dates.',
      subject: entry.subject,
    }));
}

/**
 * Every flag for the application as it stands now; also used when an applicant's answer changes it.
 * With a prepared batch, its markers and watch-list hits are reused instead of fetched again.
 */
export async function screeningFlags(record: ApplicationRecord, batch?: ScreeningBatch): Promise<Flag[]> {
  const candidates = watchListCandidates(record.application);
  const prepared = preparedIn(batch, record.id);
  const [duplicates, hits] = await Promise.all([
    duplicateFlags(record, prepared),
    prepared ? batch!.watchListHits : findWatchListEntries(candidates),
  ]);
  return [...documentExpiryFlags(record.application), ...duplicates, ...watchListFlags(candidates, hits)];
}

export async function screenApplication(applicationId: string, clock: Clock = systemClock, batch?: ScreeningBatch): Promise<ScreeningOutcome> {
  const record = batch?.lookedUp.has(applicationId) ? batch.records.get(applicationId) : await getApplication(applicationId);
  if (!record) {
    logger.warn('Screening message for an unknown application dropped', { applicationId });
    return 'not-found';
  }
  logger.appendKeys({ applicationId, port: record.port });
  if (record.status !== 'SUBMITTED') return 'already-screened';

  const flags = await screeningFlags(record, batch);

  // Conditional on SUBMITTED: a redelivered message finds the work done and changes nothing.
  const screened = await applyTransition({
    id: record.id,
    from: ['SUBMITTED'],
    to: 'PENDING_REVIEW',
    set: { flags },
    queue: { join: record },
    entry: {
      at: toShanghaiIso(clock()),
      actor: 'screening',
      action: 'screen',
      from: 'SUBMITTED',
      to: 'PENDING_REVIEW',
      note: flags.length === 0 ? 'No flags' : `Flags: ${flags.map((flag) => flag.code).join(', ')}`,
    },
  });
  if (screened) {
    logger.info('Screened', {
      flagCodes: flags.map((flag) => flag.code),
      flaggedDocuments: flags
        .map((flag) => peopleOf(record.application).find((entry) => entry.subject === flag.subject)?.person.documentNumber)
        .filter((documentNumber): documentNumber is string => documentNumber !== undefined)
        .map(maskDocumentNumber),
    });
    recordMetric('Screened', 1, { port: record.port, outcome: flags.length === 0 ? 'clean' : 'flagged' });
    for (const flag of flags) recordMetric('ScreeningFlags', 1, { port: record.port, code: flag.code });
  }
  return screened ? 'screened' : 'already-screened';
}

/**
 * After a batch is screened: one send asks for delivery of the messages its applications wrote when they
 * were accepted (and any a transition of this screening added). Without a prepared batch every id is
 * asked for; delivery of an application with nothing waiting reads it and stops.
 */
export async function announceScreenedBatch(applicationIds: string[], batch?: ScreeningBatch): Promise<void> {
  const waiting = batch
    ? [...batch.records.values()].filter((record) => record.status === 'SUBMITTED' && (record.outboxPending ?? 0) > 0).map((record) => record.id)
    : applicationIds;
  await dispatchNotifications(waiting);
}
