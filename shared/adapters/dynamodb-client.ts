/** The module-level DynamoDB document client, created once per cold start. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { endpointOverrides } from './config.ts';

export const documentClient = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: endpointOverrides().DYNAMODB_ENDPOINT, maxAttempts: 3 }),
  { marshallOptions: { removeUndefinedValues: true } },
);
