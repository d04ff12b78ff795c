/**
 * The audit lists: a port's sampled rule approvals awaiting a clerk (`pending`, oldest approval first)
 * or referred to a supervisor (`referred`, oldest referral first), from a sparse index. A page is a Query bounded by its
 * limit, so its cost follows the page, not the list.
 */
import type { ApplicationRecord } from '../../domain/application.ts';
import { auditIndex, auditPartition, tableKeys, type AuditList } from '../../deployment/table.ts';
import { toApplicationRecord } from './application-store.ts';
import { decodeCursor, encodeCursor, queryPage } from './table-io.ts';

export interface AuditPage {
  records: ApplicationRecord[];
  lastKey?: Record<string, string>;
}

export interface AuditQuery {
  port: string;
  list: AuditList;
  limit: number;
  startKey?: Record<string, string>;
}

export const encodeAuditCursor = (lastKey: Record<string, string>) => encodeCursor(lastKey);

/** The continuation key inside a cursor, or undefined when it is not a key of this port's list. */
export function decodeAuditCursor(cursor: string, query: Pick<AuditQuery, 'port' | 'list'>): Record<string, string> | undefined {
  const record = decodeCursor(cursor);
  if (!record) return undefined;
  const attributes = [tableKeys.partitionKey, tableKeys.sortKey, auditIndex.partitionKey, auditIndex.sortKey];
  const wellFormed =
    Object.keys(record).length === attributes.length &&
    attributes.every((attribute) => typeof record[attribute] === 'string') &&
    record[auditIndex.partitionKey] === auditPartition(query.port, query.list);
  return wellFormed ? (record as Record<string, string>) : undefined;
}

/** One page of a port's audit list, longest waiting first, so none waits behind newer ones. */
export async function queryAuditList(query: AuditQuery): Promise<AuditPage> {
  const { items, lastKey } = await queryPage({
    IndexName: auditIndex.indexName,
    KeyConditionExpression: '#pk = :partition',
    ExpressionAttributeNames: { '#pk': auditIndex.partitionKey },
    ExpressionAttributeValues: { ':partition': auditPartition(query.port, query.list) },
    Limit: query.limit,
    ExclusiveStartKey: query.startKey,
  });
  return { records: items.map(toApplicationRecord), ...(lastKey ? { lastKey: lastKey as Record<string, string> } : {}) };
}
