/**
 * The audit of rule approvals: a sampled approval waits on its port's `pending` list until a clerk
 * confirms it or refers it to a supervisor; a referred one waits on the `referred` list until a
 * supervisor confirms it or revokes the permit (the revoke route takes it off the list).
 */
import type { AuditSample, HistoryEntry } from '../domain/application.ts';
import type { AuditOutcomeRequest } from '../domain/auto-approval.ts';
import { conflict, forbidden, ValidationError } from '../domain/errors.ts';
import { requirePort, requireSupervisor, type Principal } from '../domain/principal.ts';
import type { ReviewQueueQuery } from '../domain/review-schemas.ts';
import { systemClock, toShanghaiIso, type Clock } from '../domain/time.ts';
import { logger, recordMetric } from '../adapters/observability.ts';
import { applyTransition } from '../adapters/store/application-store.ts';
import { decodeAuditCursor, encodeAuditCursor, queryAuditList } from '../adapters/store/audit-store.ts';
import { queueSummary, recordFor } from './review.ts';
import type { AuditPage, AuditResult } from '../domain/responses.ts';


/** `GET /api/review/applications?port=&audit=true|referred`: one page of the port's audit list, longest waiting first. */
export async function listAuditSample(principal: Principal, query: ReviewQueueQuery): Promise<AuditPage> {
  requirePort(principal, query.port);
  const list = query.audit === 'referred' ? 'referred' : 'pending';
  if (list === 'referred') requireSupervisor(principal);
  let startKey: Record<string, string> | undefined;
  if (query.cursor) {
    startKey = decodeAuditCursor(query.cursor, { port: query.port, list });
    if (!startKey) throw new ValidationError([{ path: 'cursor', message: 'This cursor does not belong to this list.' }]);
  }
  const page = await queryAuditList({ port: query.port, list, limit: query.limit, startKey });
  return {
    items: page.records.map((record) => ({
      ...queueSummary(record),
      ...(record.decision ? { approvedAt: record.decision.decidedAt } : {}),
      ...(record.permit ? { permitNumber: record.permit.number } : {}),
      audit: record.audit!,
    })),
    ...(page.lastKey ? { nextCursor: encodeAuditCursor(page.lastKey) } : {}),
  };
}

/** `POST /api/review/applications/{id}/audit`: one conditional write on the version read, with its history entry. */
export async function recordAuditOutcome(
  principal: Principal,
  id: string,
  request: AuditOutcomeRequest,
  clock: Clock = systemClock,
): Promise<AuditResult> {
  const record = await recordFor(principal, id);
  const audit = record.audit;
  if (record.status !== 'APPROVED' || !audit) throw conflict(`Only a rule approval sampled for audit can be audited; this application is ${record.status} and was not sampled or is no longer approved.`);
  if (audit.state === 'confirmed') throw conflict(`This approval was audited already (confirmed by ${audit.confirmedBy}).`);
  if (audit.state === 'referred') {
    if (request.outcome === 'refer') throw conflict('This approval is already referred to a supervisor.');
    if (principal.role !== 'supervisor') throw forbidden('A referred approval is for a supervisor to confirm or revoke.');
  }
  const nowMs = clock();
  const at = toShanghaiIso(nowMs);
  const note = request.note ? { note: request.note } : {};
  const next: AuditSample =
    request.outcome === 'confirm'
      ? { ...audit, state: 'confirmed', confirmedAt: at, confirmedBy: principal.clerkId }
      : { ...audit, state: 'referred', referredAt: at, referredBy: principal.clerkId, ...note };
  const entry: HistoryEntry = { at, actor: principal.clerkId, action: `audit-${request.outcome}`, ...note };
  const applied = await applyTransition({
    id,
    from: ['APPROVED'],
    to: 'APPROVED',
    ports: principal.ports,
    version: record.version,
    set: { audit: next },
    entry,
    auditList: request.outcome === 'confirm' ? 'leave' : { join: { port: record.port, list: 'referred', sinceMs: nowMs } },
  });
  if (!applied) throw conflict('The application changed while the audit was being recorded; reload it and try again.');
  logger.info('Audit recorded', { outcome: request.outcome });
  recordMetric('AuditOutcomes', 1, { port: record.port, outcome: request.outcome });
  return { status: 'APPROVED', audit: next };
}
