/**
 * Delivery of the outbox entries on an application: a conditional claim before a send, a conditional
 * settle after it (sent, or refused for good) that also counts down the pending messages and, with the
 * last one, takes the application off the sparse `outbox` index. Only the holder of a live claim sends.
 */
import type { OutboxClaim } from '../../domain/notifications.ts';
import { applicationKey, outboxIndex, outboxPartition } from '../../deployment/table.ts';
import { conditionalWrite, idsWaitingBefore } from './table-io.ts';

const entryNames = (key: string) => ({ '#outbox': 'outbox', '#key': key });

/** Claims an entry that is neither settled nor held by a live claim; counts the attempt. */
export async function claimOutboxEntry(applicationId: string, key: string, claim: OutboxClaim, nowMs: number): Promise<boolean> {
  return conditionalWrite({
    update: {
      Key: applicationKey(applicationId),
      UpdateExpression: 'SET #outbox.#key.claim = :claim, #outbox.#key.attempts = if_not_exists(#outbox.#key.attempts, :zero) + :one',
      ConditionExpression:
        'attribute_exists(#outbox.#key) AND attribute_not_exists(#outbox.#key.sentAt) AND attribute_not_exists(#outbox.#key.failedAt) ' +
        'AND (attribute_not_exists(#outbox.#key.claim) OR #outbox.#key.claim.untilMs <= :now)',
      ExpressionAttributeNames: entryNames(key),
      ExpressionAttributeValues: { ':claim': claim, ':zero': 0, ':one': 1, ':now': nowMs },
    },
  });
}

/** Gives a claim back after a send that failed and may be retried at once. */
export async function releaseOutboxClaim(applicationId: string, key: string, token: string): Promise<boolean> {
  return conditionalWrite({
    update: {
      Key: applicationKey(applicationId),
      UpdateExpression: 'REMOVE #outbox.#key.claim',
      ConditionExpression: '#outbox.#key.claim.#token = :token',
      ExpressionAttributeNames: { ...entryNames(key), '#token': 'token' },
      ExpressionAttributeValues: { ':token': token },
    },
  });
}

export type Settlement = { sentAt: string } | { failedAt: string; failure: string };

/** One settle write: `last` when it should be the application's last pending message. */
function settleWrite(applicationId: string, key: string, token: string, settlement: Settlement, last: boolean) {
  const names: Record<string, string> = { ...entryNames(key), '#token': 'token', '#pending': 'outboxPending' };
  const values: Record<string, unknown> = { ':token': token, ':one': 1 };
  const sets = Object.entries(settlement).map(([field, value], index) => {
    names[`#field${index}`] = field;
    values[`:value${index}`] = value;
    return `#outbox.#key.#field${index} = :value${index}`;
  });
  const removes = ['#outbox.#key.claim'];
  let pendingCondition: string;
  if (last) {
    Object.assign(names, { '#outboxPk': outboxIndex.partitionKey, '#outboxSk': outboxIndex.sortKey });
    removes.push('#pending', '#outboxPk', '#outboxSk');
    pendingCondition = '(#pending = :one OR attribute_not_exists(#pending))';
  } else {
    sets.push('#pending = #pending - :one');
    pendingCondition = '#pending > :one';
  }
  return conditionalWrite({
    update: {
      Key: applicationKey(applicationId),
      UpdateExpression: `SET ${sets.join(', ')} REMOVE ${removes.join(', ')}`,
      ConditionExpression: `#outbox.#key.claim.#token = :token AND ${pendingCondition}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  });
}

/**
 * Records the outcome of a claimed send. `expectLast` picks which of the two writes to try first (the
 * pending count decides; a message added meanwhile makes the other one apply). `claim-lost` when the
 * claim had run out and another holder took it: that holder may send the message a second time.
 */
export async function settleOutboxEntry(
  applicationId: string,
  key: string,
  token: string,
  settlement: Settlement,
  expectLast: boolean,
): Promise<'settled' | 'claim-lost'> {
  for (const last of [expectLast, !expectLast]) {
    if (await settleWrite(applicationId, key, token, settlement, last)) return 'settled';
  }
  return 'claim-lost';
}

/** Ids of applications with a message waiting since before `waitingBefore` (ISO), oldest first. */
export async function findUndeliveredApplications(waitingBefore: string, limit: number): Promise<string[]> {
  return idsWaitingBefore(outboxIndex, outboxPartition, waitingBefore, limit);
}
