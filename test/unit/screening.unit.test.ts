import { describe, expect, it } from 'vitest';
import type { WatchListEntry } from '../../shared/domain/watch-list.ts';
import type { ApplicationInput } from '../../shared/domain/schemas.ts';
import { normaliseName, normalisePlate, personWatchValue } from '../../shared/domain/normalise.ts';
import {
  documentExpiryFlags,
  watchListCandidates,
  watchListFlags,
} from '../../shared/domain/screening.ts';
import { addDays, addMonths, cargoApplication, tourismApplication, tripEnd } from '../fixtures/applications.ts';

describe('name normalisation', () => {
  it.each([
    ['Nguyễn Văn An', 'an nguyen van'],
    ['  AN   van NGUYEN ', 'an nguyen van'],
    ['Souk-Savanh  Phommachanh', 'phommachanh savanh souk'],
  ])('%s', (name, expected) => {
    expect(normaliseName(name)).toBe(expected);
  });

  it('is not defeated by case, accents, spacing or word order', () => {
    const listed = personWatchValue('Nguyễn Văn An', '1980-02-03');
    for (const variant of ['nguyen van an', 'AN  VAN NGUYEN', 'Văn-An Nguyễn', 'NGUYEN\tVAN AN']) {
      expect(personWatchValue(variant, '1980-02-03')).toBe(listed);
    }
    expect(personWatchValue('Nguyen Van An', '1980-02-04')).not.toBe(listed);
  });

  it('normalises plates', () => {
    expect(normalisePlate('云K 123-45')).toBe(normalisePlate('云k12345'));
  });
});

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
      { kind: 'plate', value: normalisePlate('云K12345'), reason: 'sample' },
      { kind: 'document', value: candidates[0]!.value, reason: 'sample' },
    ];
    expect(watchListFlags(candidates, hits)).toEqual([
      expect.objectContaining({ code: 'watch-list-document', subject: 'drivers.0' }),
      expect.objectContaining({ code: 'watch-list-plate', subject: 'vehicle' }),
    ]);
  });
});
