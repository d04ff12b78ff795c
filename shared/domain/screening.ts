/**
 * Pre-screening rules. Flags inform the clerk; screening never rejects by itself.
 * Pure functions: the lookups they need are done by the screening use case.
 */
import type { Flag } from './application.ts';
import { peopleOf, travelWindow } from './application.ts';
import type { WatchListEntry, WatchListKind } from './watch-list.ts';
import type { ApplicationInput } from './schemas.ts';
import { normaliseDocumentNumber } from './document-lists.ts';
import { mixesScriptsWithinAWord, personWatchValues, plateSkeletons } from './normalise.ts';
import { addMonths } from './time.ts';

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

/** Every key under which a person or the vehicle could be on the watch list; a name or plate has one or two. */
export function watchListCandidates(application: ApplicationInput): WatchListCandidate[] {
  const candidates: WatchListCandidate[] = [];
  for (const { subject, person } of peopleOf(application)) {
    candidates.push({ kind: 'document', value: normaliseDocumentNumber(person.documentNumber), subject });
    for (const value of personWatchValues(person.fullName, person.dateOfBirth)) candidates.push({ kind: 'person', value, subject });
  }
  if (application.kind === 'cargo-transit') {
    for (const value of plateSkeletons(application.vehicle.plateNumber)) candidates.push({ kind: 'plate', value, subject: 'vehicle' });
  }
  return candidates;
}

const watchListMessages: Record<WatchListKind, string> = {
  document: 'The document number is on the watch list.',
  person: 'The name and date of birth match a watch-list entry.',
  plate: 'The vehicle plate is on the watch list.',
};

/** One flag per listed kind and subject, however many of its keys matched. */
export function watchListFlags(candidates: WatchListCandidate[], hits: WatchListEntry[]): Flag[] {
  const hitKeys = new Set(hits.map((hit) => `${hit.kind}#${hit.value}`));
  const flags = new Map<string, Flag>();
  for (const candidate of candidates) {
    if (!hitKeys.has(`${candidate.kind}#${candidate.value}`)) continue;
    const code = `watch-list-${candidate.kind}` as const;
    flags.set(`${code}#${candidate.subject}`, { code, message: watchListMessages[candidate.kind], subject: candidate.subject });
  }
  return [...flags.values()];
}

/**
 * A name whose word mixes scripts (a Cyrillic `е` among Latin letters) may be disguised to slip past the
 * watch list: the clerk sees the flag. It never blocks: a name written wholly in its own script is not mixed.
 */
export function mixedScriptFlags(application: ApplicationInput): Flag[] {
  return peopleOf(application)
    .filter(({ person }) => mixesScriptsWithinAWord(person.fullName))
    .map(({ subject }) => ({ code: 'mixed-script-name', message: 'A word of the name mixes letters of different scripts.', subject }));
}
