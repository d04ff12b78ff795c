/**
 * The HTTP edge shared by every API handler: middy with body decoding (size and media type checks),
 * and one error mapper, registered last, that turns domain errors into the contract's bodies. Handlers use
 * it through http.ts, which adds tracing; only a function that calls no AWS service takes it from here,
 * so that it loads no tracer.
 */
import middy, { type MiddlewareObj } from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { DomainError, ValidationError } from '../domain/errors.ts';
import { toValidationIssues } from '../domain/validation-issues.ts';
import { logger, publishMetrics } from '../adapters/observability.ts';
import { loadConfig } from '../adapters/config.ts';
import { requireCloudFront } from './edge.ts';

export const MAX_BODY_BYTES = 64 * 1024;

const { ORIGIN_VERIFY_SECRET: originSecret } = loadConfig(['ORIGIN_VERIFY_SECRET']);

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;
export type HttpHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

const baseHeaders = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return { statusCode, headers: { ...baseHeaders, ...headers }, body: JSON.stringify(body) };
}

export function header(event: HttpEvent, name: string): string | undefined {
  return event.headers?.[name.toLowerCase()];
}

const isJsonMediaType = (contentType: string | undefined) => {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/json' || (mediaType?.startsWith('application/') && mediaType.endsWith('+json'));
};

/** The request body as parsed JSON, after the 415 and 413 checks. */
export function jsonBody(event: HttpEvent): unknown {
  if (!isJsonMediaType(header(event, 'content-type'))) {
    throw new DomainError('UnsupportedMediaType', 'Send the body as application/json.');
  }
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > MAX_BODY_BYTES) {
    throw new DomainError('PayloadTooLarge', `The body is larger than ${MAX_BODY_BYTES / 1024} KiB.`);
  }
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ValidationError([{ path: '', message: 'The body is not valid JSON.' }], 'The body is not valid JSON.');
  }
}

/** Parses a value with a zod schema, or throws the contract's 400 with one issue per field. */
export function parseWith<Schema extends z.ZodType>(schema: Schema, value: unknown): z.infer<Schema> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationError(toValidationIssues(parsed.error));
  return parsed.data;
}

/** The JSON body checked against a schema. */
export const parseBody = <Schema extends z.ZodType>(schema: Schema, event: HttpEvent) => parseWith(schema, jsonBody(event));

/** The query string checked against a schema. */
export const parseQuery = <Schema extends z.ZodType>(schema: Schema, event: HttpEvent) =>
  parseWith(schema, event.queryStringParameters ?? {});

export const pathParameter = (event: HttpEvent, name: string) => event.pathParameters?.[name] ?? '';

/** Bearer credentials from the Authorization header, if any. */
export function bearerToken(event: HttpEvent): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header(event, 'authorization') ?? '');
  return match?.[1];
}

export function errorResponse(error: unknown): HttpResult {
  if (error instanceof DomainError) return json(error.statusCode, error.toBody());
  logger.error('Unhandled error', { error: error instanceof Error ? { name: error.name, stack: error.stack } : String(error) });
  return json(500, { error: 'InternalError', message: 'Something went wrong on our side. Please try again.' });
}

/**
 * Wraps a plain handler: request context in logs, metrics flushed, the given middlewares (tracing), every
 * error mapped to a contract body.
 */
export function httpHandlerWith(run: HttpHandler, ...middlewares: MiddlewareObj[]) {
  return middy<HttpEvent, HttpResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(publishMetrics())
    .use(middlewares)
    .before(async (request) => {
      requireCloudFront(request.event.headers, originSecret);
      // The API Gateway request id ties a log line to the access log and the client's error report.
      logger.setCorrelationId(request.event.requestContext?.requestId);
    })
    .onError(async (request) => {
      request.response = errorResponse(request.error);
    })
    .handler(run);
}
