/**
 * The application store: the only code that talks to the table. It takes and returns domain types;
 * every state change is one conditional write that also appends its history entry.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ApplicationRecord, Flag, HistoryEntry, Status } from './application.ts';
import { documentClient } from './aws-clients.ts';
import { loadConfig } from './config.ts';
import { laneRank } from './review-clock.ts';
import { intakeIndex, reviewQueueIndex, timeToLiveAttribute } from './table.ts';

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

/**
 * Screening done: `SUBMITTED` becomes `PENDING_REVIEW` with its flags and joins the port's review queue.
 * `already-screened` when a redelivered message finds the work done.
 */
export async function completeScreening(
  record: ApplicationRecord,
  flags: Flag[],
  entry: HistoryEntry,
): Promise<'screened' | 'already-screened'> {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: TABLE_NAME,
        Key: applicationKey(record.id),
        UpdateExpression:
          'SET #status = :to, flags = :flags, history = list_append(history, :entry), version = version + :one, ' +
          '#queuePk = :queuePk, #queueKindPk = :queueKindPk, #queueSk = :queueSk REMOVE #intakePk, #intakeSk',
        ConditionExpression: '#status = :from',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#queuePk': reviewQueueIndex.partitionKey,
          '#queueKindPk': 'queueKindPk',
          '#queueSk': reviewQueueIndex.sortKey,
          '#intakePk': intakeIndex.partitionKey,
          '#intakeSk': intakeIndex.sortKey,
        },
        ExpressionAttributeValues: {
          ':from': 'SUBMITTED' satisfies Status,
          ':to': 'PENDING_REVIEW' satisfies Status,
          ':flags': flags,
          ':entry': [entry],
          ':one': 1,
          ':queuePk': `QUEUE#${record.port}`,
          ':queueKindPk': `QUEUE#${record.port}#${record.kind}`,
          ':queueSk': queueSortKey(record),
        },
      }),
    );
    return 'screened';
  } catch (error) {
    if (isConditionFailure(error)) return 'already-screened';
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

/** Idempotent: a redelivered screening writes the same markers again. */
export async function putDocumentMarkers(port: string, documentNumbers: string[], marker: DocumentMarker): Promise<void> {
  const unique = [...new Set(documentNumbers)];
  for (let start = 0; start < unique.length; start += 25) {
    await writeAll({
      [TABLE_NAME]: unique.slice(start, start + 25).map((documentNumber) => ({
        PutRequest: { Item: { ...markerKey(port, documentNumber, marker.applicationId), ...marker } },
      })),
    });
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
  const statusesById = new Map<string, Status>();
  for (let start = 0; start < ids.length; start += 100) {
    let keys: Record<string, unknown>[] = ids.slice(start, start + 100).map(applicationKey);
    for (let attempt = 0; keys.length > 0 && attempt < 5; attempt++) {
      const result = await documentClient.send(
        new BatchGetCommand({
          RequestItems: {
            [TABLE_NAME]: { Keys: keys, ProjectionExpression: 'id, #status', ExpressionAttributeNames: { '#status': 'status' } },
          },
        }),
      );
      for (const item of result.Responses?.[TABLE_NAME] ?? []) statusesById.set(item.id as string, item.status as Status);
      keys = (result.UnprocessedKeys?.[TABLE_NAME]?.Keys ?? []) as Record<string, unknown>[];
    }
    if (keys.length > 0) throw new Error('BatchGet left keys unprocessed after retries');
  }
  return statusesById;
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
  const found: WatchListEntry[] = [];
  for (let start = 0; start < unique.length; start += 100) {
    let keys: Record<string, unknown>[] = unique.slice(start, start + 100).map((c) => watchListKey(c.kind, c.value));
    for (let attempt = 0; keys.length > 0 && attempt < 5; attempt++) {
      const result = await documentClient.send(new BatchGetCommand({ RequestItems: { [TABLE_NAME]: { Keys: keys } } }));
      for (const item of result.Responses?.[TABLE_NAME] ?? []) {
        found.push({ kind: item.kind, value: item.value, reason: item.reason } as WatchListEntry);
      }
      keys = (result.UnprocessedKeys?.[TABLE_NAME]?.Keys ?? []) as Record<string, unknown>[];
    }
    if (keys.length > 0) throw new Error('BatchGet left keys unprocessed after retries');
  }
  return found;
}

async function writeAll(requestItems: Record<string, unknown[]>): Promise<void> {
  let pending: Record<string, unknown[]> | undefined = requestItems;
  for (let attempt = 0; pending && Object.keys(pending).length > 0 && attempt < 5; attempt++) {
    const result = await documentClient.send(new BatchWriteCommand({ RequestItems: pending as never }));
    pending = result.UnprocessedItems as Record<string, unknown[]> | undefined;
  }
  if (pending && Object.keys(pending).length > 0) throw new Error('BatchWrite left items unprocessed after retries');
}
