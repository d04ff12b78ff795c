/**
 * After a transition has written its messages to the outbox: ask for their delivery. A failed send is
 * logged and counted, never surfaced: the messages are safe in the outbox and the repair job enqueues
 * applications whose messages still wait after a few minutes.
 */
import { enqueueNotifications } from '../adapters/notification-queue.ts';
import { logger, recordMetric } from '../adapters/observability.ts';

export async function dispatchNotifications(applicationIds: string[]): Promise<void> {
  if (applicationIds.length === 0) return;
  const failed = await enqueueNotifications(applicationIds);
  if (failed.length > 0) {
    logger.warn('Notification queue send failed; the repair job will resend', { failed: failed.length });
    recordMetric('NotificationEnqueueFailures', failed.length);
  }
}
