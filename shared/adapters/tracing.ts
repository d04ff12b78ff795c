/**
 * X-Ray traces through the Powertools Tracer (off outside Lambda: the local runner never sends any): the
 * invocation's segment, a subsegment per SDK call, and searchable annotations. Only functions that call an
 * AWS service load this module (their SDK clients are captured here); one that calls none has nothing for it
 * to trace, and Lambda's active tracing still records its invocations.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { MiddlewareObj } from '@middy/core';
import { serviceName } from '../deployment/service.ts';

// Outgoing HTTPS is traced through the SDK clients (captureAWSv3Client), not patched globally.
export const tracer = new Tracer({ serviceName, captureHTTPsRequests: false });

/** The invocation's trace segment. Responses are never recorded: they hold names and document numbers. */
export const traceInvocation = (): MiddlewareObj => captureLambdaHandler(tracer, { captureResponse: false });

/** Searchable trace annotations: which port, lane or outcome, never who. */
export function annotateTrace(annotations: { port?: string; lane?: string; outcome?: string }): void {
  for (const [key, value] of Object.entries(annotations)) if (value !== undefined) tracer.putAnnotation(key, value);
}
