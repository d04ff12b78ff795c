/**
 * Pre-screening rules. Flags inform the clerk; screening never rejects by itself.
 * Pure functions: the lookups they need are done by the screening use case.
 */
import type { Flag } from './application.ts';
import { peopleOf, travelWindow } from './application.ts';
import type { WatchListEntry, WatchListKind } from './watch-list.ts';
import type { ApplicationInput } from './schemas.ts';
import { normaliseDocumentNumber, normalisePlate, personWatchValue } from './normalise.ts';
import { addMonths } from './time.ts';

/** Flags an applicant may see on the status page; watch-list hits are for the clerk only. */
export const applicantVisibleFlagCodes = new Set(['document-expires-during-trip', 'document-expires-soon', 'duplicate-application']);

export function documentExpiryFlags(application: ApplicationInput): Flag[] {
  const { to: tripEnd } = travelWindow(application);
  const sixMonthsAfter = addMonths(tripEnd, 6);
  const flags: Flag[] = [];
  for (const { subject, person } of peopleOf(application)) {
    if (person.documentExpiry < tripEnd) {
      flags.push({ code: 'document-expires-during-trip', message: 'The travel document expires before the trip ends.', subject });
    } else if (person.documentExpiry < sixMonthsAfter) {
      flags.push({ code: 'document-expires-soon', message: 'The travel document expires within 6 months of the trip.', subject });
    }
  }
  return flags;
}

export interface WatchListCandidate {
  kind: WatchListKind;
  value: string;
  subject: string;
}

export function watchListCandidates(application: ApplicationInput): WatchListCandidate[] {
  const candidates: WatchListCandidate[] = [];
  for (const { subject, person } of peopleOf(application)) {
    candidates.push({ kind: 'document', value: normaliseDocumentNumber(person.documentNumber), subject });
    candidates.push({ kind: 'person', value: personWatchValue(person.fullName, person.dateOfBirth), subject });
  }
  if (application.kind === 'cargo-transit') {
    candidates.push({ kind: 'plate', value: normalisePlate(application.vehicle.plateNumber), subject: 'vehicle' });
  }
  return candidates;
}

const watchListMessages: Record<WatchListKind, string> = {
  document: 'The document number is on the watch list.',
  person: 'The name and date of birth match a watch-list entry.',
  plate: 'The vehicle plate is on the watch list.',
};

export function watchListFlags(candidates: WatchListCandidate[], hits: WatchListEntry[]): Flag[] {
  const hitKeys = new Set(hits.map((hit) => `${hit.kind}#${hit.value}`));
  return candidates
    .filter((candidate) => hitKeys.has(`${candidate.kind}#${candidate.value}`))
    .map((candidate) => ({ code: `watch-list-${candidate.kind}`, message: watchListMessages[candidate.kind], subject: candidate.subject }));
}

/** An open application that names a document at a port, for the dates it covers. */
export interface DocumentMarker {
  applicationId: string;
  from: string;
  to: string;
}

export const overlaps = (a: { from: string; to: string }, b: { from: string; to: string }) => a.from <= b.to && b.from <= a.to;
