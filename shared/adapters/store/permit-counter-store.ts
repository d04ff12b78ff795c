/** Permit numbers: one atomic counter per port and year. */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { permitCounterKey } from '../../deployment/table.ts';
import { documentClient } from '../dynamodb-client.ts';
import { tableName } from './table-io.ts';

/** The next permit sequence number of a port and year. */
export async function nextPermitSequence(port: string, year: string): Promise<number> {
  const { Attributes } = await documentClient.send(
    new UpdateCommand({
      TableName: tableName,
      Key: permitCounterKey(port, year),
      UpdateExpression: 'ADD #sequence :one',
      ExpressionAttributeNames: { '#sequence': 'sequence' },
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(Attributes?.sequence);
}
