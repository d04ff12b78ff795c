/**
 * DynamoDB capacity of the calls the handlers make, counted from item sizes by DynamoDB's published rules
 * (dynalite reports none for indexes): read request units (4 KB, 0.5 eventually consistent, per item for
 * GetItem and BatchGetItem, summed over a page for Query, one at least even when nothing is found) and
 * write request units (1 KB, the larger of the item before and after, also when a condition fails), plus
 * each global secondary index a write changes (an entry added or rewritten costs its size, a key moved
 * costs a delete and a put, a projected attribute left alone costs nothing). Item images before and after
 * each write are read with a client of its own, which is not counted.
 */
import { BatchGetCommand, BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableIndexes, tableKeys, type IndexDefinition, type ItemKey } from '../shared/deployment/table.ts';

type Item = Record<string, unknown>;

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** The stored size of a value (DynamoDB's item size rules; a number counts 1 byte per 2 significant digits, plus 1). */
function valueSize(value: unknown): number {
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number') return Math.ceil(String(Math.abs(value)).replace('.', '').replace(/^0+/, '').length / 2) + 1;
  if (typeof value === 'boolean' || value === null) return 1;
  if (value instanceof Uint8Array) return value.length;
  if (value instanceof Set) return [...value].reduce((sum: number, member) => sum + valueSize(member), 0);
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, element) => sum + valueSize(element) + 1, 0);
  if (typeof value === 'object') return 3 + Object.entries(value).reduce((sum, [name, element]) => sum + utf8(name) + valueSize(element) + 1, 0);
  return 0;
}

export const itemSize = (item: Item | undefined) =>
  item ? Object.entries(item).reduce((sum, [name, value]) => sum + (value === undefined ? 0 : utf8(name) + valueSize(value)), 0) : 0;

/** The entry an item has in an index, or none when it lacks the index's keys (the indexes are sparse). */
function indexEntry(index: IndexDefinition, item: Item | undefined): Item | undefined {
  if (!item || item[index.partitionKey] === undefined || item[index.sortKey] === undefined) return undefined;
  const keys = [tableKeys.partitionKey, tableKeys.sortKey, index.partitionKey, index.sortKey];
  const projected =
    index.projection.type === 'ALL' ? Object.keys(item) : index.projection.type === 'INCLUDE' ? [...keys, ...index.projection.nonKeyAttributes] : keys;
  return Object.fromEntries(projected.filter((name) => item[name] !== undefined).map((name) => [name, item[name]]));
}

const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
const readUnits = (bytes: number, consistent: boolean) => Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);

export interface CapacityTally {
  readUnits: number;
  writeUnits: number;
  indexWriteUnits: number;
  /** Index write units by index name: what each index's partitions take (the scale estimate in docs/benchmarks.md). */
  indexWriteUnitsByIndex: Record<string, number>;
  /** Calls by command name. */
  calls: Record<string, number>;
}

/** What one stretch of the cost journey used: counted by bench/cost-journey.ts, priced by bench/cost.ts. */
export interface JourneyUsage {
  table: CapacityTally;
  queueRequests: Record<string, number>;
  /** Per function: invocations, their measured milliseconds and the SDK calls they made. */
  invocations: Record<string, { count: number; ms: number; sdkCalls: number }>;
  apiRequests: number;
  emails: number;
  sms: number;
  permits: number;
  logBytes: number;
}

export const emptyTally = (): CapacityTally => ({ readUnits: 0, writeUnits: 0, indexWriteUnits: 0, indexWriteUnitsByIndex: {}, calls: {} });

