/** One logger and one metrics instance per function, JSON lines with the application id and port as keys. */
import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';

import { metricNamespace, serviceName } from '../deployment/service.ts';
import { escapeForJsonLog } from '../domain/printable.ts';

// JSON escapes C0 controls (ESC, CR, LF) itself; the replacer escapes the C1 and bidirectional ones it keeps.
export const logger = new Logger({ serviceName, jsonReplacerFn: (_key, value) => (typeof value === 'string' ? escapeForJsonLog(value) : value) });
export const metrics = new Metrics({ serviceName, namespace: metricNamespace });

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
