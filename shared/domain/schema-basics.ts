/**
 * What every schema shares, apart from the application schemas so that code checking only a date (a
 * permit's claims) or a note (a port policy) loads no more: the messages for missing and mistyped fields,
 * the calendar date, and free text without hidden characters.
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

/**
 * Control and format characters (Unicode Cc and Cf: zero-width characters, bidi controls, the soft
 * hyphen) and lone surrogates: invisible, they let two different texts look the same to a clerk.
 */
const hiddenCharacters = /[\p{Cc}\p{Cf}\p{Cs}]/u;
export const hiddenCharactersMessage = 'Remove invisible or control characters from this text.';
/** No hidden characters; text that may run over several lines keeps its line breaks. */
const withoutHiddenCharacters = (value: string, multiline = false) => !hiddenCharacters.test(multiline ? value.replace(/\n/g, '') : value);

/** Free text: trimmed, at most `max` characters, no hidden characters; not empty when `required` says why. */
export function freeText(options: { max: number; tooLong: string; required?: string; multiline?: boolean }) {
  const trimmed = z.string().trim();
  return (options.required ? trimmed.min(1, options.required) : trimmed)
    .max(options.max, options.tooLong)
    .refine((value) => withoutHiddenCharacters(value, options.multiline), hiddenCharactersMessage);
}

/** A clerk's note for the officers (decisions, revocations, audit outcomes, policy changes): never shown to the applicant. */
export const officerNote = freeText({ max: 2000, tooLong: 'A note is at most 2000 characters.', multiline: true });
