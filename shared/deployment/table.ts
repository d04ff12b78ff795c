/**
 * The single table: its key schema, its sparse indexes (with their projections) and the key layout of
 * every record kind. The stateful stack, the local table, the stores and the benchmark's seeders all read
 * this module, so none of them can drift from the others (a test compares the local table with the
 * synthesized one).
 */
import { isApplicationId } from '../domain/application.ts';
import { applicationKinds, lanesOfKind, type Lane } from '../domain/review-clock.ts';
import type { ApplicationKind } from '../domain/schemas.ts';

export const tableKeys = { partitionKey: 'pk', sortKey: 'sk' } as const;

export type IndexProjection = { type: 'ALL' } | { type: 'KEYS_ONLY' } | { type: 'INCLUDE'; nonKeyAttributes: readonly string[] };

export interface IndexDefinition {
  indexName: string;
  partitionKey: string;
  sortKey: string;
  projection: IndexProjection;
}

/** Open applications of a port awaiting a clerk, in queue order: earliest deadline first, whatever the lane. */
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

/**
 * The same queue split by kind and lane (`medical` holds tourism only, `perishable` cargo only,
 * `standard` both), so the lane filter, alone or with a kind, is one or two bounded Queries too.
 */
export const reviewQueueByLaneIndex = {
  indexName: 'review-queue-by-lane',
  partitionKey: 'queueLanePk',
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

/**
 * Revoked permits that could still be presented, by their last valid day: the checkpoints' revocation
 * list. Keys only, so no holder's data is copied here; the sort key carries what the list shows.
 */
export const revocationsIndex = {
  indexName: 'revocations',
  partitionKey: 'revokedPk',
  sortKey: 'revokedSk',
  projection: { type: 'KEYS_ONLY' },
} as const satisfies IndexDefinition;

/** Rule approvals sampled for audit, per port and audit list (`pending`, `referred`), oldest first. */
export const auditIndex = {
  indexName: 'audit',
  partitionKey: 'auditPk',
  sortKey: 'auditSk',
  projection: { type: 'ALL' },
} as const satisfies IndexDefinition;

/** Applications with messages not yet delivered, oldest first: what the notification repair job re-enqueues. */
export const outboxIndex = {
  indexName: 'outbox',
  partitionKey: 'outboxPk',
  sortKey: 'outboxSk',
  projection: { type: 'INCLUDE', nonKeyAttributes: ['id'] },
} as const satisfies IndexDefinition;

export const tableIndexes: readonly IndexDefinition[] = [reviewQueueIndex, reviewQueueByKindIndex, intakeIndex, revocationsIndex, auditIndex, outboxIndex, reviewQueueByLaneIndex];

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

/** What concerns one document at one port lives in one partition. */
export const documentPartitionPrefix = 'DOC#';
export const documentPartition = (port: string, documentNumber: string) => `${documentPartitionPrefix}${port}#${documentNumber}`;

/**
 * The document's list of applications (domain/document-lists.ts), one item read by key: each application
 * is an attribute named by its id, holding the list of date windows it applied for (`[{ from, to }]`), so
 * adding or removing one is a single UpdateItem that leaves the others alone.
 */
export const documentListKey = (port: string, documentNumber: string): ItemKey => ({ pk: documentPartition(port, documentNumber), sk: 'APPLICATIONS' });
export const documentListAttributes = (applicationId: string, window: { from: string; to: string }) => ({
  [applicationId]: [{ from: window.from, to: window.to }],
});

/**
 * Before the lists, each application had a marker item of its own here (`APP#<id>`, with `applicationId`,
 * `from`, `to`); only the backfill that moves them into the lists reads them.
 */
export const legacyDocumentMarkerPrefix = 'APP#';

export const watchListKey = (kind: string, value: string): ItemKey => ({ pk: `WATCH#${kind}#${value}`, sk: 'WATCH' });

export const permitCounterKey = (port: string, year: string): ItemKey => ({ pk: `COUNTER#PERMIT#${port}#${year}`, sk: 'COUNTER' });

/** Every version of a port's policy shares one partition; the highest version is the policy in force. */
export const policyPartition = (port: string) => `POLICY#${port}`;
export const policyVersionPrefix = 'VERSION#';
export const policyVersionKey = (port: string, version: number): ItemKey => ({
  pk: policyPartition(port),
  sk: `${policyVersionPrefix}${String(version).padStart(10, '0')}`,
});

/** The review queue's partitions: a port's whole queue, one kind of it, or one kind in one lane. */
export const queuePartition = (port: string, kind?: string, lane?: Lane) =>
  ['QUEUE', port, ...(kind ? [kind] : []), ...(kind && lane ? [lane] : [])].join('#');

/** Queue order within every partition: the deadline (epoch ms, 15 digits), then the id for uniqueness. */
export const queueSortKey = (reviewDeadline: string, id: string) => `${String(Date.parse(reviewDeadline)).padStart(15, '0')}#${id}`;

/**
 * The application id inside a queue sort key, or undefined when it is not one (a key handed back by a
 * client). The first layout put a lane rank (`1#` to `3#`) in front; such keys remain readable until
 * `npm run migrate:queue-order` has re-keyed them (docs/deploy.md).
 */
export function queueSortKeyParts(sortKey: string): { id: string } | undefined {
  const match = /^(?:[1-3]#)?\d{15}#([^#]+)$/.exec(sortKey);
  return match && isApplicationId(match[1]!) ? { id: match[1]! } : undefined;
}

/** Every key of the first layout sorts after this one (they start with a lane rank, the deadline-first keys with 0). */
export const legacyQueueSortKeyFloor = '1';

/**
 * Where a view of a port's queue lives: the index and the partitions whose merge, in sort-key order, is
 * the view. One partition, except the `standard` lane without a kind (its tourism and cargo halves); none
 * for a lane the kind never has.
 */
export function queueView(view: { port: string; lane?: Lane; kind?: ApplicationKind }): { index: IndexDefinition; partitions: string[] } {
  if (!view.lane) return { index: view.kind ? reviewQueueByKindIndex : reviewQueueIndex, partitions: [queuePartition(view.port, view.kind)] };
  const kinds = applicationKinds.filter((kind) => (!view.kind || kind === view.kind) && lanesOfKind[kind].includes(view.lane!));
  return { index: reviewQueueByLaneIndex, partitions: kinds.map((kind) => queuePartition(view.port, kind, view.lane)) };
}

/** The queue attributes an application carries while it awaits a clerk. */
export const queueAttributes = (application: { id: string; port: string; kind: string; lane: Lane; reviewDeadline: string }) => ({
  [reviewQueueIndex.partitionKey]: queuePartition(application.port),
  [reviewQueueByKindIndex.partitionKey]: queuePartition(application.port, application.kind),
  [reviewQueueByLaneIndex.partitionKey]: queuePartition(application.port, application.kind, application.lane),
  [reviewQueueIndex.sortKey]: queueSortKey(application.reviewDeadline, application.id),
});

/** Every attribute that puts an application in the review queue: what leaving it removes. */
export const queueKeyAttributes = [reviewQueueIndex.partitionKey, reviewQueueByKindIndex.partitionKey, reviewQueueByLaneIndex.partitionKey, reviewQueueIndex.sortKey];

export const intakePartition = 'SUBMITTED';

/** The intake attributes an application carries until it is screened. */
export const intakeAttributes = (application: { id: string; submittedAt: string }) => ({
  [intakeIndex.partitionKey]: intakePartition,
  [intakeIndex.sortKey]: `${application.submittedAt}#${application.id}`,
});

export const revocationsPartition = 'REVOKED';

/** Last valid day, permit number, revocation time: `#` appears in none of them. */
const revocationSortKey = (revoked: { validUntil: string; number: string; revokedAt: string }) =>
  `${revoked.validUntil}#${revoked.number}#${revoked.revokedAt}`;

export function parseRevocationSortKey(sortKey: string): { validUntil: string; number: string; revokedAt: string } | undefined {
  const [validUntil, number, revokedAt, ...rest] = sortKey.split('#');
  return validUntil && number && revokedAt && rest.length === 0 ? { validUntil, number, revokedAt } : undefined;
}

/** The attributes the revoking write adds, which put the permit on the revocation list. */
export const revocationAttributes = (revoked: { validUntil: string; number: string; revokedAt: string }) => ({
  [revocationsIndex.partitionKey]: revocationsPartition,
  [revocationsIndex.sortKey]: revocationSortKey(revoked),
});

export type AuditList = 'pending' | 'referred';

export const auditPartition = (port: string, list: AuditList) => `AUDIT#${port}#${list}`;

/**
 * The audit attributes a sampled rule approval carries while it is on an audit list, ordered by when it
 * joined the list (approval for `pending`, referral for `referred`), to the millisecond.
 */
export const auditAttributes = (application: { id: string; port: string; list: AuditList; sinceMs: number }) => ({
  [auditIndex.partitionKey]: auditPartition(application.port, application.list),
  [auditIndex.sortKey]: `${String(application.sinceMs).padStart(15, '0')}#${application.id}`,
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
