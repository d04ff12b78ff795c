/** The module-level SQS client, created once per cold start; only functions that use the queue load it. */
import { SQSClient } from '@aws-sdk/client-sqs';
import { endpointOverrides } from './config.ts';
import { tracer } from './tracing.ts';

export const sqsClient = tracer.captureAWSv3Client(new SQSClient({ endpoint: endpointOverrides().SQS_ENDPOINT, maxAttempts: 3 }));
