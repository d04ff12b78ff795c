/**
 * The application schemas: the one definition of a valid request, used by the API, the web form and
 * the OpenAPI document. Types come from `z.infer`.
 */
import * as z from 'zod';
import { findPort, portCodes } from './ports.ts';
import type { ValidationIssue } from './errors.ts';

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

const isRealDate = (value: string) => {
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
};

export const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date in the form YYYY-MM-DD.')
  .refine(isRealDate, 'This is not a real calendar date.');

const text = (max: number, what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} is required.`)
    .max(max, `${what} is at most ${max} characters.`);

const countryCode = z.string().regex(/^[A-Z]{2}$/, 'Use a two-letter country code such as CN, LA or MM.');
const phone = z.string().regex(/^\+[1-9]\d{6,14}$/, 'Use an international phone number such as +8613800000000.');

export const documentTypes = ['passport', 'border-pass', 'id-card'] as const;

/** The languages an applicant can be written to in; messages use `zh-CN` when none is given. */
export const contactLanguages = ['zh-CN', 'en', 'lo', 'my'] as const;
export type ContactLanguage = (typeof contactLanguages)[number];
const email = z.email('Use a valid email address.').max(254);
const contactLanguage = z.enum(contactLanguages, 'Use zh-CN, en, lo or my.');

export const personSchema = z.strictObject({
  fullName: text(100, 'Full name'),
  dateOfBirth: dateSchema,
  nationality: countryCode,
  documentType: z.enum(documentTypes, 'Use passport, border-pass or id-card.'),
  documentNumber: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{5,20}$/, 'A document number has 5 to 20 letters, digits or dashes.'),
  documentExpiry: dateSchema,
});

const direction = z.enum(['exit', 'entry'], 'Use exit (leaving China) or entry.');
const portCode = z.enum(portCodes as [string, ...string[]], `Choose one of the ports: ${portCodes.join(', ')}.`);

export const tourismApplicationSchema = z
  .strictObject({
    kind: z.literal('border-tourism'),
    port: portCode,
    direction,
    travel: z.strictObject({
      destinationCountry: countryCode,
      entryDate: dateSchema,
      exitDate: dateSchema,
    }),
    applicant: personSchema,
    contact: z.strictObject({
      phone,
      email: email.optional(),
      language: contactLanguage.optional(),
    }),
    members: z.array(personSchema).max(49, 'A group has at most 49 members besides the applicant.').optional(),
    agency: z
      .strictObject({
        name: text(200, 'Agency name'),
        licenseNumber: text(50, 'Agency licence number'),
      })
      .optional(),
    urgent: z
      .strictObject({
        reason: z.literal('medical', 'The only urgent reason is medical.'),
        details: text(500, 'Medical details'),
      })
      .optional(),
  })
  .superRefine((application, ctx) => {
    if (application.travel.exitDate < application.travel.entryDate) {
      ctx.addIssue({ code: 'custom', path: ['travel', 'exitDate'], message: 'The exit date must not be before the entry date.' });
    }
    if ((application.members?.length ?? 0) > 0 && !application.agency) {
      ctx.addIssue({ code: 'custom', path: ['agency'], message: 'A group application needs the travel agency.' });
    }
  });

export const cargoApplicationSchema = z
  .strictObject({
    kind: z.literal('cargo-transit'),
    port: portCode,
    direction,
    crossingDate: dateSchema,
    carrier: z.strictObject({
      companyName: text(200, 'Company name'),
      registrationNumber: text(50, 'Registration number'),
      contactPhone: phone,
    }),
    /** Where the firm hears of changes besides SMS to `carrier.contactPhone`, and in which language. */
    contact: z
      .strictObject({
        email: email.optional(),
        language: contactLanguage.optional(),
      })
      .optional(),
    vehicle: z.strictObject({
      type: z.enum(['truck', 'vessel'], 'Use truck or vessel.'),
      plateNumber: text(20, 'Plate number'),
      registrationCountry: countryCode,
    }),
    drivers: z.array(personSchema).min(1, 'At least one driver is required.').max(2, 'At most two drivers.'),
    cargo: z
      .array(
        z.strictObject({
          description: text(200, 'Cargo description'),
          hsCode: z.string().regex(/^\d{6,10}$/, 'An HS code has 6 to 10 digits.').optional(),
          // From one gram: also keeps a weight inside the range a DynamoDB number can hold.
          weightKg: z.number().min(0.001, 'Weight is at least 0.001 kg.').max(200_000, 'Weight is at most 200,000 kg.'),
          perishable: z.boolean(),
        }),
      )
      .min(1, 'At least one cargo line is required.')
      .max(50, 'At most 50 cargo lines.'),
  })
  .superRefine((application, ctx) => {
    const port = findPort(application.port);
    if (port && !port.vehicleTypes.includes(application.vehicle.type)) {
      ctx.addIssue({
        code: 'custom',
        path: ['vehicle', 'type'],
        message: `${port.name} admits only ${port.vehicleTypes.join(', ')}.`,
      });
    }
  });

export const applicationSchema = z.discriminatedUnion('kind', [tourismApplicationSchema, cargoApplicationSchema], {
  error: 'Use border-tourism or cargo-transit.',
});

export type TourismApplication = z.infer<typeof tourismApplicationSchema>;
export type CargoApplication = z.infer<typeof cargoApplicationSchema>;
export type ApplicationInput = z.infer<typeof applicationSchema>;
export type Person = z.infer<typeof personSchema>;
export type ApplicationKind = ApplicationInput['kind'];

/** zod issues as the contract's `issues`: one per offending field, paths dotted with array indexes. */
export function toValidationIssues(error: z.ZodError): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: [...base, key].join('.'), message: 'This field is not allowed.' });
    } else {
      issues.push({ path: base.join('.'), message: issue.message });
    }
  }
  const seen = new Set<string>();
  return issues.filter((issue) => !seen.has(issue.path) && seen.add(issue.path));
}
