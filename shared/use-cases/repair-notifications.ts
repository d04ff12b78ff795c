/**
 * No message is lost when its enqueue failed: applications with messages waiting some minutes are sent
 * to the notification queue again. Delivery claims each message, so one that was merely slow is sent once.
 */
import { enqueueNotifications } from '../adapters/notification-queue.ts';
import { logger, recordMetric } from '../adapters/observability.ts';
import { findUndeliveredApplications } from '../adapters/store/outbox-store.ts';
import { MINUTE_MS, systemClock, toShanghaiIso, type Clock } from '../domain/time.ts';

export const NOTIFICATION_REPAIR_AFTER_MS = 5 * MINUTE_MS;
/** One run's bound; the next run continues where this one stopped. */
const MAX_PER_RUN = 1000;

export async function repairNotifications(clock: Clock = systemClock): Promise<{ resent: number; failed: number }> {
  const ids = await findUndeliveredApplications(toShanghaiIso(clock() - NOTIFICATION_REPAIR_AFTER_MS), MAX_PER_RUN);
  const failed = ids.length === 0 ? [] : await enqueueNotifications(ids);
  const resent = ids.length - failed.length;
  if (ids.length > 0) logger.info('Re-enqueued applications with undelivered messages', { resent, failed: failed.length });
  recordMetric('NotificationRepairResent', resent);
  return { resent, failed: failed.length };
}
