/** Validation of a submitted body beyond its shape: the rules that need "today" (Asia/Shanghai). */
import { peopleOf } from './application.ts';
import { ValidationError, type ValidationIssue } from './errors.ts';
import { applicationSchema, type ApplicationInput } from './schemas.ts';
import { toValidationIssues } from './validation-issues.ts';
import { addDays, addMonths } from './time.ts';

/** How far ahead a trip or crossing may be booked. */
export const BOOKING_HORIZON_MONTHS = 12;
/** The longest trip a border-tourism permit covers: its return is at most this many days after it starts. */
export const MAX_TRIP_DAYS = 90;
/** The oldest date of birth taken as real. */
export const MAX_AGE_YEARS = 130;
/** Beyond this, an expiry date is a typing error (long-term identity cards included). */
export const MAX_DOCUMENT_YEARS_AHEAD = 50;

function dateIssues(application: ApplicationInput, today: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const horizon = addMonths(today, BOOKING_HORIZON_MONTHS);
  if (application.kind === 'border-tourism') {
    const { entryDate, exitDate } = application.travel;
    if (entryDate < today) issues.push({ path: 'travel.entryDate', message: 'This date has already passed.' });
    else if (entryDate > horizon) issues.push({ path: 'travel.entryDate', message: 'A trip starts at most one year ahead.' });
    if (exitDate >= entryDate && exitDate > addDays(entryDate, MAX_TRIP_DAYS)) {
      issues.push({ path: 'travel.exitDate', message: `A trip lasts at most ${MAX_TRIP_DAYS} days.` });
    }
  } else if (application.crossingDate < today) {
    issues.push({ path: 'crossingDate', message: 'This date has already passed.' });
  } else if (application.crossingDate > horizon) {
    issues.push({ path: 'crossingDate', message: 'A crossing is at most one year ahead.' });
  }
  for (const { subject, person } of peopleOf(application)) {
    if (person.dateOfBirth > today) issues.push({ path: `${subject}.dateOfBirth`, message: 'A date of birth cannot be in the future.' });
    else if (person.dateOfBirth < addMonths(today, -12 * MAX_AGE_YEARS)) {
      issues.push({ path: `${subject}.dateOfBirth`, message: `A date of birth is at most ${MAX_AGE_YEARS} years ago.` });
    }
    if (person.documentExpiry <= person.dateOfBirth) {
      issues.push({ path: `${subject}.documentExpiry`, message: 'A document cannot expire before its holder was born.' });
    } else if (person.documentExpiry > addMonths(today, 12 * MAX_DOCUMENT_YEARS_AHEAD)) {
      issues.push({ path: `${subject}.documentExpiry`, message: `A document expiry date is at most ${MAX_DOCUMENT_YEARS_AHEAD} years ahead.` });
    }
  }
  return issues;
}

/** The body as a typed application, or a ValidationError naming every offending field. */
export function validateApplication(body: unknown, today: string): ApplicationInput {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationError([{ path: '', message: 'The body must be a JSON object.' }]);
  }
  const parsed = applicationSchema.safeParse(body);
  if (!parsed.success) throw new ValidationError(toValidationIssues(parsed.error));
  const issues = dateIssues(parsed.data, today);
  if (issues.length > 0) throw new ValidationError(issues);
  return parsed.data;
}
