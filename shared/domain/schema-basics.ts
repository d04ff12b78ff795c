/**
 * What every schema shares, apart from the application schemas so that code checking only a date (a
 * permit's claims) loads no more: the messages for missing and mistyped fields, and the calendar date.
 */
import * as z from 'zod';

/** What a field of each type should hold, said plainly (and translated by the web pages). */
const expectedTypeMessages: Record<string, string> = {
  string: 'Use text here.',
  number: 'Use a number here.',
  boolean: 'Use true or false here.',
  object: 'Use an object with its fields here.',
  array: 'Use a list here.',
};

// A missing field reads better as "required" than as a type mismatch with `undefined`; a wrong type
// says what belongs there instead of zod's "Invalid input: expected ..., received ...".
z.config({
  customError: (issue) => {
    if (issue.code !== 'invalid_type') return undefined;
    if (issue.input === undefined) return 'This field is required.';
    return expectedTypeMessages[issue.expected];
  },
});

const dateShape = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date; JSON Schema's `format: date` (and zod's pattern beside it) refuses impossible ones such as 2027-02-30. */
export const dateSchema = z.iso.date({
  error: (issue) => {
    // Other issues (a missing field, a number) keep the messages configured above.
    if (issue.code !== 'invalid_format') return undefined;
    return typeof issue.input === 'string' && dateShape.test(issue.input) ? 'This is not a real calendar date.' : 'Use a date in the form YYYY-MM-DD.';
  },
});
