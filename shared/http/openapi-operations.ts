/**
 * What the OpenAPI document says of each route of the route table: summary, description, credential,
 * success body and the errors beyond those that follow from the route. shared/http/openapi.ts renders it.
 */

type JsonSchema = Record<string, unknown>;

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

export type Credential = 'none' | 'accessToken' | 'clerkJwt';

export interface OperationSpec {
  operationId: string;
  tag: 'applicants' | 'review' | 'permits';
  summary: string;
  description: string;
  /** Public routes need no credential or the applicant's access token; clerk routes a JWT. */
  credential?: Exclude<Credential, 'clerkJwt'>;
  success: { status: 200 | 202; description: string; schema: JsonSchema; headers?: Record<string, unknown> };
  body?: JsonSchema;
  query?: boolean;
  /** Errors beyond the ones that follow from the route (auth, id, body, throttling). */
  conflict?: boolean;
}

export const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: 'The same key with the same body returns the first response again and creates nothing; with another body it answers 409.',
  schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,128}$' },
};

const applicationNote = 'The access token from the receipt is the bearer token; an unknown id and a wrong token give the same 404.';

export const operations: Record<string, OperationSpec> = {
  'GET /api/ports': {
    operationId: 'listPorts',
    tag: 'applicants',
    summary: 'Ports, calendars and admitted vehicles',
    description: 'Every port of entry with its calendar, closed dates and the vehicle types it admits.',
    success: { status: 200, description: 'The ports', schema: ref('PortList') },
  },
  'POST /api/applications': {
    operationId: 'submitApplication',
    tag: 'applicants',
    summary: 'Apply for a border-tourism or cargo-transit permit',
    description: 'Accepts an application and starts its review clock. Send an Idempotency-Key so a retry creates nothing new.',
    success: {
      status: 202,
      description: 'Accepted; the access token is shown once',
      schema: ref('SubmissionReceipt'),
      headers: { Location: { description: 'The application', schema: { type: 'string' } } },
    },
    body: ref('Application'),
    conflict: true,
  },
  'GET /api/applications/{id}': {
    operationId: 'getApplication',
    tag: 'applicants',
    summary: "The applicant's view",
    description: `Status, lane, deadline, the flags meant for the applicant, a request for information, the decision and the permit. ${applicationNote}`,
    credential: 'accessToken',
    success: { status: 200, description: 'The application', schema: ref('ApplicantView') },
  },
  'POST /api/applications/{id}/info': {
    operationId: 'answerInfoRequest',
    tag: 'applicants',
    summary: 'Answer a request for information; the clock resumes',
    description: `Replaces the sections the answer changes, screens again and returns the application to the queue with the clock time that was left. ${applicationNote}`,
    credential: 'accessToken',
    success: { status: 202, description: 'Back in the review queue', schema: ref('InfoAnswerResult') },
    body: ref('InfoAnswer'),
    conflict: true,
  },
  'POST /api/applications/{id}/withdraw': {
    operationId: 'withdrawApplication',
    tag: 'applicants',
    summary: 'Withdraw an application awaiting a decision',
    description: `It leaves the review queue, its claim ends and its clock stops; a repeated withdrawal answers 200 again. 409 after a decision. ${applicationNote}`,
    credential: 'accessToken',
    success: { status: 200, description: 'Withdrawn (also when it already was)', schema: ref('WithdrawalResult') },
    conflict: true,
  },
  'GET /api/review/applications': {
    operationId: 'listReviewQueue',
    tag: 'review',
    summary: "A port's open applications, earliest deadline first",
    description:
      'Open (PENDING_REVIEW) applications of one of your ports in pages, earliest reviewDeadline first whatever the lane (overdue ones lead); `lane=` and `kind=` filter. With `audit=true` (clerks) or `audit=referred` (supervisors) the rule approvals drawn for audit instead, longest waiting first.',
    success: { status: 200, description: 'One page', schema: ref('ReviewListPage') },
    query: true,
  },
  'GET /api/review/applications/{id}': {
    operationId: 'getReviewDetail',
    tag: 'review',
    summary: 'Full application with flags, claim and history',
    description: 'The application as submitted (or as last answered), its screening flags, the live claim and the whole history.',
    success: { status: 200, description: 'The application', schema: ref('ReviewDetail') },
  },
  'POST /api/review/applications/{id}/claim': {
    operationId: 'claim',
    tag: 'review',
    summary: 'Take or renew the 15-minute lease',
    description: 'A claim is a lease on a PENDING_REVIEW application; the holder renews it by claiming again.',
    success: { status: 200, description: 'The claim', schema: ref('ClaimResult') },
    conflict: true,
  },
  'POST /api/review/applications/{id}/release': {
    operationId: 'release',
    tag: 'review',
    summary: 'Release the lease',
    description: "The holder releases their claim; a supervisor may release anyone's, and anyone an expired one.",
    success: { status: 200, description: 'Released, or there was no claim', schema: ref('ReleaseResult') },
    conflict: true,
  },
  'POST /api/review/applications/{id}/decision': {
    operationId: 'decide',
    tag: 'review',
    summary: 'Approve, reject or request information (requires your live claim)',
    description: 'Approving issues the signed permit in the same write. Rules between fields are in the Decision schema.',
    success: { status: 200, description: 'The new status', schema: ref('DecisionResult') },
    body: ref('Decision'),
    conflict: true,
  },
  'POST /api/review/applications/{id}/revoke': {
    operationId: 'revoke',
    tag: 'review',
    summary: 'Revoke an approved permit (supervisor)',
    description: 'Only a supervisor of the port; the permit then verifies as revoked.',
    success: { status: 200, description: 'Revoked', schema: ref('RevocationResult') },
    body: ref('Revocation'),
    conflict: true,
  },
  'POST /api/review/applications/{id}/audit': {
    operationId: 'audit',
    tag: 'review',
    summary: 'Confirm a rule approval drawn for audit, or refer it to a supervisor',
    description: 'One conditional write with its history entry. A referred approval is for a supervisor to confirm or revoke.',
    success: { status: 200, description: 'The audit', schema: ref('AuditResult') },
    body: ref('AuditOutcome'),
    conflict: true,
  },
  'GET /api/review/ports/{port}/policy': {
    operationId: 'getPortPolicy',
    tag: 'review',
    summary: "The port's automated-decision policy and its latest versions",
    description: 'Clerks and supervisors of the port. Without a policy: version 0, no rule (every application goes to a clerk).',
    success: { status: 200, description: 'The policy in force', schema: ref('PortPolicyView') },
  },
  'PUT /api/review/ports/{port}/policy': {
    operationId: 'putPortPolicy',
    tag: 'review',
    summary: "Replace the port's automated-decision policy (supervisor of the port)",
    description: 'Each change is a new version kept with who and when. A stale `expectedVersion` answers 409 and writes nothing.',
    success: { status: 200, description: 'The new version', schema: ref('PortPolicy') },
    body: ref('PortPolicyUpdate'),
    conflict: true,
  },
  'GET /api/permits/revocations': {
    operationId: 'permitRevocations',
    tag: 'permits',
    summary: 'The signed list of revoked permits, for checkpoints to keep offline',
    description: 'Revoked permits still within their dates, re-signed at most once a minute; cacheable for the seconds its Cache-Control says.',
    success: { status: 200, description: 'The list', schema: ref('RevocationList') },
  },
  'GET /api/permits/keys': {
    operationId: 'permitKeys',
    tag: 'permits',
    summary: 'JWKS of the keys that sign permits',
    description: 'Old keys stay listed while their permits are valid. Checkpoints keep it for offline checks.',
    success: { status: 200, description: 'JWKS', schema: ref('Jwks') },
  },
  'POST /api/permits/verify': {
    operationId: 'verifyPermit',
    tag: 'permits',
    summary: 'Check a permit token',
    description: 'Signature, validity dates (Asia/Shanghai) and revocation. `valid: true` comes with the permit, `valid: false` with a reason.',
    success: { status: 200, description: 'The verdict', schema: ref('VerifyResult') },
    body: ref('VerifyRequest'),
  },
  'GET /api/openapi.json': {
    operationId: 'getOpenApi',
    tag: 'permits',
    summary: 'This document',
    description: 'The OpenAPI 3.1 document of the API.',
    success: { status: 200, description: 'The OpenAPI document', schema: { type: 'object', description: 'OpenAPI 3.1' } },
  },
};

