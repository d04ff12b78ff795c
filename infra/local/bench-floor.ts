/**
 * The benchmark's references for a submission, made by the server with the handlers' own SDK clients
 * behind the same gateway, and nothing else (no validation, review clock, token, logging or metrics):
 * - the floor: the writes a submission must make (a conditional PutItem with, beside it, the UpdateItem
 *   that puts the application on its document's list, then a SendMessage), the PutItem carrying one string
 *   of about a stored application's size;
 * - the required work: the same three writes with the item shaped as a stored application is (its nested
 *   application, history, outbox and index keys), which is what the SDK and the table must take apart.
 */
import { randomBytes } from 'node:crypto';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { documentClient } from '../../shared/adapters/dynamodb-client.ts';
import { sqsClient } from '../../shared/adapters/sqs-client.ts';
import { applicationItem } from '../../shared/adapters/store/application-store.ts';
import type { ApplicationRecord } from '../../shared/domain/application.ts';
import { withReceivedMessage } from '../../shared/use-cases/submit-application.ts';
import { toShanghaiIso } from '../../shared/domain/time.ts';
import { sampleApplication } from './sample-application.ts';

/** About the size of a stored single-traveller application, so both paths write the same bytes. */
const payload = 'x'.repeat(1200);

type Item = Record<string, unknown>;

async function threeWrites(tableName: string, queueUrl: string, id: string, item: Item): Promise<{ id: string }> {
  await Promise.all([
    documentClient.send(new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' })),
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

const newId = () => randomBytes(16).toString('base64url');

export function rawSubmission(tableName: string, queueUrl: string): Promise<{ id: string }> {
  const id = newId();
  return threeWrites(tableName, queueUrl, id, { pk: `FLOOR#${id}`, sk: 'APPLICATION', id, status: 'SUBMITTED', application: payload });
}

/** That application as the submission stores it (a test holds the two shapes equal). */
export function storedApplication(id: string, nowMs: number): Item {
  const submittedAt = toShanghaiIso(nowMs);
  const record: ApplicationRecord = {
    id,
    kind: 'border-tourism',
    port: 'MOHAN',
    lane: 'standard',
    status: 'SUBMITTED',
    submittedAt,
    reviewDeadline: toShanghaiIso(nowMs + 86_400_000),
    application: sampleApplication(`R${id.slice(-12).replaceAll('_', '-')}`, nowMs),
    accessTokenHash: newId() + newId().slice(0, 21),
    flags: [],
    history: [{ at: submittedAt, actor: 'applicant', action: 'submit', to: 'SUBMITTED' }],
    version: 1,
  };
  return applicationItem(withReceivedMessage(record));
}

export function requiredSubmission(tableName: string, queueUrl: string): Promise<{ id: string }> {
  const id = `FLOOR${newId()}`;
  return threeWrites(tableName, queueUrl, id, storedApplication(id, Date.now()));
}
