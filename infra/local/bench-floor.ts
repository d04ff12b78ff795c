/**
 * The benchmark's floor for a submission: the same two writes a submission must make (a conditional
 * PutItem and a SendMessage), with the handlers' own SDK clients, behind the same gateway, and nothing else.
 */
import { randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { documentClient } from '../../shared/adapters/dynamodb-client.ts';
import { sqsClient } from '../../shared/adapters/sqs-client.ts';

/** About the size of a stored single-traveller application, so both paths write the same bytes. */
const payload = 'x'.repeat(1200);

export async function rawSubmission(tableName: string, queueUrl: string): Promise<{ id: string }> {
  const id = randomBytes(16).toString('base64url');
  await documentClient.send(
    new PutCommand({
      TableName: tableName,
      Item: { pk: `FLOOR#${id}`, sk: 'APPLICATION', id, status: 'SUBMITTED', application: payload },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  await sqsClient.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ applicationId: id }) }));
  return { id };
}
