/** Validation of a submitted body beyond its shape: the rules that need "today". */
import { ValidationError } from './errors.ts';
import { applicationSchema, toValidationIssues, type ApplicationInput } from './schemas.ts';

/** The body as a typed application, or a ValidationError naming every offending field. */
export function validateApplication(body: unknown, today: string): ApplicationInput {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationError([{ path: '', message: 'The body must be a JSON object.' }]);
  }
  const parsed = applicationSchema.safeParse(body);
  if (!parsed.success) throw new ValidationError(toValidationIssues(parsed.error));
  const application = parsed.data;
  const travelStart = application.kind === 'border-tourism' ? application.travel.entryDate : application.crossingDate;
  const startPath = application.kind === 'border-tourism' ? 'travel.entryDate' : 'crossingDate';
  if (travelStart < today) {
    throw new ValidationError([{ path: startPath, message: 'This date has already passed.' }]);
  }
  return application;
}

