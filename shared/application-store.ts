/**
 * The application store: the only code that talks to the table. It takes and returns domain types;
 * every state change is one conditional write that also appends its history entry.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ApplicationRecord, Claim, HistoryEntry, Status } from './application.ts';
import { documentClient } from './dynamodb-client.ts';
import { loadConfig } from './config.ts';
import { laneRank } from './review-clock.ts';
import { intakeIndex, reviewQueueByKindIndex, reviewQueueIndex, timeToLiveAttribute } from './table.ts';

const { TABLE_NAME } = loadConfig(['TABLE_NAME']);

const applicationKey = (id: string) => ({ pk: `APP#${id}`, sk: 'APPLICATION' });

const queueSortKey = (record: Pick<ApplicationRecord, 'lane' | 'reviewDeadline' | 'id'>) =>
  `${laneRank[record.lane]}#${String(Date.parse(record.reviewDeadline)).padStart(15, '0')}#${record.id}`;

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;

function toRecord(item: Record<string, unknown>): ApplicationRecord {
  const { pk, sk, queuePk, queueKindPk, queueSk, intakePk, intakeSk, ...record } = item;
  return record as unknown as ApplicationRecord;
}

export async function getApplication(id: string): Promise<ApplicationRecord | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: TABLE_NAME, Key: applicationKey(id), ConsistentRead: true }),
  );
  return Item ? toRecord(Item) : undefined;
}

/** Several applications in consistent BatchGetItem calls (100 keys each); ids not found are left out. */
export async function getApplications(ids: string[]): Promise<Map<string, ApplicationRecord>> {
  const items = await batchGetAll([...new Set(ids)].map(applicationKey), { ConsistentRead: true });
  return new Map(items.map((item) => [item.id as string, toRecord(item)]));
}

/** Stores a new `SUBMITTED` application; `exists` when the id is already taken (a replayed submission). */
export async function createApplication(record: ApplicationRecord): Promise<'created' | 'exists'> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: {
          ...applicationKey(record.id),
          ...record,
          [intakeIndex.partitionKey]: 'SUBMITTED',
          [intakeIndex.sortKey]: `${record.submittedAt}#${record.id}`,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return 'created';
  } catch (error) {
    if (isConditionFailure(error)) return 'exists';
    throw error;
  }
}

export interface Transition {
  id: string;
  /** The statuses the application may be in for the change to apply. */
  from: readonly Status[];
  to: Status;
  entry: HistoryEntry;
  /** The caller's ports: the write applies only to an application of one of them. */
  ports?: readonly string[];
  /** The caller must hold a claim that is live at `nowMs`. */
  claimHolder?: { clerkId: string; nowMs: number };
  /** Optimistic lock: the version the caller read. */
  version?: number;
  set?: Record<string, unknown>;
  remove?: readonly string[];
  /** Join the port's review queue with this deadline, or leave it. */
  queue?: { join: Pick<ApplicationRecord, 'port' | 'kind' | 'lane' | 'reviewDeadline'> } | 'leave';
}

/**
 * The one way an application changes status: a single conditional UpdateItem that checks what must still
 * be true and appends the history entry in the same write. `false` when a condition no longer holds.
 */
