/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the handlers validate requests with and
 * the use cases type their answers with. `npm run openapi` writes it to docs/openapi.json; a test fails
 * when the committed file is stale, and another lints it with Spectral.
 */
import * as z from 'zod';
import { errorCodes, statusByCode } from '../domain/errors.ts';
import { auditOutcomeSchema, portPolicyUpdateSchema } from '../domain/auto-approval.ts';
import { verifyRequestSchema } from '../domain/permit-token.ts';
import * as responses from '../domain/responses.ts';
import { decisionSchema, infoAnswerSchema, reviewQueueQuerySchema, revocationSchema, type ReviewQueueQuery } from '../domain/review-schemas.ts';
import { dateSchema } from '../domain/schema-basics.ts';
import { applicationSchema, cargoApplicationSchema, personSchema, tourismApplicationSchema } from '../domain/schemas.ts';
import { defaultThrottle, routes, type RouteDefinition } from '../deployment/routes.ts';
import { idempotencyKey, operations, type Credential } from './openapi-operations.ts';

type JsonSchema = Record<string, unknown>;

const requestSchemas: Record<string, z.ZodType> = {
  Application: applicationSchema,
  TourismApplication: tourismApplicationSchema,
  CargoApplication: cargoApplicationSchema,
  Person: personSchema,
  CalendarDate: dateSchema,
  Decision: decisionSchema,
  Revocation: revocationSchema,
  InfoAnswer: infoAnswerSchema,
  VerifyRequest: verifyRequestSchema,
  PortPolicyUpdate: portPolicyUpdateSchema,
  AuditOutcome: auditOutcomeSchema,
};

const responseSchemas: Record<string, z.ZodType> = {
  Instant: responses.instantSchema,
  PortList: responses.portListSchema,
  Port: responses.portSchema,
  SubmissionReceipt: responses.submissionReceiptSchema,
  ApplicantView: responses.applicantViewSchema,
  InfoAnswerResult: responses.infoAnswerResultSchema,
  WithdrawalResult: responses.withdrawalResultSchema,
  Flag: responses.flagSchema,
  Permit: responses.permitSchema,
  PermitClaims: responses.permitClaimsViewSchema,
  ReviewQueuePage: responses.reviewQueuePageSchema,
  QueueItem: responses.queueItemSchema,
  Claim: responses.claimViewSchema,
  HistoryEntry: responses.historyEntrySchema,
  ReviewDetail: responses.reviewDetailSchema,
  TourismReviewDetail: responses.tourismReviewDetailSchema,
  CargoReviewDetail: responses.cargoReviewDetailSchema,
  ClaimResult: responses.claimResultSchema,
  ReleaseResult: responses.releaseResultSchema,
  DecisionResult: responses.decisionResultSchema,
  RevocationResult: responses.revocationResultSchema,
  VerifyResult: responses.verifyResultSchema,
  ReviewListPage: responses.reviewListPageSchema,
  AuditPage: responses.auditPageSchema,
  AuditItem: responses.auditItemSchema,
  AuditSample: responses.auditSampleSchema,
  AuditResult: responses.auditResultSchema,
  PortPolicy: responses.portPolicySchema,
  PortPolicyView: responses.portPolicyViewSchema,
  RevocationList: responses.revocationListSchema,
  Jwks: responses.jwksSchema,
  PublicJwk: responses.publicJwkSchema,
};

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/**
 * Requests are rendered as the handlers read them (unknown fields refused); responses as the service
 * writes them, but open: the contract lets the service add optional fields, so clients must not refuse them.
 */
function componentSchemas(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries({ ...requestSchemas, ...responseSchemas })) registry.add(schema, { id });
  const render = (io: 'input' | 'output') =>
    z.toJSONSchema(registry, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
      uri: (id) => ref(id).$ref,
      override: ({ jsonSchema }) => {
        if (io === 'output' && jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
      },
    }).schemas as Record<string, JsonSchema>;
  const pick = (rendered: Record<string, JsonSchema>, ids: string[]) =>
    ids.map((id) => {
      const { $schema, $id, ...schema } = rendered[id]!;
      return [id, schema] as const;
    });
  const schemas = Object.fromEntries([...pick(render('input'), Object.keys(requestSchemas)), ...pick(render('output'), Object.keys(responseSchemas))]);
  return withKindDiscriminators(schemas);
}

/** A `oneOf` whose members each fix `kind` gets a discriminator, so generated clients switch on `kind`. */
function withKindDiscriminators(schemas: Record<string, JsonSchema>): Record<string, JsonSchema> {
  for (const schema of Object.values(schemas)) {
    const members = schema.oneOf as { $ref?: string }[] | undefined;
    const kinds = members?.map((member) => {
      const target = member.$ref ? schemas[member.$ref.split('/').pop()!] : undefined;
      return (target?.properties as Record<string, { const?: string }> | undefined)?.kind?.const;
    });
    if (!members || !kinds || kinds.some((kind) => kind === undefined)) continue;
    schema.discriminator = { propertyName: 'kind', mapping: Object.fromEntries(kinds.map((kind, index) => [kind, members[index]!.$ref])) };
  }
  return schemas;
}

