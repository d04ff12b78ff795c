/**
 * Applications: create, read, and the one way an application changes, a single conditional UpdateItem
 * that checks what must still be true and appends the history entry in the same write.
 */
import type { ApplicationRecord, Claim, HistoryEntry, ScreeningRecord, Status } from '../../domain/application.ts';
import type { OutboxAddition } from '../../domain/notifications.ts';
import {
  applicationKey,
  auditAttributes,
  auditIndex,
  type AuditList,
  intakeAttributes,
  intakeIndex,
  intakePartition,
  outboxAttributes,
  outboxIndex,
  outboxPartition,
  queueAttributes,
  queueKeyAttributes,
  revocationAttributes,
} from '../../deployment/table.ts';
import { batchGetAll, conditionalWrite, getItem, idsWaitingBefore, queryAll, withoutKeys, type Item } from './table-io.ts';

export const toApplicationRecord = (item: Item) => withoutKeys(item) as unknown as ApplicationRecord;

export async function getApplication(id: string): Promise<ApplicationRecord | undefined> {
  const item = await getItem(applicationKey(id));
  return item ? toApplicationRecord(item) : undefined;
}

/** Several applications in consistent BatchGetItem calls; ids not found are left out. */
export async function getApplications(ids: string[]): Promise<Map<string, ApplicationRecord>> {
  const items = await batchGetAll([...new Set(ids)].map(applicationKey), { consistentRead: true });
  return new Map(items.map((item) => [item.id as string, toApplicationRecord(item)]));
}

/** Every attribute of a ScreeningRecord, and only those (the type says so): the projection of screening's read. */
const screeningAttributes: Record<keyof ScreeningRecord, true> = {
  id: true, kind: true, port: true, lane: true, status: true, submittedAt: true, reviewDeadline: true,
  application: true, version: true, outbox: true, outboxPending: true,
};

/** Some applications by id, `attributes` of each, in consistent BatchGetItem calls; ids not found are left out. */
async function readByIds<Read>(ids: string[], attributes: string[]): Promise<Map<string, Read>> {
  const items = await batchGetAll([...new Set(ids)].map(applicationKey), { consistentRead: true, projection: [...new Set(['id', ...attributes])] });
  return new Map(items.map((item) => [item.id as string, item as Read]));
}

/** Several applications as screening needs them. */
export const getApplicationsForScreening = (ids: string[]) => readByIds<ScreeningRecord>(ids, Object.keys(screeningAttributes));

/** The status and content of some applications: what confirms a duplicate. */
export const getStatusesAndContent = (ids: string[]) => readByIds<Pick<ApplicationRecord, 'port' | 'status' | 'application'>>(ids, ['port', 'status', 'application']);

/** The item a new application is stored as: the record, its key, and the sparse index entries it starts on. */
export const applicationItem = (record: ApplicationRecord) => ({
  ...applicationKey(record.id),
  ...record,
  ...intakeAttributes(record),
  ...(record.outboxPending ? outboxAttributes(record, record.submittedAt) : {}),
});

/** Stores a new `SUBMITTED` application; `exists` when the id is already taken (a replayed submission). */
export async function createApplication(record: ApplicationRecord): Promise<'created' | 'exists'> {
  const created = await conditionalWrite({ put: { Item: applicationItem(record), ConditionExpression: 'attribute_not_exists(pk)' } });
  return created ? 'created' : 'exists';
}

/** What a transition may write: everything but identity, status, history, version and outbox, which it manages. */
export type MutableFields = Omit<
  ApplicationRecord,
  'id' | 'kind' | 'port' | 'lane' | 'status' | 'submittedAt' | 'accessTokenHash' | 'history' | 'version' | 'outbox' | 'outboxPending'