export async function applyTransition(transition: Transition): Promise<boolean> {
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ':to': transition.to, ':entry': [transition.entry], ':one': 1 };
  const sets = ['#status = :to', 'history = list_append(history, :entry)', 'version = version + :one'];
  const removes: string[] = [];
  const conditions: string[] = [];

  transition.from.forEach((status, index) => (values[`:from${index}`] = status));
  conditions.push(`#status IN (${transition.from.map((_, index) => `:from${index}`).join(', ')})`);
  if (transition.ports) {
    names['#port'] = 'port';
    transition.ports.forEach((port, index) => (values[`:port${index}`] = port));
    conditions.push(transition.ports.length === 0 ? 'attribute_not_exists(pk)' : `#port IN (${transition.ports.map((_, index) => `:port${index}`).join(', ')})`);
  }
  if (transition.claimHolder) {
    values[':clerk'] = transition.claimHolder.clerkId;
    values[':now'] = transition.claimHolder.nowMs;
    conditions.push('claim.clerkId = :clerk AND claim.expiresAtMs > :now');
  }
  if (transition.version !== undefined) {
    values[':version'] = transition.version;
    conditions.push('version = :version');
  }
  Object.entries(transition.set ?? {}).forEach(([attribute, value], index) => {
    names[`#set${index}`] = attribute;
    values[`:set${index}`] = value;
    sets.push(`#set${index} = :set${index}`);
  });
  (transition.remove ?? []).forEach((attribute, index) => {
    names[`#remove${index}`] = attribute;
    removes.push(`#remove${index}`);
  });
  if (transition.queue) {
    names['#queuePk'] = reviewQueueIndex.partitionKey;
    names['#queueKindPk'] = reviewQueueByKindIndex.partitionKey;
    names['#queueSk'] = reviewQueueIndex.sortKey;
  }
  if (transition.queue === 'leave') {
    removes.push('#queuePk', '#queueKindPk', '#queueSk');
  } else if (transition.queue) {
    const { port, kind, lane, reviewDeadline } = transition.queue.join;
    values[':queuePk'] = `QUEUE#${port}`;
    values[':queueKindPk'] = `QUEUE#${port}#${kind}`;
    values[':queueSk'] = queueSortKey({ id: transition.id, lane, reviewDeadline });
    sets.push('#queuePk = :queuePk', '#queueKindPk = :queueKindPk', '#queueSk = :queueSk');
  }
  if (transition.from.includes('SUBMITTED')) {
    names['#intakePk'] = intakeIndex.partitionKey;
    names['#intakeSk'] = intakeIndex.sortKey;
    removes.push('#intakePk', '#intakeSk');
  }

  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: applicationKey(transition.id),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: `attribute_exists(pk) AND ${conditions.join(' AND ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Ids of applications still `SUBMITTED` that were accepted before `acceptedBefore` (ISO), oldest first. */
export async function findUnscreenedApplications(acceptedBefore: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        IndexName: intakeIndex.indexName,
        KeyConditionExpression: '#pk = :submitted AND #sk < :before',
        ExpressionAttributeNames: { '#pk': intakeIndex.partitionKey, '#sk': intakeIndex.sortKey },
        ExpressionAttributeValues: { ':submitted': 'SUBMITTED', ':before': acceptedBefore },
        ProjectionExpression: 'id',
        Limit: limit - ids.length,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) ids.push(item.id as string);
    startKey = page.LastEvaluatedKey;
  } while (startKey && ids.length < limit);
  return ids;
}

// --- Idempotency records -------------------------------------------------------------------------

export interface IdempotencyRecord {
  keyHash: string;
  fingerprint: string;
  applicationId: string;
  submittedAt: string;
  reviewDeadline: string;
  accessTokenHash: string;
  sealedAccessToken: string;
  /** Epoch seconds; DynamoDB's TTL removes the record some time after. */
  expiresAt: number;
}

const idempotencyKey = (keyHash: string) => ({ pk: `IDEMPOTENCY#${keyHash}`, sk: 'IDEMPOTENCY' });

/** Claims an idempotency key; `false` when a live record already holds it. */
export async function claimIdempotencyKey(record: IdempotencyRecord, nowEpochSeconds: number): Promise<boolean> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: { ...idempotencyKey(record.keyHash), ...record },
        // TTL deletion lags by up to days, so an expired record is treated as absent.
        ConditionExpression: 'attribute_not_exists(pk) OR #expiresAt < :now',
        ExpressionAttributeNames: { '#expiresAt': timeToLiveAttribute },
        ExpressionAttributeValues: { ':now': nowEpochSeconds },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export async function getIdempotencyRecord(keyHash: string): Promise<IdempotencyRecord | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: TABLE_NAME, Key: idempotencyKey(keyHash), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const { pk, sk, ...record } = Item;
  return record as IdempotencyRecord;
}

// --- Document markers: which open applications name a document at a port -------------------------

export interface DocumentMarker {
  applicationId: string;
  from: string;
  to: string;
}

const markerKey = (port: string, documentNumber: string, applicationId: string) => ({
  pk: `DOC#${port}#${documentNumber}`,
  sk: `APP#${applicationId}`,
});

export interface DocumentMarkerPut {
  port: string;
  documentNumber: string;
  marker: DocumentMarker;
}

/** Idempotent: a redelivered screening writes the same markers again. Any number, 25 per BatchWriteItem. */
export async function putDocumentMarkers(markers: DocumentMarkerPut[]): Promise<void> {
  const items = new Map(
    markers.map(({ port, documentNumber, marker }) => {
      const key = markerKey(port, documentNumber, marker.applicationId);
      return [`${key.pk}|${key.sk}`, { ...key, ...marker }];
    }),
  );
  const unique = [...items.values()];
  for (let start = 0; start < unique.length; start += 25) {
    await writeAll({ [TABLE_NAME]: unique.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })) });
  }
}

