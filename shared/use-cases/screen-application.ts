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
  mixedScriptFlags,
  overlaps,
  watchListCandidates,
  watchListFlags,
} from '../domain/screening.ts';
import type { ApplicationRecord } from '../domain/application.ts';
import { systemClock, toShanghaiIso, type Clock } from '../domain/time.ts';
import { applyRuleApproval, decideByRules, type BatchRules } from './auto-approval.ts';
import { dispatchNotifications } from './dispatch-notifications.ts';

export type ScreeningOutcome = 'screened' | 'approved' | 'already-screened' | 'not-found';

/**
 * A batch's shared reads and writes, done for all its messages before any of them is screened: the
 * applications, then the document markers of every one still `SUBMITTED` beside one watch-list lookup.
 * Every marker of the batch is written before any duplicate lookup, so two duplicates in one batch always
 * see each other, whatever the timing. A step that fails for the whole batch is retried per application;
 * an application whose read or markers still fail is not screened now (its message is retried).
 */
export interface ScreeningBatch {
  /** The ids whose read succeeded; one among them but missing from `records` does not exist. */
  lookedUp: Set<string>;
  records: Map<string, ApplicationRecord>;
  /** The `SUBMITTED` applications whose markers are written: only these are screened with this batch. */
  marked: Set<string>;
  /** Watch-list entries matching any candidate of the marked applications, when the batch lookup worked. */
  watchListHits?: WatchListEntry[];
}

const markersOf = (record: ApplicationRecord): DocumentMarkerPut[] => {
  const window = travelWindow(record.application);
  return peopleOf(record.application).map(({ person }) => ({
    port: record.port,
    documentNumber: normaliseDocumentNumber(person.documentNumber),
    marker: { applicationId: record.id, ...window },
  }));
};

/** Runs the batch step, or the same step for each item on its own if it fails; answers what succeeded. */
async function forAllOrEach<T>(items: T[], step: (items: T[]) => Promise<unknown>, what: string): Promise<T[]> {
  try {
    await step(items);
    return items;
  } catch (error) {
    logger.warn(`Batch ${what} failed; retrying each application on its own`, { error });
    const results = await Promise.allSettled(items.map((item) => step([item])));
    return items.filter((_, index) => results[index]!.status === 'fulfilled');
  }
}

async function readApplications(ids: string[]): Promise<Pick<ScreeningBatch, 'lookedUp' | 'records'>> {
  const records = new Map<string, ApplicationRecord>();
  const read = async (some: string[]) => {
    if (some.length === 1) {
      const record = await getApplication(some[0]!);
      if (record) records.set(record.id, record);
    } else for (const [id, record] of await getApplications(some)) records.set(id, record);
  };
  return { lookedUp: new Set(await forAllOrEach(ids, read, 'read')), records };
}

export async function prepareScreeningBatch(applicationIds: string[]): Promise<ScreeningBatch> {
  const { lookedUp, records } = await readApplications(applicationIds);
  const unscreened = [...records.values()].filter((record) => record.status === 'SUBMITTED');
  const [marked, watchListHits] = await Promise.all([
    forAllOrEach(unscreened, (some) => putDocumentMarkers(some.flatMap(markersOf)), 'marker write'),
    findWatchListEntries(unscreened.flatMap((record) => watchListCandidates(record.application))).catch((error: unknown) => {
      logger.warn('Batch watch-list lookup failed; each application looks up its own', { error });
      return undefined;
    }),
  ]);
  return { lookedUp, records, marked: new Set(marked.map((record) => record.id)), ...(watchListHits ? { watchListHits } : {}) };
}

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
  const markersWritten = batch?.marked.has(record.id) ?? false;
  const [duplicates, hits] = await Promise.all([
    duplicateFlags(record, markersWritten),
    (markersWritten && batch?.watchListHits) || findWatchListEntries(candidates),
  ]);
  return [
    ...documentExpiryFlags(record.application),
    ...duplicates,
    ...watchListFlags(candidates, hits),
    ...mixedScriptFlags(record.application),
  ];
}

/** Screens one application, with the batch it came in when there is one (the queue consumer always has one). */
export async function screenApplication(
  applicationId: string,
  clock: Clock = systemClock,
  batch?: ScreeningBatch,
  rules?: BatchRules,
): Promise<ScreeningOutcome> {
  if (batch && !batch.lookedUp.has(applicationId)) throw new Error('The application could not be read; its message is retried');
  const record = batch ? batch.records.get(applicationId) : await getApplication(applicationId);
  if (!record) {
    logger.warn('Screening message for an unknown application dropped', { applicationId });
    return 'not-found';
  }
  logger.appendKeys({ applicationId, port: record.port });
  if (record.status !== 'SUBMITTED') return 'already-screened';
  // Screened now, its lookups could run before its own markers are written: a duplicate screened at
  // the same moment would miss it. A retry writes them first.
  if (batch && !batch.marked.has(applicationId)) throw new Error('The document markers could not be written; its message is retried');

  const flags = await screeningFlags(record, batch);

  // The port's rules may approve a clean application in this same step, instead of queueing it.
  const byRules = await decideByRules(record, flags, clock(), rules);
  if (byRules.approval) return (await applyRuleApproval(record, byRules.approval)) ? 'approved' : 'already-screened';
  flags.push(...byRules.flags);

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