>;

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
  set?: Partial<MutableFields>;
  remove?: readonly (keyof MutableFields)[];
  /** Join the port's review queue with this deadline, or leave it. */
  queue?: { join: Pick<ApplicationRecord, 'port' | 'kind' | 'lane' | 'reviewDeadline'> } | 'leave';
  /** Put the permit on the checkpoints' revocation list, in the revoking write itself. */
  listRevoked?: { validUntil: string; number: string; revokedAt: string };
  /** Join one of the port's audit lists (a sampled rule approval), or leave whichever it is on. */
  auditList?: { join: { port: string; list: AuditList; sinceMs: number } } | 'leave';
  /** The applicant's messages about this change (domain/notifications.ts `outboxAddition`), written with it. */
  notify?: OutboxAddition;
}

/** Builds `#port IN (...)` for the caller's ports; an empty list can never match, so the caller stops first. */
function portCondition(ports: readonly string[], names: Record<string, string>, values: Record<string, unknown>): string {
  names['#port'] = 'port';
  for (const [index, port] of ports.entries()) values[`:port${index}`] = port;
  return `#port IN (${ports.map((_, index) => `:port${index}`).join(', ')})`;
}

/**
 * The one way an application changes status: a single conditional UpdateItem that checks what must still
 * be true and appends the history entry in the same write. `false` when a condition no longer holds.
 */
export async function applyTransition(transition: Transition): Promise<boolean> {
  if (transition.ports && transition.ports.length === 0) return false;
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ':to': transition.to, ':entry': [transition.entry], ':one': 1 };
  const sets = ['#status = :to', 'history = list_append(history, :entry)', 'version = version + :one'];
  const removes: string[] = [];
  const conditions: string[] = ['attribute_exists(pk)'];

  for (const [index, status] of transition.from.entries()) values[`:from${index}`] = status;
  conditions.push(`#status IN (${transition.from.map((_, index) => `:from${index}`).join(', ')})`);
  if (transition.ports) conditions.push(portCondition(transition.ports, names, values));
  if (transition.claimHolder) {
    values[':clerk'] = transition.claimHolder.clerkId;
    values[':now'] = transition.claimHolder.nowMs;
    conditions.push('claim.clerkId = :clerk AND claim.expiresAtMs > :now');
  }
  if (transition.version !== undefined) {
    values[':version'] = transition.version;
    conditions.push('version = :version');
  }
  const setAttribute = (attribute: string, value: unknown) => {
    const index = sets.length;
    names[`#set${index}`] = attribute;
    values[`:set${index}`] = value;
    sets.push(`#set${index} = :set${index}`);
  };
  const removeAttribute = (attribute: string) => {
    names[`#remove${removes.length}`] = attribute;
    removes.push(`#remove${removes.length}`);
  };
  for (const [attribute, value] of Object.entries(transition.set ?? {})) setAttribute(attribute, value);
  for (const attribute of transition.remove ?? []) removeAttribute(attribute);

  if (transition.queue === 'leave') for (const attribute of queueKeyAttributes) removeAttribute(attribute);
  else if (transition.queue) {
    for (const [attribute, value] of Object.entries(queueAttributes({ id: transition.id, ...transition.queue.join }))) setAttribute(attribute, value);
  }
  if (transition.listRevoked) for (const [attribute, value] of Object.entries(revocationAttributes(transition.listRevoked))) setAttribute(attribute, value);
  if (transition.auditList === 'leave') for (const attribute of [auditIndex.partitionKey, auditIndex.sortKey]) removeAttribute(attribute);
  else if (transition.auditList) {
    for (const [attribute, value] of Object.entries(auditAttributes({ id: transition.id, ...transition.auditList.join }))) setAttribute(attribute, value);
  }
  if (transition.from.includes('SUBMITTED')) for (const attribute of [intakeIndex.partitionKey, intakeIndex.sortKey]) removeAttribute(attribute);
  if (transition.notify) addToOutbox(transition.id, transition.notify, transition.entry.at, { sets, conditions, names, values });

  return conditionalWrite({
    update: {
      Key: applicationKey(transition.id),
      UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  });
}

/**
 * Adds a transition's messages to the outbox in its own write: the entries, the pending count, and the
 * sparse index entry the repair job reads (keeping the time of the oldest message still waiting).
 */
