/**
 * The review queue: pages of a port's open applications from sparse indexes, earliest deadline first,
 * and the deadlines the SLA monitor summarises. A page reads at most `limit` items from each partition of
 * its view (one, or two for the `standard` lane), so its cost does not grow with the queue.
 */
import type { ApplicationRecord } from '../../domain/application.ts';
import type { Lane } from '../../domain/review-clock.ts';
import type { ApplicationKind } from '../../domain/schemas.ts';
import {
  applicationKey,
  legacyQueueSortKeyFloor,
  queueAttributes,
  queuePartition,
  queueSortKeyParts,
  queueView,
  reviewQueueIndex,
} from '../../deployment/table.ts';
import { toApplicationRecord } from './application-store.ts';
import { conditionalWrite, decodeCursor, encodeCursor, queryAll, queryPage, type Item } from './table-io.ts';

export interface QueuePage {
  records: ApplicationRecord[];
  /** The queue position to continue after, or undefined on the last page. */
  after?: string;
}

export interface QueueView {
  port: string;
  lane?: Lane;
  kind?: ApplicationKind;
}

export interface QueueQuery extends QueueView {
  limit: number;
  /** Continue after this queue position (a sort key); from the start when absent. */
  after?: string;
}

const sortKeyOf = (item: Item) => item[reviewQueueIndex.sortKey] as string;

/**
 * A page's continuation as an opaque cursor: the view it continues (port, lane, kind) and the queue
 * position of the last item. The position is checked on the way back, never used as a raw key.
 */
export function encodeQueueCursor(after: string, view: QueueView): string {
  return encodeCursor({ port: view.port, lane: view.lane ?? null, kind: view.kind ?? null, after });
}

const sameView = (cursor: Record<string, unknown>, view: QueueView) =>
  cursor.port === view.port && cursor.lane === (view.lane ?? null) && cursor.kind === (view.kind ?? null);

/**
 * The position inside a cursor handed back by a client, or undefined when the cursor was not issued for
 * this very view (another port, lane or kind) or is not one at all (made up, altered).
 */
export function decodeQueueCursor(cursor: string, view: QueueView): string | undefined {
  const fields = decodeCursor(cursor);
  if (!fields || Object.keys(fields).sort().join() !== 'after,kind,lane,port' || !sameView(fields, view)) return undefined;
  return typeof fields.after === 'string' && queueSortKeyParts(fields.after) ? fields.after : undefined;
}

/** One page of a view of a port's review queue, earliest deadline first. */
export async function queryReviewQueue(query: QueueQuery): Promise<QueuePage> {
  const { index, partitions } = queueView(query);
  const pages = await Promise.all(
    partitions.map((partition) =>
      queryPage({
        IndexName: index.indexName,
        KeyConditionExpression: `#pk = :partition${query.after ? ' AND #sk > :after' : ''}`,
        ExpressionAttributeNames: { '#pk': index.partitionKey, ...(query.after ? { '#sk': index.sortKey } : {}) },
        ExpressionAttributeValues: { ':partition': partition, ...(query.after ? { ':after': query.after } : {}) },
        Limit: query.limit,
      }),
    ),
  );
  // Each partition is in sort-key order already: merging them keeps the order, and the first `limit` are the page.
  const merged = pages.flatMap((page) => page.items).sort((left, right) => (sortKeyOf(left) < sortKeyOf(right) ? -1 : 1));
  const items = merged.slice(0, query.limit);
  const more = merged.length > query.limit || pages.some((page) => page.lastKey !== undefined);
  return { records: items.map(toApplicationRecord), ...(more && items.length > 0 ? { after: sortKeyOf(items.at(-1)!) } : {}) };
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

/**
 * Moves a port's queue entries written with the first, lane-first key layout to the deadline-first one
 * (and into the lane index). Reads only those entries; each move is conditional on the entry being
 * unchanged, so an application that left the queue meanwhile is skipped. Returns how many moved.
 */
export async function rekeyLegacyQueueEntries(port: string): Promise<number> {
  const legacy = await queryAll({
    IndexName: reviewQueueIndex.indexName,
    KeyConditionExpression: '#pk = :partition AND #sk > :floor',
    ExpressionAttributeNames: { '#pk': reviewQueueIndex.partitionKey, '#sk': reviewQueueIndex.sortKey },
    ExpressionAttributeValues: { ':partition': queuePartition(port), ':floor': legacyQueueSortKeyFloor },
  });
  let moved = 0;
  for (const item of legacy) {
    const record = toApplicationRecord(item);
    const attributes = Object.entries(queueAttributes(record));
    const written = await conditionalWrite({
      update: {
        Key: applicationKey(record.id),
        UpdateExpression: `SET ${attributes.map((_, index) => `#a${index} = :a${index}`).join(', ')}`,
        ConditionExpression: '#sk = :legacy',
        ExpressionAttributeNames: { '#sk': reviewQueueIndex.sortKey, ...Object.fromEntries(attributes.map(([name], index) => [`#a${index}`, name])) },
        ExpressionAttributeValues: { ':legacy': sortKeyOf(item), ...Object.fromEntries(attributes.map(([, value], index) => [`:a${index}`, value])) },
      },
    });
    if (written) moved++;
  }
  return moved;
}
