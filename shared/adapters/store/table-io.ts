/**
 * The table I/O every store shares: conditional writes that answer `false` instead of throwing when their
 * condition no longer holds, paginated queries, and batch reads and writes that retry unprocessed items
 * with exponential backoff and full jitter. Stores build keys and expressions; this module sends them.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  paginateQuery,
  paginateScan,
  type PutCommandInput,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  type ScanCommandInput,
  type UpdateCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { loadConfig } from '../config.ts';
import { documentClient } from '../dynamodb-client.ts';
import { keyAttributes, type IndexDefinition, type ItemKey } from '../../deployment/table.ts';

export const { TABLE_NAME: tableName } = loadConfig(['TABLE_NAME']);

export type Item = Record<string, unknown>;

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;

/** A put or update whose `ConditionExpression` decides: `true` when written, `false` when the condition failed. */
export async function conditionalWrite(
  write: { put: Omit<PutCommandInput, 'TableName'> } | { update: Omit<UpdateCommandInput, 'TableName'> },
): Promise<boolean> {
  if ('update' in write) return (await conditionalUpdate(write.update)) !== false;
  try {
    await documentClient.send(new PutCommand({ TableName: tableName, ...write.put }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * An update whose `ConditionExpression` (if any) decides: the attributes its `ReturnValues` asks for
 * (undefined without), or `false` when the condition failed.
 */
export async function conditionalUpdate(update: Omit<UpdateCommandInput, 'TableName'>): Promise<Item | undefined | false> {
  try {
    return (await documentClient.send(new UpdateCommand({ TableName: tableName, ...update }))).Attributes;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** One item by key, read consistently (a read that follows a write must see it). */
export async function getItem(key: ItemKey): Promise<Item | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  return Item;
}

/** One page of a query and the key to continue after, for callers that page on a client's behalf. */
export async function queryPage(input: Omit<QueryCommandInput, 'TableName'>): Promise<{ items: Item[]; lastKey?: Item }> {
  const page = await documentClient.send(new QueryCommand({ TableName: tableName, ...input }));
  return { items: page.Items ?? [], ...(page.LastEvaluatedKey ? { lastKey: page.LastEvaluatedKey } : {}) };
}

/** Every item a query matches, page by page, stopping once `limit` items are in hand. */
export async function queryAll(input: Omit<QueryCommandInput, 'TableName'>, limit = Number.POSITIVE_INFINITY): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of paginateQuery({ client: documentClient }, { TableName: tableName, ...input })) {
    items.push(...(page.Items ?? []));
    if (items.length >= limit) return items.slice(0, limit);
  }
  return items;
}

/**
 * One partition of a sparse index, in sort-key order: the entries whose sort key is below `below` or from
 * `from` on, at most `limit`, each read for `attribute` only.
 */
export async function indexRange(
  index: IndexDefinition,
  partition: string,
  range: { below: string } | { from: string },
  attribute: string,
  limit: number,
): Promise<Item[]> {
  const [operator, bound] = 'below' in range ? ['<', range.below] : ['>=', range.from];
  return queryAll(
    {
      IndexName: index.indexName,
      KeyConditionExpression: `#pk = :partition AND #sk ${operator} :bound`,
      ExpressionAttributeNames: { '#pk': index.partitionKey, '#sk': index.sortKey, '#attribute': attribute },
      ExpressionAttributeValues: { ':partition': partition, ':bound': bound },
      ProjectionExpression: '#attribute',
      Limit: limit,
    },
    limit,
  );
}

/**
 * The ids in one partition of a sparse index whose sort key (a time, then the id) is below `before`,
 * oldest first, at most `limit`: what the repair jobs resend.
 */
export async function idsWaitingBefore(index: IndexDefinition, partition: string, before: string, limit: number): Promise<string[]> {
  return (await indexRange(index, partition, { below: before }, 'id', limit)).map((item) => item.id as string);
}

/** A page's continuation as an opaque string for a client: JSON in base64url. */
export const encodeCursor = (fields: object): string => Buffer.from(JSON.stringify(fields)).toString('base64url');

/** The fields inside a cursor a client handed back, or undefined when it is not one at all; the store checks them. */
export function decodeCursor(cursor: string): Record<string, unknown> | undefined {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  return decoded && typeof decoded === 'object' && !Array.isArray(decoded) ? (decoded as Record<string, unknown>) : undefined;
}

/** The pages of a scan: only for one-off maintenance (a backfill), never on a request path. */
export async function* scanPages(input: Omit<ScanCommandInput, 'TableName'>): AsyncGenerator<Item[]> {
  for await (const page of paginateScan({ client: documentClient }, { TableName: tableName, ...input })) yield page.Items ?? [];
}

/** A record without the table's key and index attributes: what the stores hand to the domain. */
export function withoutKeys(item: Item): Item {
  const record = { ...item };
  for (const attribute of keyAttributes) delete record[attribute];
  return record;
}

const MAX_BATCH_ATTEMPTS = 6;
const BACKOFF_BASE_MS = 25;
const BACKOFF_CAP_MS = 1000;

/** Full jitter: a random wait up to an exponentially growing cap, so retrying writers spread out. */
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt)));

export interface BatchGetOptions {
  consistentRead?: boolean;
  projection?: readonly string[];
}

/** Every item of the keys, 100 per BatchGetItem, retrying unprocessed keys; throws if some stay unprocessed. */
export async function batchGetAll(allKeys: readonly ItemKey[], options: BatchGetOptions = {}): Promise<Item[]> {
  const projection = options.projection
    ? {
        ProjectionExpression: options.projection.map((_, index) => `#p${index}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(options.projection.map((name, index) => [`#p${index}`, name])),
      }
    : {};
  const items: Item[] = [];
  for (let start = 0; start < allKeys.length; start += 100) {
    let keys: Item[] = allKeys.slice(start, start + 100);
    for (let attempt = 0; keys.length > 0; attempt++) {
      if (attempt === MAX_BATCH_ATTEMPTS) throw new Error('BatchGetItem left keys unprocessed after retries');
      if (attempt > 0) await backoff(attempt);
      const result = await documentClient.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys, ConsistentRead: options.consistentRead, ...projection } } }),
      );
      items.push(...(result.Responses?.[tableName] ?? []));
      keys = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return items;
}

/** Puts every item, 25 per BatchWriteItem, retrying unprocessed items; throws if some stay unprocessed. */
export async function batchPutAll(allItems: readonly Item[]): Promise<void> {
  await batchWriteAll(allItems.map((Item) => ({ PutRequest: { Item } })));
}

/** Deletes every key, 25 per BatchWriteItem, retrying unprocessed keys; throws if some stay unprocessed. */
export async function batchDeleteAll(keys: readonly ItemKey[]): Promise<void> {
  await batchWriteAll(keys.map((Key) => ({ DeleteRequest: { Key } })));
}

type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: ItemKey } };

async function batchWriteAll(allRequests: readonly WriteRequest[]): Promise<void> {
  for (let start = 0; start < allRequests.length; start += 25) {
    let requests = allRequests.slice(start, start + 25);
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt === MAX_BATCH_ATTEMPTS) throw new Error('BatchWriteItem left items unprocessed after retries');
      if (attempt > 0) await backoff(attempt);
      const result = await documentClient.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (result.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
    }
  }
}
