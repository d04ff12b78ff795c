/**
 * The window clerks' work: the port queue, the detail, claims, decisions and revocations. Every change is
 * one conditional write in the store; these functions check who may act and explain a refusal.
 */
import { isApplicationId, type ApplicationRecord, type Claim, type HistoryEntry } from '../domain/application.ts';
import { applyTransition, claimApplication, getApplication, releaseClaim } from '../adapters/store/application-store.ts';
import { nextPermitSequence } from '../adapters/store/permit-counter-store.ts';
import { decodeQueueCursor, encodeQueueCursor, queryReviewQueue } from '../adapters/store/review-queue-store.ts';
import { requirePort, requireSupervisor, type Principal } from '../domain/principal.ts';
import { conflict, notFound, ValidationError } from '../domain/errors.ts';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, recordMetric } from '../adapters/observability.ts';
import { annotateTrace } from '../adapters/tracing.ts';
import { portOf } from '../domain/ports.ts';
import { clockTimeBetween, pauseClock } from '../domain/review-clock.ts';
import type { DecisionRequest, ReviewQueueQuery, RevocationRequest } from '../domain/review-schemas.ts';
import type {
  ClaimResult,
  ClaimView,
  DecisionResult,
  ReleaseResult,
  ReviewDetail,
  ReviewQueuePage,
  RevocationResult,
} from '../domain/responses.ts';
import type { Permit, PermitSigner } from '../domain/permit-token.ts';
import { issuePermit } from '../domain/permits.ts';
import { outboxAddition, type NotificationFacts } from '../domain/notifications.ts';
import { MINUTE_MS, systemClock, toShanghaiIso, type Clock } from '../domain/time.ts';
import { dispatchNotifications } from './dispatch-notifications.ts';
import { leaveDocumentLists } from './document-lists.ts';

export const CLAIM_LEASE_MS = 15 * MINUTE_MS;

const liveClaim = (record: ApplicationRecord, nowMs: number): ClaimView | undefined =>
  record.claim && record.claim.expiresAtMs > nowMs
    ? { clerkId: record.claim.clerkId, expiresAt: record.claim.expiresAt }
    : undefined;

function positionOf(query: ReviewQueueQuery): string {
  const after = decodeQueueCursor(query.cursor ?? '', query);
  if (!after) throw new ValidationError([{ path: 'cursor', message: 'This cursor does not belong to this query; list again without it.' }]);
  return after;
}

/** What a list of applications shows of each, the review queue and the audit lists alike. */
export const queueSummary = (record: ApplicationRecord) => ({
  id: record.id,
  kind: record.kind,
  lane: record.lane,
  status: record.status,
  submittedAt: record.submittedAt,
  reviewDeadline: record.reviewDeadline,
});

export async function listReviewQueue(
  principal: Principal,
  query: ReviewQueueQuery,
  clock: Clock = systemClock,
): Promise<ReviewQueuePage> {
  requirePort(principal, query.port);
  annotateTrace({ port: query.port, lane: query.lane });
  const page = await queryReviewQueue({
    port: query.port,
    lane: query.lane,
    kind: query.kind,
    limit: query.limit,
    after: query.cursor ? positionOf(query) : undefined,
  });
  const nowMs = clock();
  return {
    items: page.records.map((record) => ({
      ...queueSummary(record),
      flags: record.flags,
      ...(liveClaim(record, nowMs) ? { claim: liveClaim(record, nowMs) } : {}),
    })),
    ...(page.after ? { nextCursor: encodeQueueCursor(page.after, query) } : {}),
  };
}

/** The record of one of the caller's ports: 404 when unknown, 403 when another port's. */
export async function recordFor(principal: Principal, id: string): Promise<ApplicationRecord> {
  const record = isApplicationId(id) ? await getApplication(id) : undefined;
  if (!record) throw notFound('No such application.');
  requirePort(principal, record.port);
  logger.appendKeys({ applicationId: record.id, port: record.port });
  annotateTrace({ port: record.port, lane: record.lane });
  return record;
}

/** Every field is named here, so nothing stored for the service's own use (the token hash, the version) reaches a clerk. */
export async function getReviewDetail(principal: Principal, id: string, clock: Clock = systemClock): Promise<ReviewDetail> {
  const record = await recordFor(principal, id);
  const claim = liveClaim(record, clock());
  const common = {
    id: record.id,
    port: record.port,
    lane: record.lane,
    status: record.status,
    submittedAt: record.submittedAt,
    reviewDeadline: record.reviewDeadline,
    flags: record.flags,
    history: record.history,
    ...(claim ? { claim } : {}),
    ...(record.decision ? { decision: record.decision } : {}),
    ...(record.infoRequest ? { infoRequest: record.infoRequest } : {}),
    ...(record.permit ? { permit: record.permit } : {}),
    ...(record.revocation ? { revocation: record.revocation } : {}),
    ...(record.audit ? { audit: record.audit } : {}),
    ...(record.clockRemainingMs !== undefined ? { clockRemainingMinutes: Math.round(record.clockRemainingMs / MINUTE_MS) } : {}),
  };
  return record.application.kind === 'border-tourism'
    ? { ...common, kind: 'border-tourism', application: record.application }
    : { ...common, kind: 'cargo-transit', application: record.application };
}

