/** One logger and one metrics instance per function, JSON lines with the application id and port as keys. */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';

export const serviceName = 'permit-fast-track';

export const logger = new Logger({ serviceName });
export const metrics = new Metrics({ serviceName, namespace: 'PermitFastTrack' });

/** Flushes the invocation's metrics (if it recorded any) after the handler, also when it failed. */
export const publishMetrics = (): MiddlewareObj => {
  const flush = async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: flush, onError: flush };
};
