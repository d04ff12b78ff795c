/**
 * The single table: its key schema, its sparse indexes (with their projections) and the key layout of
 * every record kind. The stateful stack, the local table, the stores and the benchmark's seeders all read
 * this module, so none of them can drift from the others (a test compares the local table with the
 * synthesized one).
 */
import { laneRank, type Lane } from '../domain/review-clock.ts';

export const tableKeys = { partitionKey: 'pk', sortKey: 'sk' } as const;

export type IndexProjection = { type: 'ALL' } | { type: 'INCLUDE'; nonKeyAttributes: readonly string[] };

export interface IndexDefinition {
  indexName: string;
  partitionKey: string;
  sortKey: string;
  projection: IndexProjection;
}

/** Open applications of a port awaiting a clerk, in queue order (lane rank, then deadline). */
export const reviewQueueIndex = {
  indexName: 'review-queue',
  partitionKey: 'queuePk',
  sortKey: 'queueSk',
  projection: { type: 'ALL' },
} as const satisfies IndexDefinition;

/** The same queue split by application kind, so the `kind` filter is a Query too. */
export const reviewQueueByKindIndex = {
  indexName: 'review-queue-by-kind',
  partitionKey: 'queueKindPk',
  sortKey: 'queueSk',
  projection: { type: 'ALL' },
} as const satisfies IndexDefinition;

/** Applications accepted but not yet screened, oldest first: what the intake repair job re-enqueues. */
export const intakeIndex = {
  indexName: 'intake',
  partitionKey: 'intakePk',
  sortKey: 'intakeSk',
  projection: { type: 'INCLUDE', nonKeyAttributes: ['id'] },
} as const satisfies IndexDefinition;

/** Applications with messages not yet delivered, oldest first: what the notification repair job re-enqueues. */
export const outboxIndex = {
  indexName: 'outbox',
  partitionKey: 'outboxPk',
  sortKey: 'outboxSk',
  projection: { type: 'INCLUDE', nonKeyAttributes: ['id'] },
} as const satisfies IndexDefinition;

export const tableIndexes: readonly IndexDefinition[] = [reviewQueueIndex, reviewQueueByKindIndex, intakeIndex, outboxIndex];

/** Epoch seconds after which DynamoDB's TTL may delete an item (idempotency records). */
export const timeToLiveAttribute = 'expiresAt';

/** Every attribute that is part of a key of the table or an index: never a domain field. */
export const keyAttributes: readonly string[] = [
  tableKeys.partitionKey,
  tableKeys.sortKey,
  ...new Set(tableIndexes.flatMap((index) => [index.partitionKey, index.sortKey])),
];

// --- Key layout: where each record kind lives -----------------------------------------------------

export type ItemKey = { pk: string; sk: string };

export const applicationKey = (id: string): ItemKey => ({ pk: `APP#${id}`, sk: 'APPLICATION' });

export const idempotencyKey = (keyHash: string): ItemKey => ({ pk: `IDEMPOTENCY#${keyHash}`, sk: 'IDEMPOTENCY' });

/** All open applications that name a document at a port share one partition. */
export const documentMarkerPartition = (port: string, documentNumber: string) => `DOC#${port}#${documentNumber}`;
export const documentMarkerKey = (port: string, documentNumber: string, applicationId: string): ItemKey => ({
  pk: documentMarkerPartition(port, documentNumber),
  sk: `APP#${applicationId}`,
});

export const watchListKey = (kind: string, value: string): ItemKey => ({ pk: `WATCH#${kind}#${value}`, sk: 'WATCH' });

export const permitCounterKey = (port: string, year: string): ItemKey => ({ pk: `COUNTER#PERMIT#${port}#${year}`, sk: 'COUNTER' });

/** The review queue's partition: a port's whole queue, or one kind of it. */
export const queuePartition = (port: string, kind?: string) => (kind ? `QUEUE#${port}#${kind}` : `QUEUE#${port}`);

/** Queue order within a partition: lane rank, then the deadline, then the id for uniqueness. */
export const queueSortKey = (lane: Lane, reviewDeadline: string, id: string) =>
  `${laneRank[lane]}#${String(Date.parse(reviewDeadline)).padStart(15, '0')}#${id}`;

/** The prefix of one lane's stretch of the queue order. */
export const queueLanePrefix = (lane: Lane) => `${laneRank[lane]}#`;

/** The queue attributes an application carries while it awaits a clerk. */
export const queueAttributes = (application: { id: string; port: string; kind: string; lane: Lane; reviewDeadline: string }) => ({
  [reviewQueueIndex.partitionKey]: queuePartition(application.port),
  [reviewQueueByKindIndex.partitionKey]: queuePartition(application.port, application.kind),
  [reviewQueueIndex.sortKey]: queueSortKey(application.lane, application.reviewDeadline, application.id),
});

export const intakePartition = 'SUBMITTED';

/** The intake attributes an application carries until it is screened. */
export const intakeAttributes = (application: { id: string; submittedAt: string }) => ({
  [intakeIndex.partitionKey]: intakePartition,
  [intakeIndex.sortKey]: `${application.submittedAt}#${application.id}`,
});

export const outboxPartition = 'UNDELIVERED';

/** The outbox attributes an application carries while a message waits; the sort key keeps the oldest wait. */
export const outboxAttributes = (application: { id: string }, since: string) => ({
  [outboxIndex.partitionKey]: outboxPartition,
  [outboxIndex.sortKey]: `${since}#${application.id}`,
});

/** Lambda's SQS event source and the local poller use the same receive settings. */
export const intakeQueueSettings = {
  batchSize: 10,
  visibilityTimeoutSeconds: 180,
  maxReceiveCount: 5,
  retentionDays: 14,
} as const;

/** The notification queue: the same receive settings, a visibility timeout six times the sender's timeout. */
export const notificationQueueSettings = {
  batchSize: 10,
  visibilityTimeoutSeconds: 180,
  maxReceiveCount: 5,
  retentionDays: 14,
} as const;
