import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { logger, publishMetrics } from '../../shared/adapters/observability.ts';
import { repairNotifications } from '../../shared/use-cases/repair-notifications.ts';

/** Scheduled every 5 minutes: enqueue applications whose messages still wait (a failed enqueue, a DLQ). */
export const runRepair = () => repairNotifications();

export const handler = middy<ScheduledEvent, Awaited<ReturnType<typeof runRepair>>>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetrics())
  .handler(runRepair);
