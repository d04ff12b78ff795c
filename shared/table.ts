/**
 * The single table's key schema and sparse indexes. The stateful stack and the local runner both build
 * the table from this definition, so they cannot drift.
 */
export const tableKeys = { partitionKey: 'pk', sortKey: 'sk' } as const;

export interface IndexDefinition {
  indexName: string;
  partitionKey: string;
  sortKey: string;
}

/** Open applications of a port awaiting a clerk, in queue order (lane rank, then deadline). */
export const reviewQueueIndex = {
  indexName: 'review-queue',
  partitionKey: 'queuePk',
  sortKey: 'queueSk',
} as const satisfies IndexDefinition;

/** The same queue split by application kind, so the `kind` filter is a Query too. */
export const reviewQueueByKindIndex = {
  indexName: 'review-queue-by-kind',
  partitionKey: 'queueKindPk',
  sortKey: 'queueSk',
} as const satisfies IndexDefinition;

/** Applications accepted but not yet screened, oldest first: what the intake repair job re-enqueues. */
export const intakeIndex = {
  indexName: 'intake',
  partitionKey: 'intakePk',
  sortKey: 'intakeSk',
} as const satisfies IndexDefinition;

export const tableIndexes: readonly IndexDefinition[] = [reviewQueueIndex, reviewQueueByKindIndex, intakeIndex];

/** Epoch seconds after which DynamoDB's TTL may delete an item (idempotency records). */
export const timeToLiveAttribute = 'expiresAt';

/** Lambda's SQS event source and the local poller use the same receive settings. */
export const intakeQueueSettings = {
  batchSize: 10,
  visibilityTimeoutSeconds: 180,
  maxReceiveCount: 5,
  retentionDays: 14,
} as const;
