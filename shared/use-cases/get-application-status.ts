/**
 * What an applicant sees of their application, given its id and the access token shown at submission:
 * never what is meant for officers (watch-list, duplicate or look-alike flags, internal notes, reason
 * codes outside the applicant-safe set).
 */
import { timingSafeEqual } from 'node:crypto';
import { applicantVisibleFlagCodes, isApplicationId, type ApplicationRecord } from '../domain/application.ts';
import { getApplication } from '../adapters/store/application-store.ts';
import { notFound } from '../domain/errors.ts';
import { applicantReasonCode } from '../domain/reason-codes.ts';
import type { ApplicantView } from '../domain/responses.ts';
import { sha256 } from '../domain/secrets.ts';
import { MINUTE_MS } from '../domain/time.ts';
import { logger } from '../adapters/observability.ts';
import { annotateTrace } from '../adapters/tracing.ts';

const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** An unknown id and a wrong token give the same answer, so existence is not revealed. */
export async function authorisedRecord(id: string, accessToken: string | undefined): Promise<ApplicationRecord> {
  if (!accessToken || !isApplicationId(id)) throw notFound();
  const record = await getApplication(id);
  if (!record || !sameHash(record.accessTokenHash, sha256(accessToken))) throw notFound();
  logger.appendKeys({ applicationId: record.id, port: record.port });
  annotateTrace({ port: record.port, lane: record.lane });
  return record;
}

export async function getApplicationStatus(id: string, accessToken: string | undefined): Promise<ApplicantView> {
  const record = await authorisedRecord(id, accessToken);
  const flags = record.flags.filter((flag) => applicantVisibleFlagCodes.has(flag.code));
  return {
    id: record.id,
    kind: record.kind,
    port: record.port,
    status: record.status,
    lane: record.lane,
    submittedAt: record.submittedAt,
    reviewDeadline: record.reviewDeadline,
    ...(flags.length > 0 ? { flags } : {}),
    ...(record.status === 'INFO_REQUESTED' && record.infoRequest
      ? {
          infoRequest: {
            reasonCode: applicantReasonCode(record.infoRequest.reasonCode),
            message: record.infoRequest.message,
            requestedAt: record.infoRequest.requestedAt,
          },
          clockRemainingMinutes: Math.round((record.clockRemainingMs ?? 0) / MINUTE_MS),
        }
      : {}),
    ...(record.decision
      ? {
          decision: {
            outcome: record.decision.outcome,
            decidedAt: record.decision.decidedAt,
            ...(record.decision.reasonCode ? { reasonCode: applicantReasonCode(record.decision.reasonCode) } : {}),
            ...(record.decision.applicantMessage ? { applicantMessage: record.decision.applicantMessage } : {}),
            ...(record.decision.excludedMembers ? { excludedMembers: record.decision.excludedMembers } : {}),
          },
        }
      : {}),
    ...(record.status === 'APPROVED' && record.permit ? { permit: record.permit } : {}),
    ...(record.status === 'REVOKED' && record.revocation
      ? {
          revocation: {
            reasonCode: applicantReasonCode(record.revocation.reasonCode),
            revokedAt: record.revocation.revokedAt,
            ...(record.revocation.applicantMessage ? { applicantMessage: record.revocation.applicantMessage } : {}),
          },
        }
      : {}),
    application: record.application,
  };
}