function addToOutbox(
  id: string,
  addition: OutboxAddition,
  at: string,
  expression: { sets: string[]; conditions: string[]; names: Record<string, string>; values: Record<string, unknown> },
): void {
  const { sets, conditions, names, values } = expression;
  const entries = Object.entries(addition.entries);
  if (entries.length === 0) return;
  names['#outbox'] = 'outbox';
  if (addition.outboxExists) {
    for (const [index, [key, entry]] of entries.entries()) {
      names[`#outboxKey${index}`] = key;
      values[`:outboxEntry${index}`] = entry;
      sets.push(`#outbox.#outboxKey${index} = :outboxEntry${index}`);
    }
  } else {
    // A record from before the outbox has no map to add paths to: the write creates it, if still absent.
    values[':outbox'] = addition.entries;
    sets.push('#outbox = :outbox');
    conditions.push('attribute_not_exists(#outbox)');
  }
  const indexEntry = outboxAttributes({ id }, at);
  Object.assign(names, { '#outboxPending': 'outboxPending', '#outboxPk': outboxIndex.partitionKey, '#outboxSk': outboxIndex.sortKey });
  Object.assign(values, {
    ':noneYet': 0,
    ':added': entries.length,
    ':outboxPk': outboxPartition,
    ':outboxSk': indexEntry[outboxIndex.sortKey],
  });
  sets.push(
    '#outboxPending = if_not_exists(#outboxPending, :noneYet) + :added',
    '#outboxPk = :outboxPk',
    '#outboxSk = if_not_exists(#outboxSk, :outboxSk)',
  );
}

/**
 * Takes or renews the lease in one conditional write: the application must await review at one of the
 * caller's ports, and be unclaimed, claimed by the caller, or claimed by a lease that has run out.
 */
export async function claimApplication(id: string, ports: readonly string[], claim: Claim, nowMs: number, entry: HistoryEntry): Promise<boolean> {
  if (ports.length === 0) return false;
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = {
    ':claim': claim,
    ':entry': [entry],
    ':pending': 'PENDING_REVIEW' satisfies Status,
    ':clerk': claim.clerkId,
    ':now': nowMs,
  };
  const ownPort = portCondition(ports, names, values);
  return conditionalWrite({
    update: {
      Key: applicationKey(id),
      UpdateExpression: 'SET claim = :claim, history = list_append(history, :entry)',
      ConditionExpression:
        `attribute_exists(pk) AND #status = :pending AND ${ownPort} ` +
        'AND (attribute_not_exists(claim) OR claim.clerkId = :clerk OR claim.expiresAtMs <= :now)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  });
}

/** Ends a lease held by `holder` (any holder when undefined, for a supervisor or a lapsed lease). */
export async function releaseClaim(id: string, holder: string | undefined, entry: HistoryEntry): Promise<boolean> {
  return conditionalWrite({
    update: {
      Key: applicationKey(id),
      UpdateExpression: 'REMOVE claim SET history = list_append(history, :entry)',
      ConditionExpression: holder === undefined ? 'attribute_exists(claim)' : 'claim.clerkId = :clerk',
      ExpressionAttributeValues: { ':entry': [entry], ...(holder === undefined ? {} : { ':clerk': holder }) },
    },
  });
}

/** Ids of applications still `SUBMITTED` that were accepted before `acceptedBefore` (ISO), oldest first. */
export async function findUnscreenedApplications(acceptedBefore: string, limit: number): Promise<string[]> {
  return idsWaitingBefore(intakeIndex, intakePartition, acceptedBefore, limit);
}

/** When the oldest application still waiting for screening was accepted (ISO), if any. */
export async function oldestUnscreenedSubmittedAt(): Promise<string | undefined> {
  const [oldest] = await queryAll(
    {
      IndexName: intakeIndex.indexName,
      KeyConditionExpression: '#pk = :submitted',
      ExpressionAttributeNames: { '#pk': intakeIndex.partitionKey },
      ExpressionAttributeValues: { ':submitted': intakePartition },
      Limit: 1,
    },
    1,
  );
  return (oldest?.[intakeIndex.sortKey] as string | undefined)?.split('#')[0];
}
