/**
 * The review queue: pages of a port's open applications from a sparse index, and the deadlines the SLA
 * monitor summarises. A page is a Query bounded by its limit, so its cost does not grow with the queue.
 */
import type { ApplicationRecord } from '../../domain/application.ts';
import type { Lane } from '../../domain/review-clock.ts';
import { queueLanePrefix, queuePartition, reviewQueueByKindIndex, reviewQueueIndex, tableKeys } from '../../deployment/table.ts';
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

/** A page's continuation key as an opaque cursor for the client. */
export const encodeQueueCursor = (lastKey: Record<string, string>) => Buffer.from(JSON.stringify(lastKey)).toString('base64url');

/**
 * The continuation key inside a cursor handed back by a client, or undefined when it is not a key of this
 * query's index and partition (a cursor from another queue, or one made up).
 */
export function decodeQueueCursor(cursor: string, query: Pick<QueueQuery, 'port' | 'kind'>): Record<string, string> | undefined {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const index = indexFor(query.kind);
  const attributes = [tableKeys.partitionKey, tableKeys.sortKey, index.partitionKey, index.sortKey];
  if (!key || typeof key !== 'object' || Array.isArray(key)) return undefined;
  const record = key as Record<string, unknown>;
  const wellFormed =
    Object.keys(record).length === attributes.length &&
    attributes.every((attribute) => typeof record[attribute] === 'string') &&
    record[index.partitionKey] === queuePartition(query.port, query.kind);
  return wellFormed ? (record as Record<string, string>) : undefined;
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