export async function claimForReview(principal: Principal, id: string, clock: Clock = systemClock): Promise<ClaimResult> {
  const nowMs = clock();
  const claim: Claim = {
    clerkId: principal.clerkId,
    expiresAt: toShanghaiIso(nowMs + CLAIM_LEASE_MS),
    expiresAtMs: nowMs + CLAIM_LEASE_MS,
  };
  const entry: HistoryEntry = { at: toShanghaiIso(nowMs), actor: principal.clerkId, action: 'claim' };
  if (await claimApplication(id, principal.ports, claim, nowMs, entry)) {
    return { claim: { clerkId: claim.clerkId, expiresAt: claim.expiresAt } };
  }
  const record = await recordFor(principal, id);
  if (record.status !== 'PENDING_REVIEW') throw conflict(`The application is ${record.status}, not awaiting review.`);
  const holder = liveClaim(record, nowMs);
  throw conflict(holder ? `Another clerk holds this application until ${holder.expiresAt}.` : 'The application changed; try again.');
}

export async function releaseForReview(principal: Principal, id: string, clock: Clock = systemClock): Promise<ReleaseResult> {
  const record = await recordFor(principal, id);
  const nowMs = clock();
  const holder = liveClaim(record, nowMs);
  if (!record.claim) return { released: false };
  if (holder && holder.clerkId !== principal.clerkId && principal.role !== 'supervisor') {
    throw conflict('Another clerk holds this application; only they or a supervisor can release it.');
  }
  const entry: HistoryEntry = {
    at: toShanghaiIso(nowMs),
    actor: principal.clerkId,
    action: 'release',
    ...(record.claim.clerkId !== principal.clerkId ? { note: `Released the claim of ${record.claim.clerkId}` } : {}),
  };
  // A supervisor, or anyone once the lease has run out, may clear the claim whoever holds it.
  const mayClearAny = principal.role === 'supervisor' || !holder;
  if (!(await releaseClaim(id, mayClearAny ? undefined : principal.clerkId, entry))) {
    throw conflict('The claim changed while it was being released; reload and try again.');
  }
  return { released: true };
}

function checkExcludedMembers(record: ApplicationRecord, excluded: number[] | undefined): void {
  if (!excluded || excluded.length === 0) return;
  const memberCount = record.application.kind === 'border-tourism' ? (record.application.members?.length ?? 0) : 0;
  const outOfRange = excluded.findIndex((index) => index >= memberCount);
  if (outOfRange >= 0) {
    throw new ValidationError([
      { path: `excludedMembers.${outOfRange}`, message: `The application has ${memberCount} member(s), indexed from 0.` },
    ]);
  }
}

/**
 * The applicant's message about a decision. The clerk's note goes out only where it is written for the
 * applicant (a request for information); a decision's own words for the applicant are its
 * `applicantMessage`, never its internal note.
 */
function decisionMessage(record: ApplicationRecord, decision: DecisionRequest, set: Record<string, unknown>, permit: Permit | undefined, at: string) {
  if (decision.outcome === 'request-info') {
    const facts: NotificationFacts = { infoRequest: decision.note, clockRemainingMinutes: Math.round((set.clockRemainingMs as number) / MINUTE_MS) };
    return outboxAddition(record, 'info-requested', at, facts);
  }
  if (decision.outcome === 'approve') {
    return outboxAddition(record, 'approved', at, {
      ...(permit ? { permit: { number: permit.number, validFrom: permit.validFrom, validUntil: permit.validUntil } } : {}),
      ...(decision.applicantMessage ? { applicantMessage: decision.applicantMessage } : {}),
    });
  }
  return outboxAddition(record, 'rejected', at, decision.applicantMessage ? { applicantMessage: decision.applicantMessage } : {});
}

