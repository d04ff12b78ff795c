/**
 * The review queue: pages of a port's open applications from a sparse index, and the deadlines the SLA
 * monitor summarises. A page is a Query bounded by its limit, so its cost does not grow with the queue.
 */
import type { ApplicationRecord } from '../../domain/application.ts';
import type { Lane } from '../../domain/review-clock.ts';
import { applicationKey, queueLanePrefix, queuePartition, queueSortKeyParts, reviewQueueByKindIndex, reviewQueueIndex } from '../../deployment/table.ts';
import { toApplicationRecord } from './application-store.ts';
import { queryAll, queryPage } from './table-io.ts';

export interface QueuePage {
  records: ApplicationRecord[];
  /** The key to continue after, or undefined on the last page. */
  lastKey?: Record<string, string>;
}

export interface QueueQuery {
  port: string;
  lane?: Lane;
  kind?: string;
  limit: number;
  startKey?: Record<string, string>;
}

const indexFor = (kind: string | undefined) => (kind ? reviewQueueByKindIndex : reviewQueueIndex);

/**
 * A page's continuation as an opaque cursor: the query it continues (port, lane, kind) and the queue
 * position of the last item. The key itself is rebuilt from these on the way back, never taken from the client.
 */
export function encodeQueueCursor(lastKey: Record<string, string>, query: Pick<QueueQuery, 'port' | 'lane' | 'kind'>): string {
  const cursor = { port: query.port, lane: query.lane ?? null, kind: query.kind ?? null, after: lastKey[reviewQueueIndex.sortKey] };
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

const sameQuery = (cursor: Record<string, unknown>, query: Pick<QueueQuery, 'port' | 'lane' | 'kind'>) =>
  cursor.port === query.port && cursor.lane === (query.lane ?? null) && cursor.kind === (query.kind ?? null);

/**
 * The continuation key inside a cursor handed back by a client, or undefined when the cursor was not
 * issued for this very query (another port, lane or kind) or is not one at all (made up, altered).
 */
export function decodeQueueCursor(cursor: string, query: Pick<QueueQuery, 'port' | 'lane' | 'kind'>): Record<string, string> | undefined {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!decoded || typeof decoded !== 'object' || Array.isArray(decoded)) return undefined;
  const fields = decoded as Record<string, unknown>;
  if (Object.keys(fields).sort().join() !== 'after,kind,lane,port' || !sameQuery(fields, query)) return undefined;
  const position = typeof fields.after === 'string' ? queueSortKeyParts(fields.after) : undefined;
  // A position outside the queried lane would not match the query's key condition.
  if (!position || (query.lane && position.lane !== query.lane)) return undefined;
  const index = indexFor(query.kind);
  return {
    ...applicationKey(position.id),
    [index.partitionKey]: queuePartition(query.port, query.kind),
    [index.sortKey]: fields.after as string,
  };
}

/** One page of a port's review queue, in lane order then earliest deadline. */
export async function queryReviewQueue(query: QueueQuery): Promise<QueuePage> {
  const index = indexFor(query.kind);
  const { items, lastKey } = await queryPage({
    IndexName: index.indexName,
    KeyConditionExpression: `#pk = :partition${query.lane ? ' AND begins_with(#sk, :lanePrefix)' : ''}`,
    ExpressionAttributeNames: { '#pk': index.partitionKey, ...(query.lane ? { '#sk': index.sortKey } : {}) },
    ExpressionAttributeValues: {
      ':partition': queuePartition(query.port, query.kind),
      ...(query.lane ? { ':lanePrefix': queueLanePrefix(query.lane) } : {}),
    },
    Limit: query.limit,
    ExclusiveStartKey: query.startKey,
  });
  return { records: items.map(toApplicationRecord), ...(lastKey ? { lastKey: lastKey as Record<string, string> } : {}) };
}

export type QueueDeadline = Pick<ApplicationRecord, 'lane' | 'submittedAt' | 'reviewDeadline'>;

/** Lane, submission and deadline of every application in a port's review queue (the SLA monitor's read). */
export async function listQueueDeadlines(port: string): Promise<QueueDeadline[]> {
  const items = await queryAll({
    IndexName: reviewQueueIndex.indexName,
    KeyConditionExpression: '#pk = :partition',
    ExpressionAttributeNames: { '#pk': reviewQueueIndex.partitionKey },
    ExpressionAttributeValues: { ':partition': queuePartition(port) },
    ProjectionExpression: 'lane, submittedAt, reviewDeadline',
  });
  return items as QueueDeadline[];
}
