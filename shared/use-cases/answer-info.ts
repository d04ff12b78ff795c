/**
 * The applicant answers a request for information: allowed sections are replaced, the application is
 * validated and screened again, and it returns to the review queue with the clock time that was left.
 */
import { laneOf, type ApplicationRecord } from '../domain/application.ts';
import { applyTransition } from '../adapters/store/application-store.ts';
import { conflict, ValidationError } from '../domain/errors.ts';
import { portOf } from '../domain/ports.ts';
import type { InfoAnswerResult } from '../domain/responses.ts';
import { resumeClock } from '../domain/review-clock.ts';
import { answerableSections, type InfoAnswer } from '../domain/review-schemas.ts';
import { systemClock, shanghaiDate, toShanghaiIso, type Clock } from '../domain/time.ts';
import type { ApplicationInput } from '../domain/schemas.ts';
import { validateApplication } from '../domain/validate-application.ts';
import { authorisedRecord } from './get-application-status.ts';
import { screeningFindings } from './screening-findings.ts';

function applyChanges(record: ApplicationRecord, changes: Record<string, unknown>, today: string) {
  const allowed: readonly string[] = answerableSections[record.kind];
  const refused = Object.keys(changes).filter((section) => !allowed.includes(section));
  if (refused.length > 0) {
    throw new ValidationError(
      refused.map((section) => ({ path: `changes.${section}`, message: `This cannot be changed; you may change: ${allowed.join(', ')}.` })),
    );
  }
  const merged = { ...record.application, ...changes };
  let application: ApplicationInput;
  try {
    application = validateApplication(merged, today);
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new ValidationError(error.issues.map((issue) => ({ ...issue, path: issue.path ? `changes.${issue.path}` : 'changes' })));
    }
    throw error;
  }
  if (laneOf(application) !== record.lane) {
    throw new ValidationError([{ path: 'changes.cargo', message: 'An answer cannot move the application to another lane.' }]);
  }
  return application;
}

export async function answerInfoRequest(
  id: string,
  accessToken: string | undefined,
  answer: InfoAnswer,
  clock: Clock = systemClock,
): Promise<InfoAnswerResult> {
  const record = await authorisedRecord(id, accessToken);
  if (record.status !== 'INFO_REQUESTED' || !record.infoRequest) {
    throw conflict(`No information was requested; the application is ${record.status}.`);
  }
  const nowMs = clock();
  const application = applyChanges(record, answer.changes ?? {}, shanghaiDate(nowMs));
  const { flags } = await screeningFindings({ ...record, application }, { clock });
  const reviewDeadline = toShanghaiIso(resumeClock(portOf(record.port), record.lane, record.clockRemainingMs ?? 0, nowMs));
  const at = toShanghaiIso(nowMs);
  const applied = await applyTransition({
    id,
    from: ['INFO_REQUESTED'],
    to: 'PENDING_REVIEW',
    version: record.version,
    set: { application, flags, reviewDeadline, infoRequest: { ...record.infoRequest, answeredAt: at, answer: answer.message } },
    remove: ['clockRemainingMs'],
    queue: { join: { ...record, reviewDeadline } },
    entry: {
      at,
      actor: 'applicant',
      action: 'answer-info',
      from: 'INFO_REQUESTED',
      to: 'PENDING_REVIEW',
      ...(answer.changes ? { note: `Changed: ${Object.keys(answer.changes).join(', ') || 'nothing'}` } : {}),
    },
  });
  if (!applied) throw conflict('The application changed while the answer was being saved; reload and try again.');
  return { status: 'PENDING_REVIEW', reviewDeadline };
}
