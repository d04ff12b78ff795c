import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { logger, publishMetrics } from '../../shared/adapters/observability.ts';
import { traceInvocation } from '../../shared/adapters/tracing.ts';
import { repairIntake } from '../../shared/use-cases/repair-intake.ts';

/** Scheduled every 5 minutes: resend applications that never reached the intake queue. */
export const runRepair = () => repairIntake();

export const handler = middy<ScheduledEvent, Awaited<ReturnType<typeof runRepair>>>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetrics())
  .use(traceInvocation())
  .handler(runRepair);
