/** What an applicant sees of their application, given its id and the access token shown at submission. */
import { timingSafeEqual } from 'node:crypto';
import { isApplicationId, type ApplicationRecord, type Flag } from '../domain/application.ts';
import type { Permit } from '../domain/permit-token.ts';
import type { ApplicationInput } from '../domain/schemas.ts';
import { getApplication } from '../adapters/store/application-store.ts';
import { notFound } from '../domain/errors.ts';
import { applicantVisibleFlagCodes } from '../domain/screening.ts';
import { sha256 } from '../domain/secrets.ts';
import { MINUTE_MS } from '../domain/time.ts';
import { logger } from '../adapters/observability.ts';

export interface ApplicationStatusView {
  id: string;
  kind: ApplicationRecord['kind'];
  port: string;
  status: ApplicationRecord['status'];
  lane: ApplicationRecord['lane'];
  submittedAt: string;
  reviewDeadline: string;
  flags?: Flag[];
  infoRequest?: { reasonCode: string; message: string; requestedAt: string };
  /** While information is requested the clock is stopped with this much review time left. */
  clockRemainingMinutes?: number;
  permit?: Permit;
  decision?: { outcome: 'approve' | 'reject'; reasonCode?: string; note?: string; decidedAt: string; excludedMembers?: number[] };
  /** What the applicant submitted (with any answer's changes): their own content, nothing an officer added. */
  application: ApplicationInput;
}

const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** An unknown id and a wrong token give the same answer, so existence is not revealed. */
export async function authorisedRecord(id: string, accessToken: string | undefined): Promise<ApplicationRecord> {
  if (!accessToken || !isApplicationId(id)) throw notFound();
  const record = await getApplication(id);
  if (!record || !sameHash(record.accessTokenHash, sha256(accessToken))) throw notFound();
  logger.appendKeys({ applicationId: record.id, port: record.port });
  return record;
}

export async function getApplicationStatus(id: string, accessToken: string | undefined): Promise<ApplicationStatusView> {
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
            reasonCode: record.infoRequest.reasonCode,
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
            ...(record.decision.reasonCode ? { reasonCode: record.decision.reasonCode } : {}),
            ...(record.decision.note ? { note: record.decision.note } : {}),
            ...(record.decision.excludedMembers ? { excludedMembers: record.decision.excludedMembers } : {}),
          },
        }
      : {}),
    ...(record.status === 'APPROVED' && record.permit ? { permit: record.permit } : {}),
    application: record.application,
  };
}
