/**
 * Accepting an application: validate, store it `SUBMITTED` with its lane and review deadline, and queue it
 * for screening. Once stored it is never lost: if the queue send fails, the intake repair job sends it later.
 * An `Idempotency-Key` makes retries return the first response and create nothing new.
 */
import type { ApplicationRecord } from '../domain/application.ts';
import { laneOf } from '../domain/application.ts';
import { outboxAddition } from '../domain/notifications.ts';
import { createApplication } from '../adapters/store/application-store.ts';
import { claimIdempotencyKey, getIdempotencyRecord } from '../adapters/store/idempotency-store.ts';
import type { IdempotencyRecord } from '../domain/idempotency.ts';
import { conflict, ValidationError } from '../domain/errors.ts';
import { enqueueForScreening } from '../adapters/intake-queue.ts';
import { logger, recordMetric } from '../adapters/observability.ts';
import { annotateTrace } from '../adapters/tracing.ts';
import { portOf } from '../domain/ports.ts';
import type { SubmissionReceipt } from '../domain/responses.ts';
import { reviewDeadline } from '../domain/review-clock.ts';
import type { ApplicationInput } from '../domain/schemas.ts';
import { validateApplication } from '../domain/validate-application.ts';
import {
  bodyFingerprint,
  canonicalJson,
  newAccessToken,
  newApplicationId,
  openReplay,
  sealForReplay,
  sha256,
} from '../domain/secrets.ts';
import { shanghaiDate, systemClock, toShanghaiIso, type Clock } from '../domain/time.ts';
import { joinDocumentLists } from './document-lists.ts';

/** How long a submission can be replayed with its key. */
const IDEMPOTENCY_WINDOW_SECONDS = 24 * 60 * 60;

interface Draft {
  record: ApplicationRecord;
  accessToken: string;
}

function draftApplication(application: ApplicationInput, nowMs: number): Draft {
  const port = portOf(application.port);
  const lane = laneOf(application);
  const submittedAtMs = Math.floor(nowMs / 1000) * 1000;
  const submittedAt = toShanghaiIso(submittedAtMs);
  const accessToken = newAccessToken();
  return {
    accessToken,
    record: withReceivedMessage({
      id: newApplicationId(),
      kind: application.kind,
      port: application.port,
      lane,
      status: 'SUBMITTED',
      submittedAt,
      reviewDeadline: toShanghaiIso(reviewDeadline(port, lane, submittedAtMs)),
      application,
      accessTokenHash: sha256(accessToken),
      flags: [],
      history: [{ at: submittedAt, actor: 'applicant', action: 'submit', to: 'SUBMITTED' }],
      version: 1,
    }),
  };
}

/**
 * The `received` message rides in the submission's own PutItem, so submitting makes no extra request; the
 * screening consumer asks for its delivery with the batch it screens.
 */
export function withReceivedMessage(record: ApplicationRecord): ApplicationRecord {
  const { entries } = outboxAddition(record, 'received', record.submittedAt, { reviewDeadline: record.reviewDeadline });
  return { ...record, outbox: entries, outboxPending: Object.keys(entries).length };
}

const receiptOf = (record: ApplicationRecord, accessToken: string): SubmissionReceipt => ({
  id: record.id,
  status: 'SUBMITTED',
  lane: record.lane,
  submittedAt: record.submittedAt,
  reviewDeadline: record.reviewDeadline,
  accessToken,
  statusUrl: `/status/${record.id}`,
});

/**
 * Stores then enqueues, joining the document lists beside the store. A failed send is logged, not
 * surfaced: the application is safe and the repair job resends it.
 */
async function storeAndEnqueue(record: ApplicationRecord): Promise<void> {
  await Promise.all([createApplication(record), joinDocumentLists(record)]);
  try {
    await enqueueForScreening(record.id);
  } catch (error) {
    logger.warn('Intake queue send failed; the repair job will resend', {
      applicationId: record.id,
      error: error instanceof Error ? error.name : 'unknown',
    });
    recordMetric('IntakeSendFailures', 1);
  }
}

export async function submitApplication(
  body: unknown,
  idempotencyKey: string | undefined,
  clock: Clock = systemClock,
): Promise<SubmissionReceipt> {
  if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,128}$/.test(idempotencyKey)) {
    throw new ValidationError([
      { path: 'headers.Idempotency-Key', message: 'An Idempotency-Key is 1 to 128 printable characters without spaces.' },
    ]);
  }
  const nowMs = clock();
  const application = validateApplication(body, shanghaiDate(nowMs));
  const draft = draftApplication(application, nowMs);
  logger.appendKeys({ applicationId: draft.record.id, port: application.port });
  annotateTrace({ port: application.port, lane: draft.record.lane });
  recordMetric('Submissions', 1, { port: application.port, lane: draft.record.lane });

  if (idempotencyKey === undefined) {
    await storeAndEnqueue(draft.record);
    return receiptOf(draft.record, draft.accessToken);
  }

  const canonicalBody = canonicalJson(body);
  const claim: IdempotencyRecord = {
    keyHash: sha256(idempotencyKey),
    fingerprint: bodyFingerprint(canonicalBody),
    applicationId: draft.record.id,
    submittedAt: draft.record.submittedAt,
    reviewDeadline: draft.record.reviewDeadline,
    accessTokenHash: draft.record.accessTokenHash,
    sealedAccessToken: sealForReplay(draft.accessToken, idempotencyKey, canonicalBody),
    expiresAt: Math.floor(nowMs / 1000) + IDEMPOTENCY_WINDOW_SECONDS,
  };
  if (await claimIdempotencyKey(claim, Math.floor(nowMs / 1000))) {
    await storeAndEnqueue(draft.record);
    return receiptOf(draft.record, draft.accessToken);
  }

  const first = await getIdempotencyRecord(claim.keyHash);
  if (!first) throw new Error('Idempotency record vanished after a failed claim');
  logger.appendKeys({ applicationId: first.applicationId });
  if (first.fingerprint !== claim.fingerprint) {
    throw conflict('This Idempotency-Key was already used with a different body.');
  }
  // The first request may have died between claiming the key and storing the application: store it now,
  // exactly as the first request would have. If it already exists this writes nothing.
  const replayed: ApplicationRecord = withReceivedMessage({
    ...draft.record,
    id: first.applicationId,
    submittedAt: first.submittedAt,
    reviewDeadline: first.reviewDeadline,
    accessTokenHash: first.accessTokenHash,
    history: [{ at: first.submittedAt, actor: 'applicant', action: 'submit', to: 'SUBMITTED' }],
  });
  if ((await createApplication(replayed)) === 'created') {
    await joinDocumentLists(replayed);
    await enqueueForScreening(replayed.id).catch(() => undefined);
  }
  return receiptOf(replayed, openReplay(first.sealedAccessToken, idempotencyKey, canonicalBody));
}
