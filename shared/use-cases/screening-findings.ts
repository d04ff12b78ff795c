/**
 * What screening finds on an application: document expiry, duplicates (the document lists), watch-list
 * hits and look-alike names, for a whole batch at once or for one application on its own (an answer to a
 * request for information is screened again with it). Reads only: the status change is screening's.
 */
import { travelWindow, type Flag, type ScreeningRecord } from '../domain/application.ts';
import {
  approvedPermitFlags,
  candidateIds,
  candidatesOf,
  duplicateFlags,
  expiredEntries,
  listsApplication,
  shouldClose,
  type CandidateRecord,
  type Candidates,
  type DocumentList,
} from '../domain/document-lists.ts';
import { getApplication, getApplicationsForScreening, getStatusesAndContent } from '../adapters/store/application-store.ts';
import { addAndReadDocumentLists, addToDocumentLists, closeDocumentList, removeExpiredEntries, type DocumentRef } from '../adapters/store/document-list-store.ts';
import { policyProbes } from '../adapters/store/port-policy-store.ts';
import { readScreeningLookups, type ScreeningLookups } from '../adapters/store/screening-lookups.ts';
import type { PortPolicy } from '../domain/auto-approval.ts';
import { findWatchListEntries } from '../adapters/store/watch-list-store.ts';
import type { WatchListEntry } from '../domain/watch-list.ts';
import { logger } from '../adapters/observability.ts';
import { documentExpiryFlags, mixedScriptFlags, watchListCandidates, watchListFlags } from '../domain/screening.ts';
import { shanghaiDate, systemClock, type Clock } from '../domain/time.ts';
import { documentRefsOf } from './document-lists.ts';

/** What the duplicate check found for one application: candidates per person, and their records. */
interface DocumentFindings {
  candidates: Candidates[];
  records: Map<string, CandidateRecord>;
}

/**
 * A batch's shared reads, done for all its messages before any of them is screened: the applications, then
 * one read of every document list and watch-list key they name, made after every application of the batch
 * is on its lists. What fails for one application leaves only its message to be retried.
 */
export interface ScreeningBatch {
  /** The ids whose read succeeded; one among them but missing from `records` does not exist. */
  lookedUp: Set<string>;
  records: Map<string, ScreeningRecord>;
  /** The `SUBMITTED` applications whose lists were read after they were on them: only these are screened with this batch. */
  findings: Map<string, DocumentFindings>;
  /** Watch-list entries matching any candidate of the batch, when a batch read of them worked. */
  watchListHits?: WatchListEntry[];
  /** Port policies read before and confirmed in force by this batch's read (the rules read the others). */
  policiesInForce?: Map<string, PortPolicy>;
}

async function readApplications(ids: string[]): Promise<Pick<ScreeningBatch, 'lookedUp' | 'records'>> {
  try {
    return { lookedUp: new Set(ids), records: await getApplicationsForScreening(ids) };
  } catch (error) {
    logger.warn('Batch read failed; reading each application on its own', { error });
    const records = new Map<string, ScreeningRecord>();
    const reads = await Promise.allSettled(ids.map((id) => getApplication(id)));
    const lookedUp = new Set<string>();
    for (const [index, read] of reads.entries()) {
      if (read.status === 'rejected') continue;
      lookedUp.add(ids[index]!);
      if (read.value) records.set(read.value.id, read.value);
    }
    return { lookedUp, records };
  }
}

/** A record's lists by document number. */
type Lists = Map<string, DocumentList>;

const listsIn = (lookups: ScreeningLookups, record: ScreeningRecord): Lists =>
  new Map(documentRefsOf(record).map((document) => [document.documentNumber, lookups.listOf(document)]));

const isListed = (lookups: ScreeningLookups, record: ScreeningRecord) =>
  [...listsIn(lookups, record).values()].every((list) => listsApplication(list, record.id, travelWindow(record.application)));

/**
 * The batch's lists, read after every application of the batch is on its lists: those the first read finds
 * missing (their submission's join failed, or they were accepted before the lists) join them, and all is
 * read again. No application can then join one of these lists without finding the batch's there, and two
 * applications of one batch always see each other.
 */
async function readListsAfterJoining(
  unscreened: ScreeningRecord[],
): Promise<Pick<ScreeningBatch, 'watchListHits' | 'policiesInForce'> & { lists: Map<string, Lists> }> {
  // The watch-list keys and the policy probes are read once: with the first read, or with the second if the first failed.
  const read = (records: ScreeningRecord[], withBatchKeys: boolean) =>
    readScreeningLookups(
      records.flatMap(documentRefsOf),
      withBatchKeys ? records.flatMap((record) => watchListCandidates(record.application)) : [],
      withBatchKeys ? policyProbes(records.map((record) => record.port)) : [],
    ).catch((error: unknown) => {
      logger.warn('Batch lookup failed', { error });
      return undefined;
    });
  const first = await read(unscreened, true);
  const missing = unscreened.filter((record) => !first || !isListed(first, record));
  let lookups = first;
  let ready = unscreened;
  if (missing.length > 0) {
    const joins = await Promise.allSettled(missing.map((record) => addToDocumentLists(documentRefsOf(record), record.id, travelWindow(record.application))));
    const failed = new Set(missing.filter((_, index) => joins[index]!.status === 'rejected').map((record) => record.id));
    ready = unscreened.filter((record) => !failed.has(record.id));
    lookups = ready.length > 0 ? await read(ready, first === undefined) : undefined;
  }
  const withBatchKeys = first ?? lookups;
  const watchListHits = withBatchKeys?.watchListHits;
  const policiesInForce = withBatchKeys?.policiesInForce;
  const lists = new Map(lookups ? ready.filter((record) => isListed(lookups, record)).map((record) => [record.id, listsIn(lookups, record)]) : []);
  return { lists, ...(watchListHits ? { watchListHits } : {}), ...(policiesInForce ? { policiesInForce } : {}) };
}

