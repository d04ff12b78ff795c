/** Request schemas of the review API and the applicant's answer to a request for information. */
import * as z from 'zod';
import { reasonCodeList } from './reason-codes.ts';
import { lanes } from './review-clock.ts';
import { freeText, officerNote } from './schema-basics.ts';
import { jsonSchemaRule } from './schemas.ts';

const reasonCode = z.enum(reasonCodeList, `Use one of the reason codes: ${reasonCodeList.join(', ')}.`);
/** What the applicant reads on their status page; the `note` stays with the officers. */
const applicantMessage = freeText({ max: 1000, tooLong: 'A message to the applicant is at most 1000 characters.', multiline: true });

export const reviewQueueQuerySchema = z.strictObject({
  port: z.string().regex(/^[A-Z]{2,16}$/, 'Give the port code, for example MOHAN.'),
  lane: z.enum(lanes, 'Use medical, perishable or standard.').optional(),
  kind: z.enum(['border-tourism', 'cargo-transit'], 'Use border-tourism or cargo-transit.').optional(),
  limit: z.coerce.number('A limit is a whole number from 1 to 100.').int('A limit is a whole number from 1 to 100.').min(1, 'A limit is a whole number from 1 to 100.').max(100, 'A limit is a whole number from 1 to 100.').default(25),
  cursor: z.string().max(2048).optional(),
  /** `true`: the port's rule approvals sampled for audit; `referred`: those a clerk referred to a supervisor. */
  audit: z.enum(['true', 'referred'], 'Use audit=true for approvals sampled for audit, or audit=referred for those referred to a supervisor.').optional(),
}).superRefine((query, ctx) => {
  for (const filter of ['lane', 'kind'] as const) {
    if (query.audit && query[filter]) ctx.addIssue({ code: 'custom', path: [filter], message: 'The audit list is not filtered by lane or kind.' });
  }
});
export type ReviewQueueQuery = z.infer<typeof reviewQueueQuerySchema>;

export const decisionSchema = z
  .strictObject({
    outcome: z.enum(['approve', 'reject', 'request-info'], 'Use approve, reject or request-info.'),
    reasonCode: reasonCode.optional().meta({ description: 'Required to reject or request information.' }),
    note: officerNote.optional().meta({ description: 'Internal for approve and reject. Required to request information: then it is the message the applicant reads.' }),
    applicantMessage: applicantMessage.optional().meta({ description: 'What the applicant reads of an approval or rejection; not with request-info.' }),
    excludedMembers: z
      .array(z.number().int().min(0, 'A member index is 0 or more.'))
      .max(49)
      .refine((indexes) => new Set(indexes).size === indexes.length, 'Each member index appears once.')
      .optional()
      .meta({ uniqueItems: true, description: 'Only with approve: indexes into the application\'s members, each once; those members get no permit.' }),
  })
  .superRefine((decision, ctx) => {
    if (decision.outcome !== 'approve' && !decision.reasonCode) {
      ctx.addIssue({ code: 'custom', path: ['reasonCode'], message: `A ${decision.outcome} decision needs a reason code.` });
    }
    if (decision.outcome === 'request-info' && !decision.note) {
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'Tell the applicant what to send in the note.' });
    }
    if (decision.outcome === 'request-info' && decision.applicantMessage !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['applicantMessage'], message: 'For a request for information, the note is the message to the applicant.' });
    }
    if (decision.outcome !== 'approve' && decision.excludedMembers !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['excludedMembers'], message: 'Members can be excluded only from an approval.' });
    }
  })
  // The same rules for the OpenAPI document.
  .meta({
    allOf: [
      jsonSchemaRule(
        { properties: { outcome: { enum: ['reject', 'request-info'] } }, required: ['outcome'] },
        { required: ['reasonCode'], not: { required: ['excludedMembers'] } },
      ),
      jsonSchemaRule({ properties: { outcome: { const: 'request-info' } }, required: ['outcome'] }, { required: ['note'], properties: { note: { pattern: '\\S' } } }),
    ],
  });
export type DecisionRequest = z.infer<typeof decisionSchema>;

export const revocationSchema = z.strictObject({
  reasonCode,
  note: officerNote.optional(),
  applicantMessage: applicantMessage.optional(),
});
export type RevocationRequest = z.infer<typeof revocationSchema>;

/** Sections an applicant may replace when answering; kind, port, direction and the medical channel stay. */
export const answerableSections = {
  'border-tourism': ['travel', 'applicant', 'contact', 'members', 'agency'],
  'cargo-transit': ['crossingDate', 'carrier', 'contact', 'vehicle', 'drivers', 'cargo'],
} as const;

export const infoAnswerSchema = z.strictObject({
  message: freeText({ max: 2000, required: 'Write a short answer for the clerk.', tooLong: 'An answer is at most 2000 characters.', multiline: true }),
  changes: z.record(z.string(), z.unknown()).optional(),
});
export type InfoAnswer = z.infer<typeof infoAnswerSchema>;
