/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the handlers validate with.
 * `npm run openapi` writes it to docs/openapi.json; a test fails when the committed file is stale.
 */
import * as z from 'zod';
import { errorCodes, statusByCode } from '../domain/errors.ts';
import { reasonCodeList } from '../domain/reason-codes.ts';
import { decisionSchema, infoAnswerSchema, reviewQueueQuerySchema, revocationSchema } from '../domain/review-schemas.ts';
import { applicationSchema } from '../domain/schemas.ts';

const schema = (zodSchema: z.ZodType) => {
  const { $schema, ...jsonSchema } = z.toJSONSchema(zodSchema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' });
  return jsonSchema;
};

const errorBody = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: {
      type: 'string',
      enum: errorCodes,
    },
    message: { type: 'string' },
    issues: {
      type: 'array',
      items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [String(code), { $ref: `#/components/responses/Error${code}` }]));

const ok = (description: string, properties: Record<string, unknown> = {}) => ({
  description,
  content: { 'application/json': { schema: { type: 'object', properties } } },
});

const jsonBody = (ref: string) => ({ required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } });
const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const clerk = [{ clerkJwt: [] }];
const applicant = [{ accessToken: [] }];

export function buildOpenApiDocument() {
  const queryParameters = Object.entries(schema(reviewQueueQuerySchema).properties as Record<string, unknown>).map(([name, value]) => ({
    name,
    in: 'query',
    required: name === 'port',
    schema: value,
  }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Port-of-entry permit fast-track',
      version: '1.0.0',
      description: 'Border-tourism and cargo-transit permits decided within one day. Times are ISO 8601 with offset; dates are Asia/Shanghai.',
    },
    servers: [{ url: '/' }],
    paths: {
      '/api/ports': { get: { operationId: 'listPorts', summary: 'Ports, calendars and admitted vehicles', responses: { 200: ok('The ports', { ports: { type: 'array' } }) } } },
      '/api/applications': {
        post: {
          operationId: 'submitApplication',
          summary: 'Apply for a border-tourism or cargo-transit permit',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', minLength: 1, maxLength: 128 } }],
          requestBody: jsonBody('Application'),
          responses: { 202: ok('Accepted; the access token is shown once'), ...errors(400, 409, 413, 415, 429, 500) },
        },
      },
      '/api/applications/{id}': {
        get: { operationId: 'getApplication', summary: "The applicant's view", security: applicant, parameters: [idParameter], responses: { 200: ok('The application status'), ...errors(404, 500) } },
      },
      '/api/applications/{id}/info': {
        post: {
          operationId: 'answerInfoRequest',
          summary: 'Answer a request for information; the clock resumes',
          security: applicant,
          parameters: [idParameter],
          requestBody: jsonBody('InfoAnswer'),
          responses: { 202: ok('Back in the review queue'), ...errors(400, 404, 409, 413, 415, 500) },
        },
      },
      '/api/applications/{id}/withdraw': {
        post: {
          operationId: 'withdrawApplication',
          summary: 'Withdraw an application awaiting a decision: it leaves the review queue and its clock stops',
          security: applicant,
          parameters: [idParameter],
          responses: { 200: ok('Withdrawn (also when it already was)', { status: { const: 'WITHDRAWN' } }), ...errors(404, 409, 500) },
        },
      },
      '/api/review/applications': {
        get: { operationId: 'listReviewQueue', summary: "A port's open applications, most urgent first", security: clerk, parameters: queryParameters, responses: { 200: ok('One page', { items: { type: 'array' }, nextCursor: { type: 'string' } }), ...errors(400, 401, 403, 500) } },
      },
      '/api/review/applications/{id}': {
        get: { operationId: 'getReviewDetail', summary: 'Full application with flags, claim and history', security: clerk, parameters: [idParameter], responses: { 200: ok('The application'), ...errors(401, 403, 404, 500) } },
      },
      '/api/review/applications/{id}/claim': {
        post: { operationId: 'claim', summary: 'Take or renew the 15-minute lease', security: clerk, parameters: [idParameter], responses: { 200: ok('The claim', { claim: { type: 'object' } }), ...errors(401, 403, 404, 409, 500) } },
      },
      '/api/review/applications/{id}/release': {
        post: { operationId: 'release', summary: 'Release the lease', security: clerk, parameters: [idParameter], responses: { 200: ok('Released'), ...errors(401, 403, 404, 409, 500) } },
      },
      '/api/review/applications/{id}/decision': {
        post: { operationId: 'decide', summary: 'Approve, reject or request information (requires your live claim)', security: clerk, parameters: [idParameter], requestBody: jsonBody('Decision'), responses: { 200: ok('The new status', { status: { type: 'string' } }), ...errors(400, 401, 403, 404, 409, 413, 415, 500) } },
      },
      '/api/review/applications/{id}/revoke': {
        post: { operationId: 'revoke', summary: 'Revoke an approved permit (supervisor)', security: clerk, parameters: [idParameter], requestBody: jsonBody('Revocation'), responses: { 200: ok('Revoked', { status: { const: 'REVOKED' } }), ...errors(400, 401, 403, 404, 409, 413, 415, 500) } },
      },
      '/api/permits/keys': {
        get: { operationId: 'permitKeys', summary: 'JWKS of the keys that sign permits (old keys stay while their permits are valid)', responses: { 200: ok('JWKS', { keys: { type: 'array' } }) } },
      },
      '/api/permits/verify': {
        post: {
          operationId: 'verifyPermit',
          summary: 'Check a permit token: signature, validity dates (Asia/Shanghai) and revocation',
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['token'], properties: { token: { type: 'string' } }, additionalProperties: false } } } },
          responses: {
            200: ok('The verdict', { valid: { type: 'boolean' }, permit: { type: 'object' }, reason: { type: 'string', enum: ['bad-signature', 'expired', 'not-yet-valid', 'revoked', 'malformed'] } }),
            ...errors(400, 413, 415, 429, 500),
          },
        },
      },
    },
    components: {
      schemas: {
        Application: schema(applicationSchema),
        Decision: schema(decisionSchema),
        Revocation: schema(revocationSchema),
        InfoAnswer: schema(infoAnswerSchema),
        ReasonCode: { type: 'string', enum: reasonCodeList },
        Error: errorBody,
      },
      responses: Object.fromEntries(
        Object.values(statusByCode).map((code) => [
          `Error${code}`,
          { description: `Error ${code}`, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        ]),
      ),
      securitySchemes: {
        clerkJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Cognito access token (locally: npm run token)' },
        accessToken: { type: 'http', scheme: 'bearer', description: 'The access token returned once at submission' },
      },
    },
  };
}

/** The document as committed in docs/openapi.json. */
export const renderOpenApiDocument = () => `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
