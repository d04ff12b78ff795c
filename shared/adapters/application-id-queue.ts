/** The queues carry application ids only, never personal data: one message shape, one batched send. */
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import { sqsClient } from './sqs-client.ts';

export const applicationMessageSchema = z.object({ applicationId: z.string().min(1).max(64) });
export type ApplicationMessage = z.infer<typeof applicationMessageSchema>;

export const applicationMessageBody = (applicationId: string) => JSON.stringify({ applicationId } satisfies ApplicationMessage);

/** The application id a message carries; throws when the body is not one of this service's messages. */
export const applicationIdOf = (body: string): string => applicationMessageSchema.parse(JSON.parse(body)).applicationId;

/** The ids of a batch's messages, read up front; a message without one is left out here and fails on its own. */
export function applicationIdsOf(bodies: readonly string[]): string[] {
  return bodies.flatMap((body) => {
    try {
      return [applicationIdOf(body)];
    } catch {
      return [];
    }
  });
}

/** One SendMessageBatch per ten applications; returns the ids that could not be sent. */
export async function sendApplicationIds(queueUrl: string, applicationIds: string[]): Promise<string[]> {
  const failed: string[] = [];
  for (let start = 0; start < applicationIds.length; start += 10) {
    const batch = applicationIds.slice(start, start + 10);
    try {
      const result = await sqsClient.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map((applicationId, index) => ({ Id: String(index), MessageBody: applicationMessageBody(applicationId) })),
        }),
      );
      for (const failure of result.Failed ?? []) failed.push(batch[Number(failure.Id)]!);
    } catch {
      failed.push(...batch);
    }
  }
  return failed;
}