/** The write units one write costs in the table and in each index, from the item before and after it. */
function chargeWrite(tally: CapacityTally, before: Item | undefined, after: Item | undefined): void {
  tally.writeUnits += writeUnits(Math.max(itemSize(before), itemSize(after)));
  for (const index of tableIndexes) {
    const [old, now] = [indexEntry(index, before), indexEntry(index, after)];
    if (!old && !now) continue;
    if (old && now && JSON.stringify(old) === JSON.stringify(now)) continue;
    const keyMoved = old && now && (old[index.partitionKey] !== now[index.partitionKey] || old[index.sortKey] !== now[index.sortKey]);
    const units = (old && (!now || keyMoved) ? writeUnits(itemSize(old)) : 0) + (now ? writeUnits(itemSize(now)) : 0);
    tally.indexWriteUnits += units;
    tally.indexWriteUnitsByIndex[index.indexName] = (tally.indexWriteUnitsByIndex[index.indexName] ?? 0) + units;
  }
}

const keyOf = (item: Item): ItemKey => ({ pk: item.pk as string, sk: item.sk as string });

/**
 * Counts every call `client` sends from now on into the returned tally, reading item images through
 * `observer` (a client of its own on the same table).
 */
export function countCapacity(client: DynamoDBDocumentClient, observer: DynamoDBDocumentClient, tableName: string): CapacityTally {
  const tally = emptyTally();
  const image = async (key: ItemKey) => (await observer.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
  const realSend = client.send.bind(client) as (command: unknown) => Promise<Record<string, unknown>>;
  const counted = async (command: unknown): Promise<unknown> => {
    const name = (command as object).constructor.name;
    tally.calls[name] = (tally.calls[name] ?? 0) + 1;
    if (command instanceof PutCommand || command instanceof UpdateCommand || command instanceof DeleteCommand) {
      const key = (command instanceof PutCommand ? keyOf(command.input.Item!) : command.input.Key) as ItemKey;
      const before = await image(key);
      try {
        return await realSend(command);
      } finally {
        chargeWrite(tally, before, await image(key));
      }
    }
    if (command instanceof BatchWriteCommand) {
      const requests = Object.values(command.input.RequestItems ?? {}).flat();
      const keys = requests.map((request) => (request.PutRequest ? keyOf(request.PutRequest.Item!) : (request.DeleteRequest!.Key as ItemKey)));
      const before = await Promise.all(keys.map(image));
      const answer = await realSend(command);
      const after = await Promise.all(keys.map(image));
      for (const [index] of keys.entries()) chargeWrite(tally, before[index], after[index]);
      return answer;
    }
    const answer = await realSend(command);
    if (command instanceof GetCommand) tally.readUnits += readUnits(itemSize(answer.Item as Item | undefined), command.input.ConsistentRead === true);
    if (command instanceof BatchGetCommand) {
      for (const request of Object.values(command.input.RequestItems ?? {})) {
        // Projected items are read whole: the units follow the stored item, and a key not found costs one read too.
        const whole = await Promise.all((request.Keys ?? []).map((key) => image(key as ItemKey)));
        for (const item of whole) tally.readUnits += readUnits(itemSize(item), request.ConsistentRead === true);
      }
    }
    if (command instanceof QueryCommand) {
      const { ProjectionExpression: _projection, ...whole } = command.input;
      const page = await observer.send(new QueryCommand({ ...whole, ExpressionAttributeNames: usedNames(whole) }));
      const bytes = (page.Items ?? []).reduce((sum, item) => sum + itemSize(item), 0);
      tally.readUnits += readUnits(bytes, command.input.ConsistentRead === true);
    }
    return answer;
  };
  client.send = counted as typeof client.send;
  return tally;
}

/** The attribute names a query still uses once its projection is dropped (DynamoDB refuses unused ones). */
function usedNames(input: QueryCommand['input']): Record<string, string> | undefined {
  const names = input.ExpressionAttributeNames;
  if (!names) return undefined;
  const expressions = [input.KeyConditionExpression, input.FilterExpression].join(' ');
  const used = Object.entries(names).filter(([placeholder]) => expressions.includes(placeholder));
  return used.length > 0 ? Object.fromEntries(used) : undefined;
}

