import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseWatchList, WatchListFormatError } from '../../shared/domain/watch-list.ts';
import { personWatchValues, plateSkeletons } from '../../shared/domain/normalise.ts';

describe('watch-list files', () => {
  it('parses the sample file into normalised entries', () => {
    const entries = parseWatchList(readFileSync(new URL('../../data/watchlist.sample.csv', import.meta.url), 'utf8'));
    for (const value of personWatchValues('an van NGUYEN', '1980-02-03')) {
      expect(entries).toContainEqual({ kind: 'person', value, reason: 'sample: shared wanted-person notice' });
    }
    for (const value of plateSkeletons('云k-99999')) expect(entries).toContainEqual({ kind: 'plate', value, reason: 'sample: vehicle linked to smuggling' });
    expect(entries).toContainEqual({ kind: 'document', value: 'LA7730021', reason: 'sample: border pass withdrawn' });
  });

  it('handles quoted cells', () => {
    expect(parseWatchList('kind,value,dateOfBirth,reason\ndocument,"X12345",,"stolen, reported"\n')).toEqual([
      { kind: 'document', value: 'X12345', reason: 'stolen, reported' },
    ]);
  });

  it('keeps one entry per key: rows that meet on a skeleton merge their reasons', () => {
    const entries = parseWatchList(
      [
        'kind,value,dateOfBirth,reason',
        'person,Nguyen Van An,1980-02-03,notice 1',
        'person,NGUYỄN văn an,1980-02-03,notice 2',
        'person,An Nguyen Van,1980-02-03,notice 1',
        'plate,云K 99999,,plate notice',
        'plate,云k-99999,,plate notice',
        'document,G-99887766,,stolen',
        'document,g99887766,,lost',
      ].join('\n'),
    );
    const keys = entries.map((entry) => `${entry.kind}#${entry.value}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(entries.filter((entry) => entry.kind === 'person').map((entry) => entry.reason)).toEqual(
      personWatchValues('Nguyen Van An', '1980-02-03').map(() => 'notice 1; notice 2'),
    );
    expect(entries.filter((entry) => entry.kind === 'plate').map((entry) => entry.reason)).toEqual(plateSkeletons('云K99999').map(() => 'plate notice'));
    expect(entries.filter((entry) => entry.kind === 'document')).toEqual([{ kind: 'document', value: 'G99887766', reason: 'stolen; lost' }]);
  });

  it.each([
    ['kind,value\n', 'first line'],
    ['kind,value,dateOfBirth,reason\nplate,--,,r\n', 'Line 2: value has no letters or digits'],
    ['kind,value,dateOfBirth,reason\nship,X1,,r\n', 'Line 2: kind'],
    ['kind,value,dateOfBirth,reason\nperson,Li Wei,,r\n', 'Line 2: a person needs dateOfBirth'],
  ])('rejects a bad file with the line that is wrong (%#)', (csv, message) => {
    expect(() => parseWatchList(csv)).toThrow(WatchListFormatError);
    expect(() => parseWatchList(csv)).toThrow(message);
  });
});
