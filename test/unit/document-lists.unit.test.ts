import { describe, expect, it } from 'vitest';
import {
  approvedPermitFlags,
  candidateIds,
  candidatesOf,
  documentsOf,
  duplicateFlags,
  ENTRY_KEPT_DAYS,
  expiredEntries,
  LIST_CAPACITY,
  listsApplication,
  mayReopen,
  shouldClose,
  type CandidateRecord,
  type DocumentList,
} from '../../shared/domain/document-lists.ts';
import type { ApplicationInput } from '../../shared/domain/schemas.ts';
import { addDays, person, tourismApplication, tripEnd, tripStart } from '../fixtures/applications.ts';

const trip = () => ({ from: tripStart(), to: tripEnd() });
const list = (entries: [string, { from: string; to: string }[]][], full = false): DocumentList => ({
  entries: entries.map(([applicationId, windows]) => ({ applicationId, windows })),
  full,
});

describe('documents of an application', () => {
  it('normalises each document and names everyone who carries it', () => {
    const application = tourismApplication({ members: 2 });
    application.applicant.documentNumber = 'e 123-45';
    application.members![1]!.documentNumber = 'E12345';
    expect(documentsOf(application)).toEqual([
      { documentNumber: 'E12345', subjects: ['applicant', 'members.1'] },
      { documentNumber: application.members![0]!.documentNumber.toUpperCase(), subjects: ['members.0'] },
    ]);
  });
});

describe('whether a list holds an application', () => {
  it('needs an entry of its own whose dates cover the ones it has now; a closed list needs none', () => {
    expect(listsApplication(list([['me', [trip()]]]), 'me', trip())).toBe(true);
    expect(listsApplication(list([['me', [{ from: tripStart(), to: addDays(tripEnd(), -1) }]]]), 'me', trip())).toBe(false);
    expect(listsApplication(list([['me', [{ from: '2020-01-01', to: '2020-01-02' }, trip()]]]), 'me', trip())).toBe(true);
    expect(listsApplication(list([['other', [trip()]]]), 'me', trip())).toBe(false);
    expect(listsApplication(list([], true), 'me', trip())).toBe(true);
  });
});

describe('candidates and their confirmation', () => {
  const application = tourismApplication();
  const documentNumber = application.applicant.documentNumber;
  const other = (overrides: Partial<CandidateRecord> = {}): CandidateRecord => ({ status: 'PENDING_REVIEW', application: { ...tourismApplication(), applicant: { ...person(), documentNumber } }, ...overrides });
  const candidates = (entries: [string, { from: string; to: string }[]][], full = false) => candidatesOf(application, 'me', () => list(entries, full));

  it('takes the others whose listed dates overlap, never the application itself', () => {
    const found = candidates([['me', [trip()]], ['a', [trip()]], ['b', [{ from: addDays(tripEnd(), 1), to: addDays(tripEnd(), 3) }]], ['c', [{ from: '2020-01-01', to: '2020-01-02' }, { from: tripEnd(), to: tripEnd() }]]]);
    expect(found).toEqual([{ subject: 'applicant', documentNumber, others: ['a', 'c'], listFull: false }]);
    expect(candidateIds(found)).toEqual(['a', 'c']);
    expect(candidates([['me', [trip()]]])).toEqual([]);
  });

  it('flags a duplicate only when a candidate\'s own record is open and names the document for overlapping dates', () => {
    const found = candidates([['a', [trip()]]]);
    const flagged = (record: CandidateRecord | undefined) => duplicateFlags(application, found, () => record).map((flag) => flag.subject);
    expect(flagged(other())).toEqual(['applicant']);
    expect(flagged(other({ status: 'INFO_REQUESTED' }))).toEqual(['applicant']);
    expect(flagged(other({ status: 'WITHDRAWN' }))).toEqual([]);
    expect(flagged(other({ status: 'APPROVED' }))).toEqual([]);
    expect(flagged(undefined)).toEqual([]);
    const movedOn = other();
    (movedOn.application as Extract<ApplicationInput, { kind: 'border-tourism' }>).travel = { destinationCountry: 'LA', entryDate: addDays(tripEnd(), 10), exitDate: addDays(tripEnd(), 12) };
    expect(flagged(movedOn)).toEqual([]);
    expect(flagged({ ...other(), application: tourismApplication() })).toEqual([]);
  });

  it('flags an approved permit for overlapping dates apart from open duplicates', () => {
    const found = candidates([['a', [trip()]]]);
    expect(approvedPermitFlags(application, found, () => other({ status: 'APPROVED' }))).toEqual([expect.objectContaining({ code: 'duplicate-application', subject: 'applicant' })]);
    expect(approvedPermitFlags(application, found, () => other())).toEqual([]);
  });

  it('flags everyone on a closed list, confirmed or not', () => {
    const found = candidates([], true);
    expect(found).toEqual([{ subject: 'applicant', documentNumber, others: [], listFull: true }]);
    expect(duplicateFlags(application, found, () => undefined)).toEqual([expect.objectContaining({ message: expect.stringContaining('So many'), subject: 'applicant' })]);
  });
});

describe('keeping a list small', () => {
  it('expires an entry only when every window ended more than the kept days before today', () => {
    const today = '2026-12-31';
    const edge = addDays(today, -ENTRY_KEPT_DAYS);
    const entries = list([
      ['gone', [{ from: '2026-10-01', to: addDays(edge, -1) }]],
      ['edge', [{ from: '2026-10-01', to: edge }]],
      ['answered', [{ from: '2026-10-01', to: addDays(edge, -1) }, { from: today, to: today }]],
    ]).entries;
    expect(expiredEntries(entries, today).map((entry) => entry.applicationId)).toEqual(['gone']);
  });

  it('closes a list at capacity and opens it again below half', () => {
    const entries = (count: number) => Array.from({ length: count }, (_, index): [string, { from: string; to: string }[]] => [`a${index}`, [trip()]]);
    expect(shouldClose(list(entries(LIST_CAPACITY - 1)))).toBe(false);
    expect(shouldClose(list(entries(LIST_CAPACITY)))).toBe(true);
    expect(shouldClose(list(entries(LIST_CAPACITY), true))).toBe(false);
    expect(mayReopen(list(entries(LIST_CAPACITY / 2), true))).toBe(false);
    expect(mayReopen(list(entries(LIST_CAPACITY / 2 - 1), true))).toBe(true);
    expect(mayReopen(list(entries(0)))).toBe(false);
  });
});
