/** Idempotency records: one conditional put claims a key; a retry reads what the first attempt stored. */
import type { IdempotencyRecord } from '../../domain/idempotency.ts';
import { idempotencyKey, timeToLiveAttribute } from '../../deployment/table.ts';
import { conditionalWrite, getItem, withoutKeys } from './table-io.ts';

/** Claims an idempotency key; `false` when a live record already holds it. */
export function claimIdempotencyKey(record: IdempotencyRecord, nowEpochSeconds: number): Promise<boolean> {
  return conditionalWrite({
    put: {
      Item: { ...idempotencyKey(record.keyHash), ...record },
      // TTL deletion lags by up to days, so an expired record is treated as absent.
      ConditionExpression: 'attribute_not_exists(pk) OR #expiresAt < :now',
      ExpressionAttributeNames: { '#expiresAt': timeToLiveAttribute },
      ExpressionAttributeValues: { ':now': nowEpochSeconds },
    },
  });
}

export async function getIdempotencyRecord(keyHash: string): Promise<IdempotencyRecord | undefined> {
  const item = await getItem(idempotencyKey(keyHash));
  return item ? (withoutKeys(item) as unknown as IdempotencyRecord) : undefined;
}
