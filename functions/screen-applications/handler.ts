import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { intakeMessageSchema } from '../../shared/intake-queue.ts';
import { logger, publishMetrics } from '../../shared/observability.ts';
import { screenApplication } from '../../shared/use-cases/screen-application.ts';

const processor = new BatchProcessor(EventType.SQS);

/** One message, one application. A throw marks only this message as failed; the queue retries it, then the DLQ. */
export async function screenRecord(record: SQSRecord): Promise<void> {
  const message = intakeMessageSchema.parse(JSON.parse(record.body));
  await screenApplication(message.applicationId);
}

export async function screenBatch(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  return processPartialResponse(event, screenRecord, processor, { context });
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetrics())
  .handler(screenBatch);
