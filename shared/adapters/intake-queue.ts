/** The intake queue: only application ids travel on it, never personal data. */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { applicationMessageBody, sendApplicationIds } from './application-id-queue.ts';
import { loadConfig } from './config.ts';
import { sqsClient } from './sqs-client.ts';

const { INTAKE_QUEUE_URL } = loadConfig(['INTAKE_QUEUE_URL']);

export async function enqueueForScreening(applicationId: string): Promise<void> {
  await sqsClient.send(new SendMessageCommand({ QueueUrl: INTAKE_QUEUE_URL, MessageBody: applicationMessageBody(applicationId) }));
}

/** Sends in batches of ten; returns the ids that could not be sent. */
export const enqueueManyForScreening = (applicationIds: string[]): Promise<string[]> => sendApplicationIds(INTAKE_QUEUE_URL, applicationIds);

