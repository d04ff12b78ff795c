/**
 * Response schemas: the success body of every operation, beside the request schemas. The use cases return
 * the types inferred here, the OpenAPI document is generated from them, and a test parses the real
 * responses of a full journey with them. Objects are strict, so an undocumented field fails that test.
 */
import * as z from 'zod';
import { applicationIdPattern, flagCodes, historyActions, statuses } from './application.ts';
import { permitClaimsSchema, permitHolderSchema, permitRejectionReasons } from './permit-check.ts';
import { portCalendars, portCodes, vehicleTypes } from './ports.ts';
import { applicantReasonCodes, reasonCodeList } from './reason-codes.ts';
import { lanes } from './review-clock.ts';
import { dateSchema } from './schema-basics.ts';
import { cargoApplicationSchema, jsonSchemaRule, tourismApplicationSchema } from './schemas.ts';

/** An instant as the service writes it: ISO 8601 with offset, `2026-12-01T10:00:00+08:00`. */
export const instantSchema = z.iso.datetime({ offset: true });
const instant = instantSchema;
const applicationId = z.string().regex(applicationIdPattern);
const kind = z.enum(['border-tourism', 'cargo-transit']);
const port = z.enum(portCodes as [string, ...string[]]);
const status = z.enum(statuses);
const lane = z.enum(lanes);
const reasonCode = z.enum(reasonCodeList);
/** What the applicant may be told; officer-only reasons read as `other`. */
const applicantReasonCode = z.enum(applicantReasonCodes);
const memberIndexes = z.array(z.int().min(0));

// --- Applicants ----------------------------------------------------------------------------------------

export const portSchema = z.strictObject({
  code: port,
  name: z.string(),
  crossesTo: z.string(),
  vehicleTypes: z.array(z.enum(vehicleTypes)).min(1),
  calendar: z.enum(portCalendars).meta({ description: '`mon-sat` ports are closed on Sundays and on their closedDates.' }),
  closedDates: z.array(dateSchema).meta({ description: 'Asia/Shanghai dates on which the permit window is closed.' }),
});
export const portListSchema = z.strictObject({ ports: z.array(portSchema) });
export type PortList = z.infer<typeof portListSchema>;

export const submissionReceiptSchema = z.strictObject({
  id: applicationId,
  status: z.literal('SUBMITTED'),
  lane,
  submittedAt: instant,
  reviewDeadline: instant,
  accessToken: z.string().min(1).meta({ description: 'Shown once and stored only as a hash: the bearer token for the applicant routes.' }),
  statusUrl: z.string().regex(/^\/status\/[A-Za-z0-9_-]+$/).meta({ description: 'The status page of the application (the token is typed in there, never put in the URL).' }),
});
export type SubmissionReceipt = z.infer<typeof submissionReceiptSchema>;

export const flagSchema = z.strictObject({
  code: z.enum(flagCodes),
  message: z.string(),
  subject: z.string().meta({ description: 'The part of the application it concerns: `applicant`, `members.2`, `drivers.0`, `vehicle`.' }),
});

export const permitSchema = z.strictObject({
  ...permitClaimsSchema.shape,
  holders: z.array(z.strictObject(permitHolderSchema.shape)).min(1),
  issuedAt: instant,
  token: z.string().meta({ description: 'Compact JWS (ES256) over the other fields, verifiable with GET /api/permits/keys.' }),
});

/** Which optional parts an applicant view has in which status: one rule for the test and the document. */
const presentInStatus = {
  APPROVED: ['decision', 'permit'],
  REJECTED: ['decision'],
  INFO_REQUESTED: ['infoRequest', 'clockRemainingMinutes'],
  REVOKED: ['revocation'],
} as const;

export const applicantViewSchema = z
  .strictObject({
    id: applicationId,
    kind,
    port,
    status,
    lane,
    submittedAt: instant,
    reviewDeadline: instant,
    flags: z.array(flagSchema).optional().meta({ description: 'Only the flags meant for the applicant (document expiry); absent when there are none.' }),
    infoRequest: z.strictObject({ reasonCode: applicantReasonCode, message: z.string(), requestedAt: instant }).optional(),
    clockRemainingMinutes: z.int().min(0).optional().meta({ description: 'Review time left while the clock is stopped for a request for information.' }),
    decision: z
      .strictObject({
        outcome: z.enum(['approve', 'reject']),
        reasonCode: applicantReasonCode.optional(),
        applicantMessage: z.string().optional().meta({ description: "The clerk's message to the applicant; internal notes are never shown." }),
        decidedAt: instant,
        excludedMembers: memberIndexes.optional(),
      })
      .optional(),
    permit: permitSchema.optional(),
    revocation: z
      .strictObject({ reasonCode: applicantReasonCode, applicantMessage: z.string().optional(), revokedAt: instant })
      .optional(),
    application: z
      .discriminatedUnion('kind', [tourismApplicationSchema, cargoApplicationSchema])
      .meta({ description: 'What the applicant submitted (with any answer\'s changes): their own content, nothing an officer added.' }),
  })
  .superRefine((view, ctx) => {
    for (const field of presentInStatus[view.status as keyof typeof presentInStatus] ?? []) {
      if (view[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `${view.status} comes with ${field}.` });
    }
  })
  .meta({
    allOf: Object.entries(presentInStatus).map(([when, fields]) =>
      jsonSchemaRule({ properties: { status: { const: when } }, required: ['status'] }, { required: [...fields] }),
    ),
  });
