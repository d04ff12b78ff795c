/**
 * Delivering an application's waiting messages, oldest event first, each exactly once per channel: a
 * message is claimed with a conditional write, sent, then settled with another. Retries and redeliveries
 * find it settled, or held by a live claim, and send nothing.
 *
 * What remains: if the sender dies (or the settle write fails) after the provider accepted a message and
 * before it is settled, the claim runs out after CLAIM_LEASE_MS and the message is sent again, so such a
 * crash can duplicate that one message; it never loses one. Neither SES nor End User Messaging SMS takes
 * an idempotency key that would close this window.
 */
import { randomUUID } from 'node:crypto';
import type { ApplicationRecord } from '../domain/application.ts';
import { pendingEntries, type OutboxEntry } from '../domain/notifications.ts';
import { renderNotification, statusPageUrl } from '../domain/notification-templates.ts';
import { DAY_MS, MINUTE_MS, systemClock, toShanghaiIso, type Clock } from '../domain/time.ts';
import { loadConfig } from '../adapters/config.ts';
import { isPermanentRefusal, sendMessage } from '../adapters/notification-senders.ts';
import { logger, recordMetric } from '../adapters/observability.ts';
import { getApplication, getApplications } from '../adapters/store/application-store.ts';
import { claimOutboxEntry, releaseOutboxClaim, settleOutboxEntry, type Settlement } from '../adapters/store/outbox-store.ts';

const { PUBLIC_BASE_URL } = loadConfig(['PUBLIC_BASE_URL']);

/** Longer than a sender can take (its function times out after 30 s), so a live claim means a live sender. */
export const CLAIM_LEASE_MS = 2 * MINUTE_MS;
/** A message that could not be delivered in three days is given up, and counted. */
export const GIVE_UP_AFTER_MS = 3 * DAY_MS;

export type DeliveryOutcome = 'delivered' | 'nothing-waiting' | 'not-found';

/** The applications of a queue batch, read with one BatchGetItem. */
export const readForDelivery = (applicationIds: string[]) => getApplications(applicationIds);

/** `held`: settled since it was read, or claimed by another sender, which settles it (or the repair job, if it dies). */
type EntryOutcome = 'sent' | 'refused' | 'given-up' | 'held';

async function deliverEntry(record: ApplicationRecord, key: string, entry: OutboxEntry, expectLast: boolean, clock: Clock): Promise<EntryOutcome> {
  const nowMs = clock();
  const token = randomUUID();
  if (!(await claimOutboxEntry(record.id, key, { token, untilMs: nowMs + CLAIM_LEASE_MS }, nowMs))) return 'held';
  const settle = (settlement: Settlement) => settleOutboxEntry(record.id, key, token, settlement, expectLast);
  if (nowMs - Date.parse(entry.createdAt) > GIVE_UP_AFTER_MS) {
    await settle({ failedAt: toShanghaiIso(nowMs), failure: 'gave-up' });
    return 'given-up';
  }
  const message = renderNotification(entry, { applicationId: record.id, statusUrl: statusPageUrl(PUBLIC_BASE_URL, record.id) });
  try {
    await sendMessage({
      channel: entry.channel,
      to: entry.to,
      ...message,
      tags: { applicationId: record.id, event: entry.event, language: entry.language, notification: key },
    });
  } catch (error) {
    if (isPermanentRefusal(error)) {
      await settle({ failedAt: toShanghaiIso(clock()), failure: (error as Error).name });
      return 'refused';
    }
    // Given back at once, so the queue's retry can claim it again without waiting out the lease.
    await releaseOutboxClaim(record.id, key, token).catch(() => undefined);
    throw error;
  }
  if ((await settle({ sentAt: toShanghaiIso(clock()) })) === 'claim-lost') {
    logger.warn('A sent message was settled by another sender after its claim ran out', {
      applicationId: record.id,
      port: record.port,
      event: entry.event,
      channel: entry.channel,
    });
    recordMetric('NotificationClaimsLost', 1, { channel: entry.channel });
  }
  return 'sent';
}

/**
 * Sends every waiting message of one application. A send that fails stops the rest (they keep their
 * order) and throws, so the queue retries; messages already sent, or held by another sender, are skipped.
 */
export async function deliverNotifications(applicationId: string, clock: Clock = systemClock, prepared?: Map<string, ApplicationRecord>): Promise<DeliveryOutcome> {
  const record = prepared?.has(applicationId) ? prepared.get(applicationId) : await getApplication(applicationId);
  if (!record) {
    logger.warn('Notification message for an unknown application dropped', { applicationId });
    return 'not-found';
  }
  const waiting = pendingEntries(record.outbox);
  if (waiting.length === 0) return 'nothing-waiting';
  let pending = Math.max(record.outboxPending ?? 0, waiting.length);
  for (const [key, entry] of waiting) {
    const outcome = await deliverEntry(record, key, entry, pending === 1, clock);
    pending--;
    if (outcome === 'held') continue;
    // Named on each line: the records of a batch are delivered side by side, so shared log keys would mix.
    logger.info('Notification settled', { applicationId, port: record.port, event: entry.event, channel: entry.channel, outcome });
    recordMetric(outcome === 'sent' ? 'NotificationsSent' : 'NotificationsFailed', 1, { channel: entry.channel, event: entry.event });
  }
  return 'delivered';
}
