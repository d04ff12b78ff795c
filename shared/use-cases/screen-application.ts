/**
 * Screening: attach flags (document expiry, duplicates, watch-list hits) and move `SUBMITTED` to
 * `PENDING_REVIEW` in one conditional write, so a redelivered message changes nothing.
 */
import { openStatuses, peopleOf, travelWindow, type Flag } from '../application.ts';
import {
  applyTransition,
  findDocumentMarkers,
  findWatchListEntries,
  getApplication,
  getStatuses,
  putDocumentMarkers,
} from '../application-store.ts';
import { logger, maskDocumentNumber, recordMetric } from '../observability.ts';
import {
  documentExpiryFlags,
  normaliseDocumentNumber,
  overlaps,
  watchListCandidates,
  watchListFlags,
} from '../screening.ts';
import type { ApplicationRecord } from '../application.ts';
import { systemClock, toShanghaiIso, type Clock } from '../time.ts';

export type ScreeningOutcome = 'screened' | 'already-screened' | 'not-found';

async function duplicateFlags(record: ApplicationRecord): Promise<Flag[]> {
  const window = travelWindow(record.application);
  const people = peopleOf(record.application).map(({ subject, person }) => ({
    subject,
    documentNumber: normaliseDocumentNumber(person.documentNumber),
  }));
  await putDocumentMarkers(
    record.port,
    people.map((person) => person.documentNumber),
    { applicationId: record.id, ...window },
  );
  const markersBySubject = await Promise.all(
    people.map(async (person) => ({
      subject: person.subject,
      others: (await findDocumentMarkers(record.port, person.documentNumber)).filter(
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

/** Every flag for the application as it stands now; also used when an applicant's answer changes it. */
export async function screeningFlags(record: ApplicationRecord): Promise<Flag[]> {
  const candidates = watchListCandidates(record.application);
  const [duplicates, hits] = await Promise.all([duplicateFlags(record), findWatchListEntries(candidates)]);
  return [...documentExpiryFlags(record.application), ...duplicates, ...watchListFlags(candidates, hits)];
}

export async function screenApplication(applicationId: string, clock: Clock = systemClock): Promise<ScreeningOutcome> {
  const record = await getApplication(applicationId);
  if (!record) {
    logger.warn('Screening message for an unknown application dropped', { applicationId });
    return 'not-found';
  }
  logger.appendKeys({ applicationId, port: record.port });
  if (record.status !== 'SUBMITTED') return 'already-screened';

  const flags = await screeningFlags(record);

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
