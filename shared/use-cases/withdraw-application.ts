/**
 * The applicant takes back an application that awaits a decision. One conditional write: it becomes
 * `WITHDRAWN`, leaves the review queue (so its clock no longer counts), its claim ends, its history says
 * so, and the `withdrawn` message is in the outbox. It then leaves its documents' lists; a withdrawn
 * application no longer counts as open for the duplicate check, which confirms the statuses it finds.
 */
import { openStatuses, type ApplicationRecord } from '../domain/application.ts';
import { conflict } from '../domain/errors.ts';
import { outboxAddition } from '../domain/notifications.ts';
import { systemClock, toShanghaiIso, type Clock } from '../domain/time.ts';
import { applyTransition } from '../adapters/store/application-store.ts';
import { logger, recordMetric } from '../adapters/observability.ts';
import { dispatchNotifications } from './dispatch-notifications.ts';
import { leaveDocumentLists } from './document-lists.ts';
import { authorisedRecord } from './get-application-status.ts';

/** Screening or a clerk may change the application between the read and the write; then it is read again. */
const MAX_ATTEMPTS = 3;

export async function withdrawApplication(id: string, accessToken: string | undefined, clock: Clock = systemClock): Promise<{ status: 'WITHDRAWN' }> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const record: ApplicationRecord = await authorisedRecord(id, accessToken);
    // A repeated request (the first answer was lost) finds the work done.
    if (record.status === 'WITHDRAWN') return { status: 'WITHDRAWN' };
    if (!openStatuses.includes(record.status)) throw conflict(`The application is ${record.status}; only one awaiting a decision can be withdrawn.`);
    const at = toShanghaiIso(clock());
    const withdrawn = await applyTransition({
      id: record.id,
      from: [record.status],
      to: 'WITHDRAWN',
      version: record.version,
      remove: ['claim'],
      queue: 'leave',
      notify: outboxAddition(record, 'withdrawn', at),
      entry: { at, actor: 'applicant', action: 'withdraw', from: record.status, to: 'WITHDRAWN' },
    });
    if (withdrawn) {
      // Closed for good: it leaves its documents' lists while its message is asked for, as a revocation does.
      await Promise.all([dispatchNotifications([record.id]), leaveDocumentLists(record)]);
      logger.info('Withdrawn', { from: record.status });
      recordMetric('Withdrawals', 1, { port: record.port, from: record.status });
      return { status: 'WITHDRAWN' };
    }
  }
  throw conflict('The application kept changing while it was being withdrawn; try again.');
}
