/** The local table and the CDK table come from one definition: compared field by field, projections included. */
import { randomUUID } from 'node:crypto';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEngines, type Engines } from '../../infra/local/engines.ts';
import { localCredentials, localRegion } from '../../infra/local/local-target.ts';
import { StatefulStack } from '../../infra/stateful-stack.ts';

let engines: Engines;
beforeAll(async () => {
  // dynalite, or the engine the suite runs against (DYNAMODB_ENDPOINT), which must take the same definition.
  engines = await startEngines({ dynamoDbEndpoint: process.env.DYNAMODB_ENDPOINT, tableName: `table-definition-${randomUUID()}`, dropTableOnStop: true });
});
afterAll(async () => engines?.stop());

interface KeyElement {
  AttributeName?: string;
  KeyType?: string;
}
interface Projection {
  ProjectionType?: string;
  NonKeyAttributes?: string[];
}
interface IndexShape {
  IndexName?: string;
  KeySchema?: KeyElement[];
  Projection?: Projection;
}

const shapeOf = (table: { KeySchema?: KeyElement[]; AttributeDefinitions?: { AttributeName?: string; AttributeType?: string }[]; GlobalSecondaryIndexes?: IndexShape[] }) => ({
  keySchema: table.KeySchema?.map(({ AttributeName, KeyType }) => ({ AttributeName, KeyType })),
  attributes: [...(table.AttributeDefinitions ?? [])]
    .map(({ AttributeName, AttributeType }) => ({ AttributeName, AttributeType }))
    .sort((a, b) => a.AttributeName!.localeCompare(b.AttributeName!)),
  indexes: [...(table.GlobalSecondaryIndexes ?? [])]
    .map((index) => ({
      name: index.IndexName,
      keySchema: index.KeySchema?.map(({ AttributeName, KeyType }) => ({ AttributeName, KeyType })),
      projection: {
        type: index.Projection?.ProjectionType,
        nonKeyAttributes: [...(index.Projection?.NonKeyAttributes ?? [])].sort(),
      },
    }))
    .sort((a, b) => a.name!.localeCompare(b.name!)),
});

it('creates the local table exactly as the stateful stack declares it', async () => {
  const synthesized = Template.fromStack(new StatefulStack(new App(), 'TableDefinitionCheck'));
  const [cdkTable] = Object.values(synthesized.findResources('AWS::DynamoDB::Table'));
  const client = new DynamoDBClient({ endpoint: engines.dynamoDbEndpoint, region: localRegion, credentials: localCredentials });
  const { Table: localTable } = await client.send(new DescribeTableCommand({ TableName: engines.tableName }));
  client.destroy();

  const cdkShape = shapeOf(cdkTable!.Properties);
  expect(cdkShape.indexes.length).toBeGreaterThan(0);
  expect(shapeOf(localTable!)).toEqual(cdkShape);
});

it('leaves out the indexes named in skipTableIndexes, so an existing table can gain one index per deployment', () => {
  const app = new App({ context: { skipTableIndexes: 'audit, revocations' } });
  const [table] = Object.values(Template.fromStack(new StatefulStack(app, 'TableUpgradeStep')).findResources('AWS::DynamoDB::Table'));
  const names = (table!.Properties.GlobalSecondaryIndexes as IndexShape[]).map((index) => index.IndexName);
  expect(names).not.toContain('audit');
  expect(names).not.toContain('revocations');
  expect(names).toContain('review-queue');
});
