import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { intakeMessageSchema } from '../../shared/adapters/intake-queue.ts';
import { logger, publishMetrics } from '../../shared/adapters/observability.ts';
import { systemClock } from '../../shared/domain/time.ts';
import { announceScreenedBatch, prepareScreeningBatch, screenApplication, type ScreeningBatch } from '../../shared/use-cases/screen-application.ts';

const processor = new BatchProcessor(EventType.SQS);

/** One message, one application. A throw marks only this message as failed; the queue retries it, then the DLQ. */
export async function screenRecord(record: SQSRecord, batch?: ScreeningBatch): Promise<void> {
  const message = intakeMessageSchema.parse(JSON.parse(record.body));
  await screenApplication(message.applicationId, systemClock, batch);
}

const applicationIdOf = (record: SQSRecord): string | undefined => {
  try {
    return intakeMessageSchema.parse(JSON.parse(record.body)).applicationId;
  } catch {
    return undefined; // screenRecord fails this message on its own
  }
};

/**
 * The batch's reads and marker writes are made once for all its messages; if that fails, each message
 * is screened on its own as if there were no batch, so a failure there costs time, never a message.
 */
export async function screenBatch(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  const ids = event.Records.map(applicationIdOf).filter((id): id is string => id !== undefined);
  let batch: ScreeningBatch | undefined;
  try {
    batch = await prepareScreeningBatch(ids);
  } catch (error) {
    logger.warn('Batch preparation failed; screening each message on its own', { error });
  }
  const response = await processPartialResponse(event, (record: SQSRecord) => screenRecord(record, batch), processor, { context });
  await announceScreenedBatch(ids, batch);
  return response;
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetrics())
  .handler(screenBatch);