const errorBody = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string', enum: errorCodes },
    message: { type: 'string', description: 'A sentence for people; never internals.' },
    issues: {
      type: 'array',
      description: 'ValidationError only: one per offending field.',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: {
          path: { type: 'string', description: 'Dotted, with array indexes: `members.3.dateOfBirth`; empty for the whole body.' },
          message: { type: 'string' },
        },
      },
    },
  },
};

const errorDescriptions: Record<number, string> = {
  400: 'ValidationError: invalid fields, one issue per field',
  401: 'Unauthorized: a missing, forged or expired bearer token',
  403: "Forbidden: the token does not cover the application's port or the role",
  404: 'NotFound: no such application (for applicants also: the access token does not match)',
  409: 'Conflict: the application is not in a state that allows this, or another clerk holds it',
  413: 'PayloadTooLarge: the body is over 64 KiB',
  415: 'UnsupportedMediaType: the body is not application/json',
  429: 'TooManyRequests: the route is throttled; retry after the given seconds',
  500: 'InternalError: nothing of the cause is shown',
};

const errorResponses = () =>
  Object.fromEntries(
    Object.values(statusByCode).map((code) => [
      `Error${code}`,
      {
        description: errorDescriptions[code],
        ...(code === 429 ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer', minimum: 0 } } } } : {}),
        content: { 'application/json': { schema: ref('Error') } },
      },
    ]),
  );

const queryDescriptions: Record<keyof ReviewQueueQuery, string> = {
  port: 'A port your token covers, for example MOHAN',
  lane: 'Only applications of this lane',
  kind: 'Only applications of this kind',
  limit: 'Items per page',
  cursor: 'The nextCursor of the previous page',
  audit: '`true`: the rule approvals drawn for audit (clerks); `referred`: those referred to a supervisor (supervisors)',
};

function queryParameters() {
  const { properties, required = [] } = z.toJSONSchema(reviewQueueQuerySchema, { target: 'draft-2020-12', io: 'input' }) as JsonSchema & {
    properties: Record<keyof ReviewQueueQuery, JsonSchema>;
    required?: string[];
  };
  return Object.entries(properties).map(([name, schema]) => ({
    name,
    in: 'query',
    required: required.includes(name),
    description: queryDescriptions[name as keyof ReviewQueueQuery],
    schema,
  }));
}

function operationFor(route: RouteDefinition) {
  const spec = operations[`${route.method} ${route.path}`];
  if (!spec) throw new Error(`No OpenAPI description for ${route.method} ${route.path}`);
  const takesId = route.path.includes('{id}');
  const codes = [
    ...(spec.body || spec.query ? [400] : []),
    ...(route.auth === 'clerk' ? [401, 403] : []),
    ...(takesId ? [404] : []),
    ...(spec.conflict ? [409] : []),
    ...(spec.body ? [413, 415] : []),
    429,
    500,
  ];
  const throttle = route.throttle ?? defaultThrottle;
  const credential: Credential = route.auth === 'clerk' ? 'clerkJwt' : (spec.credential ?? 'none');
  return {
    operationId: spec.operationId,
    tags: [spec.tag],
    summary: spec.summary,
    description: `${spec.description} Throttled at ${throttle.rateLimit} requests/s (burst ${throttle.burstLimit}).`,
    security: credential === 'none' ? [] : [{ [credential]: [] }],
    parameters: [
      ...(takesId ? [{ name: 'id', in: 'path', required: true, description: 'The application id from the receipt', schema: { type: 'string' } }] : []),
      ...(route.path.includes('{port}') ? [{ name: 'port', in: 'path', required: true, description: 'A port your token covers, for example MOHAN', schema: { type: 'string' } }] : []),
      ...(spec.operationId === 'submitApplication' ? [idempotencyKey] : []),
      ...(spec.query ? queryParameters() : []),
    ],
    ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: spec.body } } } } : {}),
    responses: {
      [spec.success.status]: {
        description: spec.success.description,
        ...(spec.success.headers ? { headers: spec.success.headers } : {}),
        content: { 'application/json': { schema: spec.success.schema } },
      },
      ...Object.fromEntries(codes.map((code) => [String(code), { $ref: `#/components/responses/Error${code}` }])),
    },
  };
}

export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operationFor(route) };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Port-of-entry permit fast-track',
      version: '1.0.0',
      description:
        'Border-tourism and cargo-transit permits decided within one day. Times are ISO 8601 with offset; dates are Asia/Shanghai. ' +
        'Response objects may gain optional fields: clients ignore fields they do not know.',
      contact: { name: 'Permit fast-track operations' },
    },
    servers: [{ url: '/', description: 'The origin that serves the web pages and this document' }],
    tags: [
      { name: 'applicants', description: 'Travellers and freight firms: apply, follow, answer' },
      { name: 'permits', description: 'Checkpoints: keys and verification' },
      { name: 'review', description: 'Window clerks and supervisors (JWT)' },
    ],
    paths,
    components: {
      schemas: { ...componentSchemas(), Error: errorBody },
      responses: errorResponses(),
      securitySchemes: {
        clerkJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Cognito access token (locally: npm run token)' },
        accessToken: { type: 'http', scheme: 'bearer', description: 'The access token returned once at submission' },
      },
    },
  };
}

/** The document as committed in docs/openapi.json. */
export const renderOpenApiDocument = () => `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
