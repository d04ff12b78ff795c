/**
 * The duplicate check's data: for each port and document, one list of the applications that name it, each
 * with the dates it applied for. A submission adds itself before it is queued; an answer to a request for
 * information adds its new dates beside the old; a rejection, withdrawal or revocation takes the application
 * off after its own write. A list is only a list of candidates: it must hold every open or approved
 * application that names the document with dates covering the ones it holds now, and may hold more for a
 * while (a closed one, dates it no longer has), so the check confirms each candidate against its record.
 *
 * A list is one item, so it is kept small: entries whose dates are long past are taken off, and a list that
 * reaches LIST_CAPACITY entries is closed to new ones (whoever floods a document cannot grow it without
 * bound); while it is closed, every application naming that document is flagged as a duplicate.
 */
import type { ApplicationInput } from './schemas.ts';
import { openStatuses, peopleOf, travelWindow, type Flag, type Status } from './application.ts';
import { addDays } from './time.ts';

export function normaliseDocumentNumber(value: string): string {
  return value.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export interface DateWindow {
  from: string;
  to: string;
}

/** One application on a document's list, with every window of dates it was listed for. */
export interface DocumentEntry {
  applicationId: string;
  windows: DateWindow[];
}

/** A document's list as read. */
export interface DocumentList {
  entries: DocumentEntry[];
  /** Closed to new entries (see LIST_CAPACITY). */
  full: boolean;
}

/**
 * Entries a list may hold before it is closed to new ones: far more than one traveller's live applications
 * at one port (a driver crossing daily has a few dozen), about 13 KB. It opens again at half.
 */
export const LIST_CAPACITY = 200;

export const shouldClose = (list: DocumentList) => !list.full && list.entries.length >= LIST_CAPACITY;
export const mayReopen = (list: DocumentList) => list.full && list.entries.length < LIST_CAPACITY / 2;

export const overlaps = (a: DateWindow, b: DateWindow) => a.from <= b.to && b.from <= a.to;

/** The distinct documents an application names (normalised), and whom each names. */
export function documentsOf(application: ApplicationInput): { documentNumber: string; subjects: string[] }[] {
  const subjectsByDocument = new Map<string, string[]>();
  for (const { subject, person } of peopleOf(application)) {
    const documentNumber = normaliseDocumentNumber(person.documentNumber);
    subjectsByDocument.set(documentNumber, [...(subjectsByDocument.get(documentNumber) ?? []), subject]);
  }
  return [...subjectsByDocument].map(([documentNumber, subjects]) => ({ documentNumber, subjects }));
}

/** Whether a list holds the application with dates covering `window`, or needs not (it is closed, so it flags it). */
export const listsApplication = (list: DocumentList, applicationId: string, window: DateWindow) =>
  list.full ||
  list.entries.some((entry) => entry.applicationId === applicationId && entry.windows.some((listed) => listed.from <= window.from && listed.to >= window.to));

/**
 * The other applications a person's document list names for overlapping dates: candidates, not yet
 * confirmed; or the list is closed.
 */
export interface Candidates {
  subject: string;
  documentNumber: string;
  others: string[];
  listFull: boolean;
}

export function candidatesOf(application: ApplicationInput, applicationId: string, listOf: (documentNumber: string) => DocumentList): Candidates[] {
  const window = travelWindow(application);
  return documentsOf(application).flatMap(({ documentNumber, subjects }) => {
    const list = listOf(documentNumber);
    const others = list.entries
      .filter((entry) => entry.applicationId !== applicationId && entry.windows.some((listed) => overlaps(listed, window)))
      .map((entry) => entry.applicationId);
    return others.length > 0 || list.full ? subjects.map((subject) => ({ subject, documentNumber, others, listFull: list.full })) : [];
  });
}

/** Every candidate named: the records the check must read to confirm them. */
export const candidateIds = (candidates: readonly Candidates[]) => [...new Set(candidates.flatMap((entry) => entry.others))];

/** What confirming a candidate needs from its record. */
export interface CandidateRecord {
  status: Status;
  application: ApplicationInput;
}

type RecordOf = (applicationId: string) => CandidateRecord | undefined;

/** The candidates whose own record names the document for overlapping dates and is in one of `statuses`. */
function confirmed(candidate: Candidates, window: DateWindow, recordOf: RecordOf, statuses: readonly Status[]): boolean {
  return candidate.others.some((id) => {
    const other = recordOf(id);
    return (
      other !== undefined &&
      statuses.includes(other.status) &&
      overlaps(travelWindow(other.application), window) &&
      documentsOf(other.application).some((document) => document.documentNumber === candidate.documentNumber)
    );
  });
}

/** A person named on another open application for overlapping dates at this port, or on a closed list. */
export const duplicateFlags = (application: ApplicationInput, candidates: readonly Candidates[], recordOf: RecordOf): Flag[] =>
  candidates.flatMap((candidate): Flag[] => {
    if (confirmed(candidate, travelWindow(application), recordOf, openStatuses)) {
      return [{ code: 'duplicate-application', message: 'Another open application at this port names the same document for overlapping dates.', subject: candidate.subject }];
    }
    if (candidate.listFull) {
      return [{ code: 'duplicate-application', message: 'So many applications at this port name this document that each new one is taken for a duplicate.', subject: candidate.subject }];
    }
    return [];
  });

/**
 * A person who already holds an approved permit at this port for overlapping dates. The duplicate check
 * counts only open applications, so without this a second application for the same trip would be
 * approved by the rules again once the first was.
 */
export const approvedPermitFlags = (application: ApplicationInput, candidates: readonly Candidates[], recordOf: RecordOf): Flag[] =>
  candidates
    .filter((candidate) => confirmed(candidate, travelWindow(application), recordOf, ['APPROVED']))
    .map(({ subject }) => ({
      code: 'duplicate-application',
      message: 'An approved permit at this port already names the same document for overlapping dates.',
      subject,
    }));

/**
 * Entries that can no longer overlap anything the check compares: their dates ended this many days before
 * today, longer than an application waits for screening (the intake queue keeps a message 14 days), and
 * every trip or crossing starts on or after the day it is submitted.
 */
export const ENTRY_KEPT_DAYS = 30;

export const expiredEntries = (entries: readonly DocumentEntry[], today: string) =>
  entries.filter((entry) => entry.windows.every((window) => window.to < addDays(today, -ENTRY_KEPT_DAYS)));
