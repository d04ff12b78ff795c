/** The module-level DynamoDB document client, created once per cold start. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { endpointOverrides } from './config.ts';
import { tracer } from './tracing.ts';

export const documentClient = DynamoDBDocumentClient.from(
  tracer.captureAWSv3Client(new DynamoDBClient({ endpoint: endpointOverrides().DYNAMODB_ENDPOINT, maxAttempts: 3 })),
  { marshallOptions: { removeUndefinedValues: true } },
);
