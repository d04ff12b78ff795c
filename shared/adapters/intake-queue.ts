/** The intake queue: only application ids travel on it, never personal data. */
import { SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import { sqsClient } from './sqs-client.ts';
import { loadConfig } from './config.ts';

const { INTAKE_QUEUE_URL } = loadConfig(['INTAKE_QUEUE_URL']);

export const intakeMessageSchema = z.object({ applicationId: z.string().min(1).max(64) });
export type IntakeMessage = z.infer<typeof intakeMessageSchema>;

export async function enqueueForScreening(applicationId: string): Promise<void> {
  await sqsClient.send(
    new SendMessageCommand({ QueueUrl: INTAKE_QUEUE_URL, MessageBody: JSON.stringify({ applicationId } satisfies IntakeMessage) }),
  );
}

/** Sends in batches of ten; returns the ids that could not be sent. */
export async function enqueueManyForScreening(applicationIds: string[]): Promise<string[]> {
  const failed: string[] = [];
  for (let start = 0; start < applicationIds.length; start += 10) {
    const batch = applicationIds.slice(start, start + 10);
    try {
      const result = await sqsClient.send(
        new SendMessageBatchCommand({
          QueueUrl: INTAKE_QUEUE_URL,
          Entries: batch.map((applicationId, index) => ({
            Id: String(index),
            MessageBody: JSON.stringify({ applicationId } satisfies IntakeMessage),
          })),
        }),
      );
      for (const failure of result.Failed ?? []) failed.push(batch[Number(failure.Id)]!);
    } catch {
      failed.push(...batch);
    }
  }
  return failed;
}
