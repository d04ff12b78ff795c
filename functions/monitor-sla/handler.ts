import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { logger } from '../../shared/adapters/observability.ts';
import { traceInvocation } from '../../shared/adapters/tracing.ts';
import { monitorSla } from '../../shared/use-cases/monitor-sla.ts';

/** Scheduled every 5 minutes: per port and lane SLA metrics (published per dimension set by the use case). */
export const runMonitor = () => monitorSla();

export const handler = middy<ScheduledEvent, Awaited<ReturnType<typeof runMonitor>>>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(traceInvocation())
  .handler(runMonitor);
