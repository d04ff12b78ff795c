import { describe, expect, it } from 'vitest';
import { laneOf } from '../../shared/domain/application.ts';
import { ValidationError } from '../../shared/domain/errors.ts';
import { validateApplication } from '../../shared/domain/validate-application.ts';
import { addDays, addMonths, cargoApplication, person, today as todayOf, tourismApplication } from '../fixtures/applications.ts';

const today = todayOf();

function issuesOf(body: unknown) {
  try {
    validateApplication(body, today);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('application validation', () => {
  it('accepts both kinds and gives each its lane', () => {
    expect(laneOf(validateApplication(tourismApplication(), today))).toBe('standard');
    expect(laneOf(validateApplication(tourismApplication({ medical: true }), today))).toBe('medical');
    expect(laneOf(validateApplication(cargoApplication({ perishable: true }), today))).toBe('perishable');
    expect(laneOf(validateApplication(cargoApplication({ perishable: false }), today))).toBe('standard');
  });

  it('names one issue per offending field with dotted paths and indexes', () => {
    const body = tourismApplication({ members: 4 }) as Record<string, any>;
    body.members[3].dateOfBirth = '1990-02-30';
    body.applicant.documentNumber = '!';
    body.contact.phone = '12345';
    expect(issuesOf(body).map((issue) => issue.path).sort()).toEqual([
      'applicant.documentNumber',
      'contact.phone',
      'members.3.dateOfBirth',
    ]);
  });

  it('requires the agency for a group', () => {
    const body = tourismApplication({ members: 1 }) as Record<string, any>;
    delete body.agency;
    expect(issuesOf(body)).toEqual([{ path: 'agency', message: 'A group application needs the travel agency.' }]);
  });

  it('rejects unknown fields by name', () => {
    expect(issuesOf({ ...tourismApplication(), isAdmin: true })).toEqual([{ path: 'isAdmin', message: 'This field is not allowed.' }]);
  });

  it('rejects a vehicle the port does not admit', () => {
    expect(issuesOf(cargoApplication({ port: 'JINGHONG', vehicle: 'truck' })).map((issue) => issue.path)).toEqual(['vehicle.type']);
  });

  it('limits groups, drivers and cargo lines', () => {
    const group = tourismApplication({ members: 50 });
    expect(issuesOf(group).map((issue) => issue.path)).toEqual(['members']);
    const cargo = cargoApplication() as Record<string, any>;
    cargo.drivers = [person(), person(), person()];
    cargo.cargo = [];
    expect(issuesOf(cargo).map((issue) => issue.path).sort()).toEqual(['cargo', 'drivers']);
  });

  it('rejects bodies that are not objects, unknown kinds and past dates', () => {
    expect(issuesOf([])[0]!.path).toBe('');
    expect(issuesOf({ kind: 'visa' })[0]!.path).toBe('kind');
    const past = tourismApplication() as Record<string, any>;
    past.travel.entryDate = addDays(today, -1);
    expect(issuesOf(past)).toEqual([{ path: 'travel.entryDate', message: 'This date has already passed.' }]);
  });

  it('says a missing field is required', () => {
    const body = cargoApplication() as Record<string, any>;
    delete body.carrier.companyName;
    expect(issuesOf(body)).toEqual([{ path: 'carrier.companyName', message: 'This field is required.' }]);
  });

  it('keeps cargo weights from one gram to 200 t, inside what a DynamoDB number holds (found by the fuzz suite)', () => {
    const weighing = (weightKg: number) => {
      const body = cargoApplication() as Record<string, any>;
      body.cargo[0].weightKg = weightKg;
      return body;
    };
    const withWeight = (weightKg: number) => issuesOf(weighing(weightKg));
    expect(validateApplication(weighing(0.001), today)).toMatchObject({ cargo: [{ weightKg: 0.001 }] });
    expect(validateApplication(weighing(200_000), today)).toMatchObject({ cargo: [{ weightKg: 200_000 }] });
    for (const weightKg of [5e-324, 1e-9, 0, -1]) {
      expect(withWeight(weightKg)).toEqual([{ path: 'cargo.0.weightKg', message: 'Weight is at least 0.001 kg.' }]);
    }
    expect(withWeight(200_000.5)).toEqual([{ path: 'cargo.0.weightKg', message: 'Weight is at most 200,000 kg.' }]);
  });
});

describe('dates that cannot be right', () => {
  it('refuses a date of birth after today (Asia/Shanghai) or more than 130 years ago, on that person', () => {
    const body = tourismApplication({ members: 2 }) as Record<string, any>;
    body.applicant.dateOfBirth = addDays(today, 1);
    body.members[1].dateOfBirth = addMonths(today, -12 * 130 - 1);
    expect(issuesOf(body)).toEqual([
      { path: 'applicant.dateOfBirth', message: 'A date of birth cannot be in the future.' },
      { path: 'members.1.dateOfBirth', message: 'A date of birth is at most 130 years ago.' },
    ]);
    const driver = cargoApplication() as Record<string, any>;
    driver.drivers[0].dateOfBirth = addDays(today, 30);
    expect(issuesOf(driver).map((issue) => issue.path)).toEqual(['drivers.0.dateOfBirth']);
    const newborn = tourismApplication() as Record<string, any>;
    newborn.applicant.dateOfBirth = today;
    expect(validateApplication(newborn, today).kind).toBe('border-tourism');
  });

  it('refuses a document that expires before its holder was born or more than 50 years ahead', () => {
    const body = tourismApplication({ members: 1 }) as Record<string, any>;
    body.applicant.documentExpiry = '1989-12-31';
    body.members[0].documentExpiry = '9999-12-31';
    expect(issuesOf(body)).toEqual([
      { path: 'applicant.documentExpiry', message: 'A document cannot expire before its holder was born.' },
      { path: 'members.0.documentExpiry', message: 'A document expiry date is at most 50 years ahead.' },
    ]);
  });

  it('keeps trips within a year ahead and at most 90 days long', () => {
    const far = tourismApplication() as Record<string, any>;
    far.travel = { ...far.travel, entryDate: addDays(addMonths(today, 12), 1), exitDate: addDays(addMonths(today, 12), 3) };
    expect(issuesOf(far)).toEqual([{ path: 'travel.entryDate', message: 'A trip starts at most one year ahead.' }]);
    const long = tourismApplication() as Record<string, any>;
    long.travel.exitDate = '9999-12-31';
    expect(issuesOf(long)).toEqual([{ path: 'travel.exitDate', message: 'A trip lasts at most 90 days.' }]);
    long.travel.exitDate = addDays(long.travel.entryDate, 90);
    expect(validateApplication(long, today).kind).toBe('border-tourism');
    const lastDay = tourismApplication() as Record<string, any>;
    lastDay.travel = { ...lastDay.travel, entryDate: addMonths(today, 12), exitDate: addMonths(today, 12) };
    expect(validateApplication(lastDay, today).kind).toBe('border-tourism');
  });

  it('keeps a cargo crossing within a year ahead', () => {
    const body = cargoApplication() as Record<string, any>;
    body.crossingDate = addDays(addMonths(today, 12), 1);
    expect(issuesOf(body)).toEqual([{ path: 'crossingDate', message: 'A crossing is at most one year ahead.' }]);
    body.crossingDate = addMonths(today, 12);
    expect(validateApplication(body, today).kind).toBe('cargo-transit');
  });
});