export type ApplicantView = z.infer<typeof applicantViewSchema>;

export const withdrawalResultSchema = z.strictObject({ status: z.literal('WITHDRAWN') });
export type WithdrawalResult = z.infer<typeof withdrawalResultSchema>;

export const infoAnswerResultSchema = z.strictObject({ status: z.literal('PENDING_REVIEW'), reviewDeadline: instant });
export type InfoAnswerResult = z.infer<typeof infoAnswerResultSchema>;

// --- Clerks and supervisors ----------------------------------------------------------------------------

export const claimViewSchema = z.strictObject({ clerkId: z.string(), expiresAt: instant });
export type ClaimView = z.infer<typeof claimViewSchema>;

/** What a list of applications shows of each: the review queue and the audit lists alike. */
const listedApplication = { id: applicationId, kind, lane, status, submittedAt: instant, reviewDeadline: instant };

export const queueItemSchema = z.strictObject({
  ...listedApplication,
  flags: z.array(flagSchema),
  claim: claimViewSchema.optional().meta({ description: 'A live claim; absent when nobody holds one.' }),
});
export type QueueItem = z.infer<typeof queueItemSchema>;

export const reviewQueuePageSchema = z.strictObject({
  items: z.array(queueItemSchema).meta({ description: 'Earliest reviewDeadline first.' }),
  nextCursor: z.string().optional().meta({ description: 'Pass as `cursor` for the next page; absent on the last page.' }),
});
export type ReviewQueuePage = z.infer<typeof reviewQueuePageSchema>;

export const historyEntrySchema = z.strictObject({
  at: instant,
  actor: z.string().meta({ description: '`applicant`, `screening`, or the clerk id.' }),
  action: z.enum(historyActions),
  from: status.optional(),
  to: status.optional(),
  reasonCode: reasonCode.optional(),
  note: z.string().optional(),
  policyVersion: z.int().min(1).optional().meta({ description: 'The port policy version a rule decision applied (`actor: "rules"`).' }),
});

/** A rule approval drawn for audit: `pending` awaits a clerk, `referred` a supervisor, `confirmed` is done. */
export const auditSampleSchema = z.strictObject({
  state: z.enum(['pending', 'referred', 'confirmed']),
  sampledAt: instant,
  policyVersion: z.int().min(1),
  referredAt: instant.optional(),
  referredBy: z.string().optional(),
  note: z.string().optional(),
  confirmedAt: instant.optional(),
  confirmedBy: z.string().optional(),
});

const reviewDetailFields = {
  id: applicationId,
  port,
  lane,
  status,
  submittedAt: instant,
  reviewDeadline: instant,
  flags: z.array(flagSchema),
  history: z.array(historyEntrySchema).meta({ description: 'Oldest first.' }),
  claim: claimViewSchema.optional().meta({ description: 'A live claim; absent when nobody holds one.' }),
  decision: z
    .strictObject({
      outcome: z.enum(['approve', 'reject']),
      reasonCode: reasonCode.optional(),
      note: z.string().optional().meta({ description: 'Internal: never shown to the applicant.' }),
      applicantMessage: z.string().optional(),
      excludedMembers: memberIndexes.optional(),
      decidedAt: instant,
      decidedBy: z.string().meta({ description: 'The clerk id, or `rules` for an approval by the port policy.' }),
    })
    .optional(),
  infoRequest: z
    .strictObject({
      reasonCode,
      message: z.string(),
      requestedAt: instant,
      requestedBy: z.string(),
      answeredAt: instant.optional(),
      answer: z.string().optional(),
    })
    .optional(),
  permit: permitSchema.optional().meta({ description: 'Kept after a revocation, for the record.' }),
  revocation: z
    .strictObject({ reasonCode, note: z.string().optional(), applicantMessage: z.string().optional(), revokedAt: instant, revokedBy: z.string() })
    .optional(),
  audit: auditSampleSchema.optional().meta({ description: 'Present when a rule approval was drawn for audit.' }),
  clockRemainingMinutes: z.int().min(0).optional().meta({ description: 'Review time left while the clock is stopped for a request for information.' }),
};

