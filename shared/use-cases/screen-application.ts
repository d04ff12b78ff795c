/**
 * Screening: attach flags (document expiry, duplicates, watch-list hits) and move `SUBMITTED` to
 * `PENDING_REVIEW` in one conditional write, so a redelivered message changes nothing; or, where the
 * port's rules approve it, to `APPROVED` in that same one write.
 */
import { peopleOf } from '../domain/application.ts';
import { applyTransition, getApplication } from '../adapters/store/application-store.ts';
import { logger, maskDocumentNumber, recordMetric } from '../adapters/observability.ts';
import { systemClock, toShanghaiIso, type Clock } from '../domain/time.ts';
import { applyRuleApproval, decideByRules, type BatchRules } from './auto-approval.ts';
import { dispatchNotifications } from './dispatch-notifications.ts';
import { screeningFindings, type ScreeningBatch } from './screening-findings.ts';

export type ScreeningOutcome = 'screened' | 'approved' | 'already-screened' | 'not-found';

/** Screens one application, with the batch it came in when there is one (the queue consumer always has one). */
export async function screenApplication(
  applicationId: string,
  clock: Clock = systemClock,
  batch?: ScreeningBatch,
  rules?: BatchRules,
): Promise<ScreeningOutcome> {
  if (batch && !batch.lookedUp.has(applicationId)) throw new Error('The application could not be read; its message is retried');
  const record = batch ? batch.records.get(applicationId) : await getApplication(applicationId);
  if (!record) {
    logger.warn('Screening message for an unknown application dropped', { applicationId });
    return 'not-found';
  }
  logger.appendKeys({ applicationId, port: record.port });
  if (record.status !== 'SUBMITTED') return 'already-screened';
  // Screened now, its duplicate check could miss an application that joined a list after it read it.
  if (batch && !batch.findings.has(applicationId)) throw new Error('The document lists could not be read after joining them; its message is retried');

  const { flags, approvedPermits } = await screeningFindings(record, { batch, clock });

  // The port's rules may approve a clean application in this same step, instead of queueing it.
  const byRules = await decideByRules(record, flags, clock(), rules, approvedPermits);
  if (byRules.approval) return (await applyRuleApproval(record, byRules.approval)) ? 'approved' : 'already-screened';
  flags.push(...byRules.flags);

  // Conditional on SUBMITTED: a redelivered message finds the work done and changes nothing.
  const screened = await applyTransition({
    id: record.id,
    from: ['SUBMITTED'],
    to: 'PENDING_REVIEW',
    set: { flags },
    queue: { join: record },
    entry: {
      at: toShanghaiIso(clock()),
      actor: 'screening',
      action: 'screen',
      from: 'SUBMITTED',
      to: 'PENDING_REVIEW',
      note: flags.length === 0 ? 'No flags' : `Flags: ${flags.map((flag) => flag.code).join(', ')}`,
    },
  });
  if (screened) {
    logger.info('Screened', {
      flagCodes: flags.map((flag) => flag.code),
      flaggedDocuments: flags
        .map((flag) => peopleOf(record.application).find((entry) => entry.subject === flag.subject)?.person.documentNumber)
        .filter((documentNumber): documentNumber is string => documentNumber !== undefined)
        .map(maskDocumentNumber),
    });
    recordMetric('Screened', 1, { port: record.port, outcome: flags.length === 0 ? 'clean' : 'flagged' });
    for (const flag of flags) recordMetric('ScreeningFlags', 1, { port: record.port, code: flag.code });
  }
  return screened ? 'screened' : 'already-screened';
}

/**
 * After a batch is screened: one send asks for delivery of the messages its applications wrote when they
 * were accepted (and any a transition of this screening added).
 */
export async function announceScreenedBatch(batch: ScreeningBatch): Promise<void> {
  await dispatchNotifications([...batch.records.values()].filter((record) => record.status === 'SUBMITTED' && (record.outboxPending ?? 0) > 0).map((record) => record.id));
}