export async function findDocumentMarkers(port: string, documentNumber: string): Promise<DocumentMarker[]> {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `DOC#${port}#${documentNumber}` },
      ProjectionExpression: 'applicationId, #from, #to',
      ExpressionAttributeNames: { '#from': 'from', '#to': 'to' },
    }),
  );
  return (Items ?? []) as DocumentMarker[];
}

/** The statuses of some applications (missing ids are left out). */
export async function getStatuses(ids: string[]): Promise<Map<string, Status>> {
  const items = await batchGetAll(ids.map(applicationKey), { ProjectionExpression: 'id, #status', ExpressionAttributeNames: { '#status': 'status' } });
  return new Map(items.map((item) => [item.id as string, item.status as Status]));
}

/** Every item of the keys, 100 per BatchGetItem, retrying unprocessed keys; throws if some stay unprocessed. */
async function batchGetAll(
  allKeys: Record<string, string>[],
  options: { ConsistentRead?: boolean; ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string> } = {},
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let start = 0; start < allKeys.length; start += 100) {
    let keys: Record<string, unknown>[] = allKeys.slice(start, start + 100);
    for (let attempt = 0; keys.length > 0 && attempt < 5; attempt++) {
      const result = await documentClient.send(new BatchGetCommand({ RequestItems: { [TABLE_NAME]: { Keys: keys, ...options } } }));
      items.push(...(result.Responses?.[TABLE_NAME] ?? []));
      keys = (result.UnprocessedKeys?.[TABLE_NAME]?.Keys ?? []) as Record<string, unknown>[];
    }
    if (keys.length > 0) throw new Error('BatchGet left keys unprocessed after retries');
  }
  return items;
}

// --- Watch list ----------------------------------------------------------------------------------

export type WatchListKind = 'document' | 'person' | 'plate';

export interface WatchListEntry {
  kind: WatchListKind;
  /** The normalised value: document number, `name|dateOfBirth`, or plate. */
  value: string;
  reason: string;
}

const watchListKey = (kind: WatchListKind, value: string) => ({ pk: `WATCH#${kind}#${value}`, sk: 'WATCH' });

export async function putWatchListEntries(entries: WatchListEntry[]): Promise<void> {
  for (let start = 0; start < entries.length; start += 25) {
    await writeAll({
      [TABLE_NAME]: entries.slice(start, start + 25).map((entry) => ({
        PutRequest: { Item: { ...watchListKey(entry.kind, entry.value), ...entry } },
      })),
    });
  }
}

/** The watch-list entries among the candidates, looked up by key (never a scan). */
export async function findWatchListEntries(candidates: { kind: WatchListKind; value: string }[]): Promise<WatchListEntry[]> {
  const unique = [...new Map(candidates.map((candidate) => [`${candidate.kind}#${candidate.value}`, candidate])).values()];
  const items = await batchGetAll(unique.map((candidate) => watchListKey(candidate.kind, candidate.value)));
  return items.map((item) => ({ kind: item.kind, value: item.value, reason: item.reason }) as WatchListEntry);
}

async function writeAll(requestItems: Record<string, unknown[]>): Promise<void> {
  let pending: Record<string, unknown[]> | undefined = requestItems;
  for (let attempt = 0; pending && Object.keys(pending).length > 0 && attempt < 5; attempt++) {
    const result = await documentClient.send(new BatchWriteCommand({ RequestItems: pending as never }));
    pending = result.UnprocessedItems as Record<string, unknown[]> | undefined;
  }
  if (pending && Object.keys(pending).length > 0) throw new Error('BatchWrite left items unprocessed after retries');
}

// --- Review queue and claims ---------------------------------------------------------------------

export interface QueuePage {
  records: ApplicationRecord[];
  /** The key to continue after, or undefined on the last page. */
  lastKey?: Record<string, string>;
}

/**
 * One page of a port's review queue from a sparse index, in lane order then earliest deadline. A Query
 * bounded by `limit`: its cost does not grow with the number of open applications.
 */
export async function queryReviewQueue(options: {
  port: string;
  lane?: string;
  kind?: string;
  limit: number;
  startKey?: Record<string, string>;
}): Promise<QueuePage> {
  const index = options.kind ? reviewQueueByKindIndex : reviewQueueIndex;
  const partition = options.kind ? `QUEUE#${options.port}#${options.kind}` : `QUEUE#${options.port}`;
  const laneCondition = options.lane ? ' AND begins_with(#sk, :lanePrefix)' : '';
  const page = await documentClient.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      IndexName: index.indexName,
      KeyConditionExpression: `#pk = :partition${laneCondition}`,
      ExpressionAttributeNames: { '#pk': index.partitionKey, ...(options.lane ? { '#sk': index.sortKey } : {}) },
      ExpressionAttributeValues: {
        ':partition': partition,
        ...(options.lane ? { ':lanePrefix': `${laneRank[options.lane as keyof typeof laneRank]}#` } : {}),
      },
      Limit: options.limit,
      ExclusiveStartKey: options.startKey,
    }),
  );
  return {
    records: (page.Items ?? []).map(toRecord),
    lastKey: page.LastEvaluatedKey as Record<string, string> | undefined,
  };
}

