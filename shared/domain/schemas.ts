/**
 * The application schemas: the one definition of a valid request, used by the API, the web form and
 * the OpenAPI document. Types come from `z.infer`.
 */
import * as z from 'zod';
import { findPort, portCodes, ports, vehicleTypes } from './ports.ts';
import { dateSchema, freeText } from './schema-basics.ts';

export { hiddenCharactersMessage } from './schema-basics.ts';

/**
 * A JSON Schema `if`/`then` pair: how the OpenAPI document states a rule between fields that a zod
 * refinement checks beside it.
 */
export function jsonSchemaRule(condition: Record<string, unknown>, consequence: Record<string, unknown>) {
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's `then` keyword, not a thenable.
  return { if: condition, then: consequence };
}

const text = (max: number, what: string, options: { multiline?: boolean } = {}) =>
  freeText({ max, required: `${what} is required.`, tooLong: `${what} is at most ${max} characters.`, ...options });

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
      exitDate: dateSchema.meta({ description: 'Not before entryDate.' }),
    }),
    applicant: personSchema,
    contact: z.strictObject({
      phone,
      email: email.optional(),
      language: contactLanguage.optional(),
    }),
    members: z
      .array(personSchema)
      .max(49, 'A group has at most 49 members besides the applicant.')
      .optional()
      .meta({ description: 'The others of a group (0 to 49); a group needs `agency`.' }),
    agency: z
      .strictObject({
        name: text(200, 'Agency name'),
        licenseNumber: text(50, 'Agency licence number'),
      })
      .optional(),
    urgent: z
      .strictObject({
        reason: z.literal('medical', 'The only urgent reason is medical.'),
        details: text(500, 'Medical details', { multiline: true }),
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
  })
  // The same rule for the OpenAPI document; the dates' order is in exitDate's description (JSON Schema cannot compare fields).
  .meta(jsonSchemaRule({ required: ['members'], properties: { members: { minItems: 1 } } }, { required: ['agency'] }));

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
      type: z.enum(vehicleTypes, 'Use truck or vessel.').meta({ description: 'The port must admit it: trucks at land ports, vessels at river ports (see GET /api/ports).' }),
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
  })
  .meta({ allOf: vehicleRulesByPort() });

/** The vehicle-per-port rule for the OpenAPI document: one if/then per set of admitted vehicle types. */
function vehicleRulesByPort() {
  const groups = new Map<string, { codes: string[]; types: readonly string[] }>();
  for (const port of ports) {
    const group = groups.get(port.vehicleTypes.join()) ?? { codes: [], types: port.vehicleTypes };
    group.codes.push(port.code);
    groups.set(port.vehicleTypes.join(), group);
  }
  return [...groups.values()].map(({ codes, types }) =>
    jsonSchemaRule({ properties: { port: { enum: codes } }, required: ['port'] }, { properties: { vehicle: { properties: { type: { enum: types } } } } }),
  );
}

export const applicationSchema = z.discriminatedUnion('kind', [tourismApplicationSchema, cargoApplicationSchema], {
  error: 'Use border-tourism or cargo-transit.',
});

export type TourismApplication = z.infer<typeof tourismApplicationSchema>;
export type CargoApplication = z.infer<typeof cargoApplicationSchema>;
export type ApplicationInput = z.infer<typeof applicationSchema>;
export type Person = z.infer<typeof personSchema>;
export type ApplicationKind = ApplicationInput['kind'];
