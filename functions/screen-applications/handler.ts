import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { applicationIdOf, applicationIdsOf } from '../../shared/adapters/application-id-queue.ts';
import { logger, publishMetrics } from '../../shared/adapters/observability.ts';
import { traceInvocation } from '../../shared/adapters/tracing.ts';
import { configuredSigner } from '../../shared/adapters/permit-signers.ts';
import { systemClock } from '../../shared/domain/time.ts';
import { rulesForBatch, type BatchRules } from '../../shared/use-cases/auto-approval.ts';
import { announceScreenedBatch, screenApplication } from '../../shared/use-cases/screen-application.ts';
import { prepareScreeningBatch, type ScreeningBatch } from '../../shared/use-cases/screening-findings.ts';

const processor = new BatchProcessor(EventType.SQS);
// A port's rules may approve at screening, issuing the permit as a clerk's approval does.
const signer = configuredSigner();

/** One message, one application. A throw marks only this message as failed; the queue retries it, then the DLQ. */
export async function screenRecord(record: SQSRecord, batch: ScreeningBatch, rules: BatchRules): Promise<void> {
  await screenApplication(applicationIdOf(record.body), systemClock, batch, rules);
}

/**
 * The batch's reads (and the list joins of any application not yet on its documents' lists) are made for
 * all its messages before any is screened; what fails there for one application fails only its message,
 * which the queue retries.
 */
export async function screenBatch(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  const ids = applicationIdsOf(event.Records.map((record) => record.body));
  const batch = await prepareScreeningBatch(ids);
  const rules = rulesForBatch(signer, Math.random, batch.policiesInForce);
  const response = await processPartialResponse(event, (record: SQSRecord) => screenRecord(record, batch, rules), processor, { context });
  await announceScreenedBatch(batch);
  return response;
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetrics())
  .use(traceInvocation())
  .handler(screenBatch);
