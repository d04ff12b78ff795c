/**
 * One logger and one metrics instance per function: JSON lines with the application id and port as keys,
 * and EMF metrics. Traces are in tracing.ts, which only functions that call AWS load.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';

import { metricNamespace, serviceName } from '../deployment/service.ts';
import { escapeForJsonLog } from '../domain/printable.ts';

// JSON escapes C0 controls (ESC, CR, LF) itself; the replacer escapes the C1 and bidirectional ones it keeps.
export const logger = new Logger({ serviceName, jsonReplacerFn: (_key, value) => (typeof value === 'string' ? escapeForJsonLog(value) : value) });
export const metrics = new Metrics({ serviceName, namespace: metricNamespace });
type Unit = (typeof MetricUnit)[keyof typeof MetricUnit];

/** Metrics recorded since the last flush, by dimension set (its sorted entries as the key). */
const recorded = new Map<string, { dimensions: Record<string, string>; values: { name: string; unit: Unit; value: number }[] }>();

/**
 * Publishes what was recorded: one EMF document per dimension set, a metric recorded several times with
 * its values as an array. CloudWatch takes each value of an array as a sample of its own, so sums, sample
 * counts and percentiles (the decision times' p50 and p90) are what one document per value gave.
 */
function flushRecorded(): void {
  for (const { dimensions, values } of recorded.values()) {
    metrics.addDimensions(dimensions);
    for (const { name, unit, value } of values) metrics.addMetric(name, unit, value);
    metrics.publishStoredMetrics();
  }
  recorded.clear();
}

/** Flushes the invocation's metrics (if it recorded any) after the handler, also when it failed. */
export const publishMetrics = (): MiddlewareObj => {
  const flush = async () => flushRecorded();
  return { after: flush, onError: flush };
};

/** Document numbers in logs show only their last 3 characters. */
export const maskDocumentNumber = (documentNumber: string) => `***${documentNumber.slice(-3)}`;

/**
 * One value of a metric with its own dimensions, published when the invocation ends (publishMetrics) with
 * every other value recorded meanwhile: a screening batch makes one document per dimension set, not one
 * per message. Safe when records of a batch are processed concurrently, which a shared set of dimensions
 * is not.
 */
export function recordMetric(name: string, value: number, dimensions: Record<string, string> = {}, unit: Unit = MetricUnit.Count): void {
  const key = JSON.stringify(Object.entries(dimensions).sort(([a], [b]) => (a < b ? -1 : 1)));
  const group = recorded.get(key) ?? { dimensions, values: [] };
  group.values.push({ name, unit, value });
  recorded.set(key, group);
}
