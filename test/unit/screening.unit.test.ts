import { describe, expect, it } from 'vitest';
import type { WatchListEntry } from '../../shared/domain/watch-list.ts';
import type { ApplicationInput } from '../../shared/domain/schemas.ts';
import { plateSkeletons } from '../../shared/domain/normalise.ts';
import {
  documentExpiryFlags,
  mixedScriptFlags,
  watchListCandidates,
  watchListFlags,
} from '../../shared/domain/screening.ts';
import { addDays, addMonths, cargoApplication, tourismApplication, tripEnd } from '../fixtures/applications.ts';

describe('document expiry flags', () => {
  const withExpiry = (documentExpiry: string): ApplicationInput => {
    const application = tourismApplication();
    return { ...application, applicant: { ...application.applicant, documentExpiry } } as ApplicationInput;
  };

  it('flags a document expiring before the trip ends', () => {
    expect(documentExpiryFlags(withExpiry(addDays(tripEnd(), -1))).map((flag) => flag.code)).toEqual(['document-expires-during-trip']);
  });

  it('flags a document expiring within six months of the trip', () => {
    expect(documentExpiryFlags(withExpiry(addDays(addMonths(tripEnd(), 6), -1))).map((flag) => flag.code)).toEqual(['document-expires-soon']);
  });

  it('leaves a document valid for six months after the trip alone', () => {
    expect(documentExpiryFlags(withExpiry(addMonths(tripEnd(), 6)))).toEqual([]);
  });

  it('names the member whose document expires', () => {
    const application = tourismApplication({ members: 2 });
    application.members![1]!.documentExpiry = addDays(tripEnd(), -1);
    expect(documentExpiryFlags(application)).toEqual([
      expect.objectContaining({ code: 'document-expires-during-trip', subject: 'members.1' }),
    ]);
  });
});

describe('watch-list flags', () => {
  it('flags document, person and plate hits with their subject', () => {
    const application = cargoApplication();
    const candidates = watchListCandidates(application);
    const hits: WatchListEntry[] = [
      { kind: 'plate', value: plateSkeletons('云k 123-45')[0]!, reason: 'sample' },
      { kind: 'document', value: candidates[0]!.value, reason: 'sample' },
    ];
    expect(watchListFlags(candidates, hits)).toEqual([
      expect.objectContaining({ code: 'watch-list-document', subject: 'drivers.0' }),
      expect.objectContaining({ code: 'watch-list-plate', subject: 'vehicle' }),
    ]);
  });

  it('gives one flag per subject however many of its keys match', () => {
    const application = cargoApplication();
    application.vehicle.plateNumber = 'MM-YGN-4821';
    const candidates = watchListCandidates(application);
    const plateKeys = candidates.filter((candidate) => candidate.kind === 'plate');
    expect(plateKeys.length).toBe(2);
    const hits = plateKeys.map((candidate): WatchListEntry => ({ kind: 'plate', value: candidate.value, reason: 'sample' }));
    expect(watchListFlags(candidates, hits)).toEqual([expect.objectContaining({ code: 'watch-list-plate', subject: 'vehicle' })]);
  });
});

describe('mixed-script names', () => {
  it('flags the person whose name mixes scripts within a word, and nobody else', () => {
    const application = tourismApplication({ members: 2 });
    application.members![1]!.fullName = 'Nguy\u0435n Van An';
    application.members![0]!.fullName = 'Иван Петров';
    expect(mixedScriptFlags(application)).toEqual([{ code: 'mixed-script-name', message: expect.any(String), subject: 'members.1' }]);
  });
});
