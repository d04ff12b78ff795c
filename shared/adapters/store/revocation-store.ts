/** The checkpoints' revocation list: one bounded Query of the sparse index the revoking write fills. */
import type { RevokedPermit } from '../../domain/permit-check.ts';
import { parseRevocationSortKey, revocationsIndex, revocationsPartition } from '../../deployment/table.ts';
import { indexRange } from './table-io.ts';

/**
 * Revoked permits whose last valid day is `fromDate` or later (the ones a checkpoint may still be shown),
 * at most `limit`; more than that throws rather than sign a list that leaves some out.
 */
export async function listRevokedPermits(fromDate: string, limit: number): Promise<RevokedPermit[]> {
  const items = await indexRange(revocationsIndex, revocationsPartition, { from: fromDate }, revocationsIndex.sortKey, limit + 1);
  if (items.length > limit) throw new Error(`More than ${limit} revoked permits are still valid: the list would be cut short`);
  return items.map((item) => {
    const revoked = parseRevocationSortKey(String(item[revocationsIndex.sortKey]));
    // Only the revoking write sets this key; dropping an entry it cannot read would hide a revocation.
    if (!revoked) throw new Error('A revocation list entry has an unreadable key');
    return { number: revoked.number, revokedAt: revoked.revokedAt };
  });
}
