/**
 * One logger, one metrics and one tracer instance per function: JSON lines with the application id and
 * port as keys, EMF metrics, and X-Ray traces (off outside Lambda: the local runner never sends any).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { MiddlewareObj } from '@middy/core';

import { metricNamespace, serviceName } from '../deployment/service.ts';
import { escapeForJsonLog } from '../domain/printable.ts';

// JSON escapes C0 controls (ESC, CR, LF) itself; the replacer escapes the C1 and bidirectional ones it keeps.
export const logger = new Logger({ serviceName, jsonReplacerFn: (_key, value) => (typeof value === 'string' ? escapeForJsonLog(value) : value) });
export const metrics = new Metrics({ serviceName, namespace: metricNamespace });
// Outgoing HTTPS is traced through the SDK clients (captureAWSv3Client), not patched globally.
export const tracer = new Tracer({ serviceName, captureHTTPsRequests: false });

/** The invocation's trace segment. Responses are never recorded: they hold names and document numbers. */
export const traceInvocation = (): MiddlewareObj => captureLambdaHandler(tracer, { captureResponse: false });

/** Searchable trace annotations: which port, lane or outcome, never who. */
export function annotateTrace(annotations: { port?: string; lane?: string; outcome?: string }): void {
  for (const [key, value] of Object.entries(annotations)) if (value !== undefined) tracer.putAnnotation(key, value);
}

/** Flushes the invocation's metrics (if it recorded any) after the handler, also when it failed. */
export const publishMetrics = (): MiddlewareObj => {
  const flush = async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: flush, onError: flush };
};

/** Document numbers in logs show only their last 3 characters. */
export const maskDocumentNumber = (documentNumber: string) => `***${documentNumber.slice(-3)}`;

/**
 * One metric with its own dimensions, published at once. Safe when records of a batch are processed
 * concurrently, which a shared set of dimensions is not.
 */
export function recordMetric(name: string, value: number, dimensions: Record<string, string> = {}, unit: (typeof MetricUnit)[keyof typeof MetricUnit] = MetricUnit.Count): void {
  const single = metrics.singleMetric();
  single.addDimensions(dimensions);
  single.addMetric(name, unit, value);
}
