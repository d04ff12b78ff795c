import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mixesScriptsWithinAWord, nameSkeletons, plateSkeletons } from '../../shared/domain/normalise.ts';
import { ValidationError } from '../../shared/domain/errors.ts';
import { validateApplication } from '../../shared/domain/validate-application.ts';
import { cargoApplication, today, tourismApplication } from '../fixtures/applications.ts';
import { honestNames, invisibleCharacters, listedPeople, listedPlates, nameAttempts, otherPlates, plateAttempts } from '../fixtures/evasion.ts';

const meet = (keys: string[], others: string[]) => keys.some((key) => others.includes(key));
const sameName = (a: string, b: string) => meet(nameSkeletons(a), nameSkeletons(b));
const samePlate = (a: string, b: string) => meet(plateSkeletons(a), plateSkeletons(b));

describe('name skeletons: evasion attempts meet the listed name', () => {
  it.each(nameAttempts)('$what', ({ value, listed }) => {
    expect(sameName(value, listedPeople[listed].fullName)).toBe(true);
  });

  it.each(honestNames)('$what meets no listed name', ({ value }) => {
    for (const listed of Object.values(listedPeople)) expect(sameName(value, listed.fullName)).toBe(false);
  });

  it('keeps names apart that differ by more than look-alikes', () => {
    expect(sameName('Li Wei', 'Li Wen')).toBe(false);
    expect(sameName('Иван Петров', 'Иван Петрова')).toBe(false);
  });

  it('does not depend on case, in any script', () => {
    const letters = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzабвгдежзиклмнопрстуфхцшщыэюяαβγδεζηθικλμνξοπρστυφχψωăêôơưß'.split(''), ' ');
    fc.assert(
      fc.property(fc.array(letters, { minLength: 1, maxLength: 24 }), (characters) => {
        const name = characters.join('');
        expect(nameSkeletons(name.toUpperCase())).toEqual(nameSkeletons(name));
        expect(nameSkeletons(name.toLowerCase())).toEqual(nameSkeletons(name));
      }),
    );
  });
});

describe('plate skeletons', () => {
  it.each(plateAttempts)('$what meets the listed plate', ({ value, listed }) => {
    expect(samePlate(value, listedPlates[listed])).toBe(true);
  });

  it.each(otherPlates)('$what meets no listed plate', ({ value }) => {
    for (const listed of Object.values(listedPlates)) expect(samePlate(value, listed)).toBe(false);
  });

  it('keeps letters and digits only, with the province character', () => {
    expect(samePlate('云K12345', '云k 123-45')).toBe(true);
    expect(plateSkeletons('云K 123-45').every((key) => key.startsWith('云') && /^云[a-z0-9]+$/.test(key))).toBe(true);
  });
});

describe('mixed scripts within a word', () => {
  it.each(nameAttempts.filter(({ what }) => /Cyrillic|Greek/.test(what)))('$what is mixed', ({ value }) => {
    expect(mixesScriptsWithinAWord(value)).toBe(true);
  });

  it.each(honestNames)('$what is not mixed', ({ value }) => {
    expect(mixesScriptsWithinAWord(value)).toBe(false);
  });

  it('looks at each word on its own: a Latin word beside a Cyrillic one is not mixed', () => {
    expect(mixesScriptsWithinAWord('Anna Иванова')).toBe(false);
    expect(mixesScriptsWithinAWord('Anna Ивaнова')).toBe(true);
  });

  it('is not fooled by a combining mark between the two scripts', () => {
    expect(mixesScriptsWithinAWord('Nguy\u0301\u0435n')).toBe(true);
  });
});

describe('invisible characters in requests', () => {
  const issuesOf = (body: unknown) => {
    try {
      validateApplication(body, today());
      return [];
    } catch (error) {
      if (error instanceof ValidationError) return error.issues;
      throw error;
    }
  };

  it.each(Object.entries(invisibleCharacters))('refuses a %s in a name and in a plate, on that field', (_, character) => {
    const tourism = tourismApplication({ members: 1 });
    tourism.members![0]!.fullName = `Li${character} Wei`;
    expect(issuesOf(tourism)).toEqual([{ path: 'members.0.fullName', message: 'Remove invisible or control characters from this text.' }]);
    const cargo = cargoApplication();
    cargo.vehicle.plateNumber = `云K${character}12345`;
    cargo.cargo[0]!.description = `fresh${character} bananas`;
    expect(issuesOf(cargo).map((issue) => issue.path).sort()).toEqual(['cargo.0.description', 'vehicle.plateNumber']);
  });

  it('refuses control characters, and line breaks outside text that may have several lines', () => {
    const tourism = tourismApplication({ medical: true });
    tourism.applicant.fullName = 'Li\u0007Wei';
    tourism.urgent!.details = 'transfer for dialysis\nreferral letter no. 88';
    expect(issuesOf(tourism).map((issue) => issue.path)).toEqual(['applicant.fullName']);
    tourism.applicant.fullName = 'Li\nWei';
    expect(issuesOf(tourism).map((issue) => issue.path)).toEqual(['applicant.fullName']);
  });

  it('still drops invisible characters from a skeleton, for names that reach it another way', () => {
    expect(nameSkeletons('Ngu\u200Byen Van\u2060 An')).toEqual(nameSkeletons('Nguyen Van An'));
  });
});
