/**
 * Nothing accepted is lost: applications still `SUBMITTED` some minutes after acceptance are sent to the
 * intake queue again. Screening is idempotent, so a message that was merely slow is harmless to resend.
 */
import { findUnscreenedApplications } from '../adapters/store/application-store.ts';
import { enqueueManyForScreening } from '../adapters/intake-queue.ts';
import { logger, recordMetric } from '../adapters/observability.ts';
import { MINUTE_MS, systemClock, toShanghaiIso, type Clock } from '../domain/time.ts';

export const REPAIR_AFTER_MS = 5 * MINUTE_MS;
/** One run's bound; the next run continues where this one stopped. */
const MAX_PER_RUN = 1000;

export async function repairIntake(clock: Clock = systemClock): Promise<{ resent: number; failed: number }> {
  const ids = await findUnscreenedApplications(toShanghaiIso(clock() - REPAIR_AFTER_MS), MAX_PER_RUN);
  const failed = ids.length === 0 ? [] : await enqueueManyForScreening(ids);
  const resent = ids.length - failed.length;
  if (ids.length > 0) logger.info('Re-enqueued unscreened applications', { resent, failed: failed.length });
  recordMetric('IntakeRepairResent', resent);
  return { resent, failed: failed.length };
}
