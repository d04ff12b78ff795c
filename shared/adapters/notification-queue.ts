/** The notification queue: a message names an application with messages to deliver, never an address. */
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import { loadConfig } from './config.ts';
import { sqsClient } from './sqs-client.ts';

const { NOTIFICATION_QUEUE_URL } = loadConfig(['NOTIFICATION_QUEUE_URL']);

export const notificationMessageSchema = z.object({ applicationId: z.string().min(1).max(64) });
export type NotificationMessage = z.infer<typeof notificationMessageSchema>;

/** One SendMessageBatch per ten applications; returns the ids that could not be sent. */
export async function enqueueNotifications(applicationIds: string[]): Promise<string[]> {
  const failed: string[] = [];
  for (let start = 0; start < applicationIds.length; start += 10) {
    const batch = applicationIds.slice(start, start + 10);
    try {
      const result = await sqsClient.send(
        new SendMessageBatchCommand({
          QueueUrl: NOTIFICATION_QUEUE_URL,
          Entries: batch.map((applicationId, index) => ({
            Id: String(index),
            MessageBody: JSON.stringify({ applicationId } satisfies NotificationMessage),
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
