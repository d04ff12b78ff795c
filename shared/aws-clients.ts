/** Module-level SDK clients, created once per cold start. Endpoint overrides exist only for local runs. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { endpointOverrides } from './config.ts';

const overrides = endpointOverrides();

export const documentClient = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: overrides.DYNAMODB_ENDPOINT, maxAttempts: 3 }),
  { marshallOptions: { removeUndefinedValues: true } },
);

export const sqsClient = new SQSClient({ endpoint: overrides.SQS_ENDPOINT, maxAttempts: 3 });
