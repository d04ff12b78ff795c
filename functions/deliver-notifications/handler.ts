import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { applicationIdOf, applicationIdsOf } from '../../shared/adapters/application-id-queue.ts';
import { logger, publishMetrics } from '../../shared/adapters/observability.ts';
import { systemClock } from '../../shared/domain/time.ts';
import { deliverNotifications, readForDelivery } from '../../shared/use-cases/deliver-notifications.ts';

const processor = new BatchProcessor(EventType.SQS);

/**
 * One message, one application's waiting messages. The batch's applications are read at once; two
 * messages for one application share one delivery, so they do not compete for its claims.
 */
export async function deliverBatch(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  let prepared: Awaited<ReturnType<typeof readForDelivery>> | undefined;
  const ids = applicationIdsOf(event.Records.map((record) => record.body));
  try {
    prepared = await readForDelivery(ids);
  } catch (error) {
    logger.warn('Batch read failed; reading each application on its own', { error });
  }
  const deliveries = new Map<string, Promise<unknown>>();
  return processPartialResponse(
    event,
    (record: SQSRecord) => {
      const id = applicationIdOf(record.body);
      if (!deliveries.has(id)) deliveries.set(id, deliverNotifications(id, systemClock, prepared));
      return deliveries.get(id)!;
    },
    processor,
    { context },
  );
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetrics())
  .handler(deliverBatch);