/**
 * Keeps a list small as it is met: entries whose dates are long past are taken off, and a list at capacity
 * is closed (and read as closed). A failure only leaves the work to the next reader.
 */
async function maintainList(document: DocumentRef, list: DocumentList, today: string): Promise<DocumentList> {
  const expired = expiredEntries(list.entries, today);
  const close = shouldClose(list);
  if (expired.length === 0 && !close) return list;
  try {
    if (expired.length > 0) await removeExpiredEntries(document, expired);
    if (close) await closeDocumentList(document);
  } catch (error) {
    logger.warn('Keeping a document list small failed; the next reader tries again', { error });
  }
  return close ? { ...list, full: true } : list;
}

/** The duplicate check's findings from lists read after joining them: the candidates, confirmed by their records. */
async function findDocuments(records: ScreeningRecord[], listsById: Map<string, Lists>, today: string): Promise<Map<string, DocumentFindings>> {
  // Applications of one batch naming one document share its list: it is kept small once, all lists at once.
  const maintained = new Map<string, Promise<DocumentList>>();
  const maintain = (document: DocumentRef, list: DocumentList) => {
    const key = `${document.port}\n${document.documentNumber}`;
    if (!maintained.has(key)) maintained.set(key, maintainList(document, list, today));
    return maintained.get(key)!;
  };
  const candidatesById = new Map<string, Candidates[]>();
  await Promise.all(
    records.map(async (record) => {
      const read = listsById.get(record.id);
      if (!read) return;
      const lists: Lists = new Map(
        await Promise.all([...read].map(async ([documentNumber, list]) => [documentNumber, await maintain({ port: record.port, documentNumber }, list)] as const)),
      );
      candidatesById.set(record.id, candidatesOf(record.application, record.id, (documentNumber) => lists.get(documentNumber) ?? { entries: [], full: false }));
    }),
  );
  const others = [...new Set([...candidatesById.values()].flatMap(candidateIds))];
  const candidateRecords = others.length > 0 ? await getStatusesAndContent(others).catch(() => undefined) : new Map<string, CandidateRecord>();
  const findings = new Map<string, DocumentFindings>();
  for (const [id, candidates] of candidatesById) {
    // Without the candidates' records an application that has some cannot be checked now: its message is retried.
    if (candidateRecords || candidates.length === 0) findings.set(id, { candidates, records: candidateRecords ?? new Map() });
  }
  return findings;
}

export async function prepareScreeningBatch(applicationIds: string[], clock: Clock = systemClock): Promise<ScreeningBatch> {
  const { lookedUp, records } = await readApplications(applicationIds);
  const unscreened = [...records.values()].filter((record) => record.status === 'SUBMITTED');
  if (unscreened.length === 0) return { lookedUp, records, findings: new Map() };
  const { lists, ...batchReads } = await readListsAfterJoining(unscreened);
  const findings = await findDocuments(unscreened, lists, shanghaiDate(clock()));
  return { lookedUp, records, findings, ...batchReads };
}

/** One application's lists on its own: joined, each read as it stands right after the join. */
async function joinAndReadLists(record: ScreeningRecord): Promise<Lists> {
  const documents = documentRefsOf(record);
  const lists = await addAndReadDocumentLists(documents, record.id, travelWindow(record.application));
  return new Map(documents.map((document, index) => [document.documentNumber, lists[index]!]));
}

/** The duplicate check and the approved-permit check of one application, with its batch's findings or on its own. */
async function assess(record: ScreeningRecord, batch: ScreeningBatch | undefined, today: string) {
  const findings =
    batch?.findings.get(record.id) ?? (await findDocuments([record], new Map([[record.id, await joinAndReadLists(record)]]), today)).get(record.id);
  if (!findings) throw new Error('The duplicate check could not be made; the message is retried');
  const recordOf = (id: string) => findings.records.get(id);
  return {
    duplicates: duplicateFlags(record.application, findings.candidates, recordOf),
    approvedPermits: approvedPermitFlags(record.application, findings.candidates, recordOf),
  };
}

/**
 * Every flag for the application as it stands now, and the people who already hold an approved permit for
 * overlapping dates (what the rules must not approve again); also used when an applicant's answer changes
 * the application (its new documents and dates join the lists beside the old). With a prepared batch its
 * findings and watch-list hits are reused.
 */
export async function screeningFindings(
  record: ScreeningRecord,
  options: { batch?: ScreeningBatch; clock?: Clock } = {},
): Promise<{ flags: Flag[]; approvedPermits: Flag[] }> {
  const candidates = watchListCandidates(record.application);
  const inBatch = options.batch?.findings.has(record.id) ?? false;
  const [{ duplicates, approvedPermits }, hits] = await Promise.all([
    assess(record, options.batch, shanghaiDate((options.clock ?? systemClock)())),
    (inBatch && options.batch?.watchListHits) || findWatchListEntries(candidates),
  ]);
  const flags = [...documentExpiryFlags(record.application), ...duplicates, ...watchListFlags(candidates, hits), ...mixedScriptFlags(record.application)];
  return { flags, approvedPermits };
}
