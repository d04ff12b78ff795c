/**
 * The evasion table through the API, against the local stack with the sample watch list loaded: every
 * attempt to disguise a listed name or plate is refused with a 400 or flagged for the clerk, and honest
 * names and other plates are not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flag } from '../../shared/domain/application.ts';
import { hiddenCharactersMessage } from '../../shared/domain/schemas.ts';
import { cargoApplication, person, tourismApplication } from '../fixtures/applications.ts';
import { honestNames, listedPeople, nameAttempts, otherPlates, plateAttempts } from '../fixtures/evasion.ts';
import { startTestStack, type TestStack } from './helpers.ts';

let stack: TestStack;
let store: typeof import('../../shared/adapters/store/application-store.ts');

interface Outcome {
  status: number;
  issues?: { path: string; message: string }[];
  flags?: Flag[];
  /** What the applicant's own status page shows. */
  applicantView?: Record<string, unknown>;
}

/** Submits every body, screens them all, and answers per body what became of it. */
async function outcomesOf(bodies: unknown[]): Promise<Outcome[]> {
  const responses = await Promise.all(bodies.map((body) => stack.request('POST', '/api/applications', { body })));
  await stack.drainQueue();
  return Promise.all(
    responses.map(async ({ status, body }) => {
      if (status !== 202) return { status, issues: body.issues };
      const stored = await store.getApplication(body.id);
      const view = await stack.applicantView(body.id, body.accessToken);
      return { status, flags: stored!.flags, applicantView: view.body };
    }),
  );
}

const codesOf = (outcome: Outcome, subject: string) => (outcome.flags ?? []).filter((flag) => flag.subject === subject).map((flag) => flag.code);

beforeAll(async () => {
  stack = await startTestStack({ throttle: false, sampleData: true });
  store = await import('../../shared/adapters/store/application-store.ts');
});
afterAll(async () => stack?.stop());

describe('watch-listed names in disguise', () => {
  let outcomes: Outcome[];
  beforeAll(async () => {
    outcomes = await outcomesOf(
      nameAttempts.map(({ value, listed }) => {
        const body = tourismApplication();
        body.applicant = person({ fullName: value, dateOfBirth: listedPeople[listed].dateOfBirth });
        return body;
      }),
    );
  });

  it.each(nameAttempts.map((attempt, index) => ({ ...attempt, index })))('$what: refused or flagged', ({ index, invisible, what }) => {
    const outcome = outcomes[index]!;
    if (invisible) {
      expect(outcome).toEqual({ status: 400, issues: [{ path: 'applicant.fullName', message: hiddenCharactersMessage }] });
      return;
    }
    expect(outcome.status).toBe(202);
    expect(codesOf(outcome, 'applicant')).toContain('watch-list-person');
    if (/Cyrillic|Greek/.test(what)) expect(codesOf(outcome, 'applicant')).toContain('mixed-script-name');
    // The flags are for the clerk: the applicant sees none of them.
    expect(JSON.stringify(outcome.applicantView)).not.toMatch(/watch-list|mixed-script/);
  });
});

describe('names that must not be flagged', () => {
  let outcomes: Outcome[];
  beforeAll(async () => {
    outcomes = await outcomesOf(
      honestNames.map(({ value }) => {
        const body = tourismApplication();
        // The listed person's date of birth: only the name keeps them apart.
        body.applicant = person({ fullName: value, dateOfBirth: listedPeople.nguyen.dateOfBirth });
        return body;
      }),
    );
  });

  it.each(honestNames.map((name, index) => ({ ...name, index })))('$what: accepted, no watch-list or mixed-script flag', ({ index }) => {
    expect(outcomes[index]!.status).toBe(202);
    expect(codesOf(outcomes[index]!, 'applicant')).toEqual([]);
  });
});

describe('watch-listed plates in disguise', () => {
  let outcomes: Outcome[];
  const plates = [...plateAttempts, ...otherPlates.map((plate) => ({ ...plate, listed: undefined, invisible: false }))];
  beforeAll(async () => {
    outcomes = await outcomesOf(
      plates.map(({ value }) => {
        const body = cargoApplication();
        body.vehicle.plateNumber = value;
        return body;
      }),
    );
  });

  it.each(plates.map((plate, index) => ({ ...plate, index })))('$what: refused, flagged, or left alone when another plate', ({ index, invisible, listed }) => {
    const outcome = outcomes[index]!;
    if (invisible) {
      expect(outcome).toEqual({ status: 400, issues: [{ path: 'vehicle.plateNumber', message: hiddenCharactersMessage }] });
      return;
    }
    expect(outcome.status).toBe(202);
    expect(codesOf(outcome, 'vehicle')).toEqual(listed ? ['watch-list-plate'] : []);
    expect(JSON.stringify(outcome.applicantView)).not.toContain('watch-list');
  });
});