export const tourismReviewDetailSchema = z.strictObject({ ...reviewDetailFields, kind: z.literal('border-tourism'), application: tourismApplicationSchema });
export const cargoReviewDetailSchema = z.strictObject({ ...reviewDetailFields, kind: z.literal('cargo-transit'), application: cargoApplicationSchema });
export const reviewDetailSchema = z.discriminatedUnion('kind', [tourismReviewDetailSchema, cargoReviewDetailSchema]);
export type ReviewDetail = z.infer<typeof reviewDetailSchema>;

export const claimResultSchema = z.strictObject({ claim: claimViewSchema });
export type ClaimResult = z.infer<typeof claimResultSchema>;

export const releaseResultSchema = z.strictObject({
  released: z.boolean().meta({ description: 'false when there was no claim to release.' }),
});
export type ReleaseResult = z.infer<typeof releaseResultSchema>;

export const decisionResultSchema = z.strictObject({ status: z.enum(['APPROVED', 'REJECTED', 'INFO_REQUESTED']) });
export type DecisionResult = z.infer<typeof decisionResultSchema>;

export const revocationResultSchema = z.strictObject({ status: z.literal('REVOKED') });
export type RevocationResult = z.infer<typeof revocationResultSchema>;

export const auditItemSchema = z.strictObject({
  ...listedApplication,
  reviewDeadline: instant.meta({ description: 'The deadline the application had when the rules approved it.' }),
  approvedAt: instant.optional(),
  permitNumber: z.string().optional(),
  audit: auditSampleSchema,
});
export type AuditItem = z.infer<typeof auditItemSchema>;
export const auditPageSchema = z.strictObject({
  items: z.array(auditItemSchema).meta({ description: 'Longest waiting first.' }),
  nextCursor: z.string().optional().meta({ description: 'Pass as `cursor` for the next page; absent on the last page.' }),
});
export type AuditPage = z.infer<typeof auditPageSchema>;

/** The queue route's page: the open applications, or with `audit=` the rule approvals drawn for audit. */
export const reviewListPageSchema = z.union([reviewQueuePageSchema, auditPageSchema]);

export const auditResultSchema = z.strictObject({ status: z.literal('APPROVED'), audit: auditSampleSchema });
export type AuditResult = z.infer<typeof auditResultSchema>;

/** One version of a port's automated-decision policy. */
export const portPolicySchema = z.strictObject({
  port,
  version: z.int().min(0).meta({ description: '0 while no policy was ever set (no rule: every application goes to a clerk).' }),
  autoApprove: z.array(
    z.strictObject({
      kind,
      lanes: z.array(lane).min(1),
      includeGroups: z.boolean().meta({ description: 'Whether group applications (with members) qualify; tourism only.' }),
    }),
  ),
  auditSampleRate: z.number().min(0).max(1),
  updatedAt: instant.nullable(),
  updatedBy: z.string().nullable(),
});
export type PortPolicyResult = z.infer<typeof portPolicySchema>;
export const portPolicyViewSchema = portPolicySchema.extend({
  history: z.array(portPolicySchema).meta({ description: 'The latest versions, newest first.' }),
});
export type PortPolicyViewResult = z.infer<typeof portPolicyViewSchema>;

// --- Permits and checkpoints ---------------------------------------------------------------------------

/** What a permit token says (the permit without its token). */
export const permitClaimsViewSchema = permitSchema.omit({ token: true });

export const verifyResultSchema = z.discriminatedUnion('valid', [
  z.strictObject({ valid: z.literal(true), permit: permitClaimsViewSchema }),
  z.strictObject({
    valid: z.literal(false),
    reason: z.enum(permitRejectionReasons),
    permit: permitClaimsViewSchema
      .optional()
      .meta({ description: 'What a genuine but expired or not yet valid token says, where the check gives it; the reason is what to rely on.' }),
  }),
]);
export type VerifyResult = z.infer<typeof verifyResultSchema>;

export const publicJwkSchema = z.strictObject({
  kid: z.string(),
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string(),
  y: z.string(),
  alg: z.literal('ES256'),
  use: z.literal('sig'),
});
export const jwksSchema = z.strictObject({
  keys: z.array(publicJwkSchema).min(1).meta({ description: 'The signing key first; older keys stay while their permits are valid.' }),
});
export type JwksView = z.infer<typeof jwksSchema>;

export const revocationListSchema = z.strictObject({
  issuedAt: instant,
  revoked: z.array(z.strictObject({ number: z.string(), revokedAt: instant })).meta({ description: 'Revoked permits still within their dates.' }),
  token: z.string().meta({ description: 'Compact JWS (ES256, typ revocation-list+jws, a key of GET /api/permits/keys) over { issuedAt, revoked }.' }),
});
