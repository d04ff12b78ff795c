/**
 * The benchmark's floor for a submission: the same writes a submission must make (a conditional PutItem
 * with, beside it, the UpdateItem that puts the application on its document's list, then a SendMessage),
 * with the handlers' own SDK clients, behind the same gateway, and nothing else.
 */
import { randomBytes } from 'node:crypto';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { documentClient } from '../../shared/adapters/dynamodb-client.ts';
import { sqsClient } from '../../shared/adapters/sqs-client.ts';

/** About the size of a stored single-traveller application, so both paths write the same bytes. */
const payload = 'x'.repeat(1200);

export async function rawSubmission(tableName: string, queueUrl: string): Promise<{ id: string }> {
  const id = randomBytes(16).toString('base64url');
  await Promise.all([
    documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: { pk: `FLOOR#${id}`, sk: 'APPLICATION', id, status: 'SUBMITTED', application: payload },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
    documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: `FLOOR#DOC#${id}`, sk: 'APPLICATIONS' },
        UpdateExpression: 'SET #application = list_append(if_not_exists(#application, :none), :window)',
        ExpressionAttributeNames: { '#application': id },
        ExpressionAttributeValues: { ':none': [], ':window': [{ from: '2026-12-01', to: '2026-12-05' }] },
      }),
    ),
  ]);
  await sqsClient.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ applicationId: id }) }));
  return { id };
}
