import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseWatchList, WatchListFormatError } from '../../shared/domain/watch-list.ts';
import { personWatchValue } from '../../shared/domain/normalise.ts';

describe('watch-list files', () => {
  it('parses the sample file into normalised entries', () => {
    const entries = parseWatchList(readFileSync(new URL('../../data/watchlist.sample.csv', import.meta.url), 'utf8'));
    expect(entries).toContainEqual({ kind: 'person', value: personWatchValue('an van nguyen', '1980-02-03'), reason: 'sample: shared wanted-person notice' });
    expect(entries).toContainEqual({ kind: 'plate', value: '云K99999', reason: 'sample: vehicle linked to smuggling' });
    expect(entries).toContainEqual({ kind: 'document', value: 'LA7730021', reason: 'sample: border pass withdrawn' });
  });

  it('handles quoted cells', () => {
    expect(parseWatchList('kind,value,dateOfBirth,reason\ndocument,"X12345",,"stolen, reported"\n')).toEqual([
      { kind: 'document', value: 'X12345', reason: 'stolen, reported' },
    ]);
  });

  it.each([
    ['kind,value\n', 'first line'],
    ['kind,value,dateOfBirth,reason\nship,X1,,r\n', 'Line 2: kind'],
    ['kind,value,dateOfBirth,reason\nperson,Li Wei,,r\n', 'Line 2: a person needs dateOfBirth'],
  ])('rejects a bad file with the line that is wrong (%#)', (csv, message) => {
    expect(() => parseWatchList(csv)).toThrow(WatchListFormatError);
    expect(() => parseWatchList(csv)).toThrow(message);
  });
});