export async function decide(
  principal: Principal,
  id: string,
  decision: DecisionRequest,
  signer: PermitSigner,
  clock: Clock = systemClock,
): Promise<DecisionResult> {
  const record = await recordFor(principal, id);
  checkExcludedMembers(record, decision.excludedMembers);
  const nowMs = clock();
  if (record.status !== 'PENDING_REVIEW') throw conflict(`The application is ${record.status}, not awaiting review.`);
  if (liveClaim(record, nowMs)?.clerkId !== principal.clerkId) {
    throw conflict('Claim the application before deciding; you hold no live claim on it.');
  }
  const at = toShanghaiIso(nowMs);
  const to = decision.outcome === 'approve' ? 'APPROVED' : decision.outcome === 'reject' ? 'REJECTED' : 'INFO_REQUESTED';
  const entry: HistoryEntry = {
    at,
    actor: principal.clerkId,
    action: decision.outcome,
    from: 'PENDING_REVIEW',
    to,
    ...(decision.reasonCode ? { reasonCode: decision.reasonCode } : {}),
    ...(decision.note ? { note: decision.note } : {}),
  };
  const port = portOf(record.port);
  // The permit is numbered and signed before the write and stored by it: if the write loses a race or is
  // retried, the permit is discarded unseen (a gap in the sequence), never issued twice.
  const permit =
    decision.outcome === 'approve' ? await issuePermit(nextPermitSequence, signer, record, decision.excludedMembers ?? [], nowMs) : undefined;
  const set: Record<string, unknown> =
    decision.outcome === 'request-info'
      ? {
          infoRequest: { reasonCode: decision.reasonCode!, message: decision.note!, requestedAt: at, requestedBy: principal.clerkId },
          clockRemainingMs: pauseClock(port, record.lane, Date.parse(record.reviewDeadline), nowMs),
        }
      : {
          decision: {
            outcome: decision.outcome,
            decidedAt: at,
            decidedBy: principal.clerkId,
            ...(decision.reasonCode ? { reasonCode: decision.reasonCode } : {}),
            ...(decision.note ? { note: decision.note } : {}),
            ...(decision.applicantMessage ? { applicantMessage: decision.applicantMessage } : {}),
            ...(decision.excludedMembers?.length ? { excludedMembers: decision.excludedMembers } : {}),
          },
          ...(permit ? { permit } : {}),
        };
  const applied = await applyTransition({
    id,
    from: ['PENDING_REVIEW'],
    to,
    entry,
    ports: principal.ports,
    claimHolder: { clerkId: principal.clerkId, nowMs },
    version: record.version,
    set,
    remove: ['claim'],
    queue: 'leave',
    notify: decisionMessage(record, decision, set, permit, at),
  });
  if (!applied) throw conflict('The application changed or your claim ran out before the decision was saved.');
  // A rejected application is closed for good; an approved one stays listed, for the approved-permit check.
  await Promise.all([dispatchNotifications([id]), to === 'REJECTED' ? leaveDocumentLists(record) : undefined]);

  logger.info('Decision recorded', { applicationId: id, port: record.port, outcome: decision.outcome });
  annotateTrace({ outcome: decision.outcome });
  recordMetric('Decisions', 1, { port: record.port, lane: record.lane, outcome: decision.outcome, path: 'clerk' });
  if (decision.reasonCode) recordMetric('DecisionReasons', 1, { port: record.port, outcome: decision.outcome, reasonCode: decision.reasonCode });
  if (decision.outcome !== 'request-info') {
    const clockMinutes = clockTimeBetween(port, record.lane, Date.parse(record.submittedAt), nowMs) / MINUTE_MS;
    recordMetric('DecisionClockMinutes', Math.round(clockMinutes), { port: record.port, lane: record.lane });
    recordMetric('DecisionSeconds', (nowMs - Date.parse(record.submittedAt)) / 1000, { port: record.port, path: 'clerk' }, MetricUnit.Seconds);
  }
  return { status: to };
}

export async function revoke(
  principal: Principal,
  id: string,
  request: RevocationRequest,
  clock: Clock = systemClock,
): Promise<RevocationResult> {
  requireSupervisor(principal);
  const record = await recordFor(principal, id);
  if (record.status !== 'APPROVED') throw conflict(`Only an approved permit can be revoked; this application is ${record.status}.`);
  const at = toShanghaiIso(clock());
  const applied = await applyTransition({
    id,
    from: ['APPROVED'],
    to: 'REVOKED',
    ports: principal.ports,
    // A revoked permit leaves any audit list it was on.
    auditList: 'leave',
    set: {
      revocation: {
        reasonCode: request.reasonCode,
        revokedAt: at,
        revokedBy: principal.clerkId,
        ...(request.note ? { note: request.note } : {}),
        ...(request.applicantMessage ? { applicantMessage: request.applicantMessage } : {}),
      },
    },
    ...(record.permit ? { listRevoked: { validUntil: record.permit.validUntil, number: record.permit.number, revokedAt: at } } : {}),
    notify: outboxAddition(record, 'revoked', at, request.applicantMessage ? { applicantMessage: request.applicantMessage } : {}),
    entry: {
      at,
      actor: principal.clerkId,
      action: 'revoke',
      from: 'APPROVED',
      to: 'REVOKED',
      reasonCode: request.reasonCode,
      ...(request.note ? { note: request.note } : {}),
    },
  });
  if (!applied) throw conflict('The application changed before the revocation was saved.');
  await Promise.all([dispatchNotifications([id]), leaveDocumentLists(record)]);
  return { status: 'REVOKED' };
}