/** The key attributes a queue page continues from, for checking a cursor handed back by a client. */
export const queueCursorAttributes = (kind: boolean) =>
  ['pk', 'sk', kind ? reviewQueueByKindIndex.partitionKey : reviewQueueIndex.partitionKey, reviewQueueIndex.sortKey];
export const queuePartition = (port: string, kind?: string) => (kind ? `QUEUE#${port}#${kind}` : `QUEUE#${port}`);

/**
 * Takes or renews the lease in one conditional write: the application must await review at one of the
 * caller's ports, and be unclaimed, claimed by the caller, or claimed by a lease that has run out.
 */
export async function claimApplication(
  id: string,
  ports: readonly string[],
  claim: Claim,
  nowMs: number,
  entry: HistoryEntry,
): Promise<boolean> {
  if (ports.length === 0) return false;
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: applicationKey(id),
        UpdateExpression: 'SET claim = :claim, history = list_append(history, :entry)',
        ConditionExpression:
          `attribute_exists(pk) AND #status = :pending AND #port IN (${ports.map((_, index) => `:port${index}`).join(', ')}) ` +
          'AND (attribute_not_exists(claim) OR claim.clerkId = :clerk OR claim.expiresAtMs <= :now)',
        ExpressionAttributeNames: { '#status': 'status', '#port': 'port' },
        ExpressionAttributeValues: {
          ':claim': claim,
          ':entry': [entry],
          ':pending': 'PENDING_REVIEW' satisfies Status,
          ':clerk': claim.clerkId,
          ':now': nowMs,
          ...Object.fromEntries(ports.map((port, index) => [`:port${index}`, port])),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Ends a lease held by `holder` (any holder when undefined, for a supervisor). */
export async function releaseClaim(id: string, holder: string | undefined, entry: HistoryEntry): Promise<boolean> {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: applicationKey(id),
        UpdateExpression: 'REMOVE claim SET history = list_append(history, :entry)',
        ConditionExpression: holder === undefined ? 'attribute_exists(claim)' : 'claim.clerkId = :clerk',
        ExpressionAttributeValues: { ':entry': [entry], ...(holder === undefined ? {} : { ':clerk': holder }) },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

// --- Permit numbers ------------------------------------------------------------------------------

/** The next permit sequence number of a port and year: one atomic counter per port and year. */
export async function nextPermitSequence(port: string, year: string): Promise<number> {
  const { Attributes } = await documentClient.send(
    new UpdateCommand({
      TableName: TABLE_NAME,
      Key: { pk: `COUNTER#PERMIT#${port}#${year}`, sk: 'COUNTER' },
      UpdateExpression: 'ADD #sequence :one',
      ExpressionAttributeNames: { '#sequence': 'sequence' },
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(Attributes?.sequence);
}

/** Lane, submission and deadline of every application in a port's review queue (the SLA monitor's read). */
export async function listQueueDeadlines(port: string): Promise<Pick<ApplicationRecord, 'lane' | 'submittedAt' | 'reviewDeadline'>[]> {
  const rows: Pick<ApplicationRecord, 'lane' | 'submittedAt' | 'reviewDeadline'>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        IndexName: reviewQueueIndex.indexName,
        KeyConditionExpression: '#pk = :partition',
        ExpressionAttributeNames: { '#pk': reviewQueueIndex.partitionKey },
        ExpressionAttributeValues: { ':partition': queuePartition(port) },
        ProjectionExpression: 'lane, submittedAt, reviewDeadline',
        ExclusiveStartKey: startKey,
      }),
    );
    rows.push(...((page.Items ?? []) as typeof rows));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return rows;
}

/** When the oldest application still waiting for screening was accepted (ISO), if any. */
export async function oldestUnscreenedSubmittedAt(): Promise<string | undefined> {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      IndexName: intakeIndex.indexName,
      KeyConditionExpression: '#pk = :submitted',
      ExpressionAttributeNames: { '#pk': intakeIndex.partitionKey },
      ExpressionAttributeValues: { ':submitted': 'SUBMITTED' },
      Limit: 1,
    }),
  );
  const sortKey = Items?.[0]?.[intakeIndex.sortKey] as string | undefined;
  return sortKey?.split('#')[0];
}
