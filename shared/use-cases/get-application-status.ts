/** What an applicant sees of their application, given its id and the access token shown at submission. */
import { timingSafeEqual } from 'node:crypto';
import type { ApplicationRecord, Flag } from '../application.ts';
import { getApplication } from '../application-store.ts';
import { notFound } from '../errors.ts';
import { applicantVisibleFlagCodes } from '../screening.ts';
import { sha256 } from '../secrets.ts';

export interface ApplicationStatusView {
  id: string;
  kind: ApplicationRecord['kind'];
  port: string;
  status: ApplicationRecord['status'];
  lane: ApplicationRecord['lane'];
  submittedAt: string;
  reviewDeadline: string;
  flags?: Flag[];
}

const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** An unknown id and a wrong token give the same answer, so existence is not revealed. */
export async function getApplicationStatus(id: string, accessToken: string | undefined): Promise<ApplicationStatusView> {
  if (!accessToken || !/^[A-Za-z0-9_-]{20,64}$/.test(id)) throw notFound();
  const record = await getApplication(id);
  if (!record || !sameHash(record.accessTokenHash, sha256(accessToken))) throw notFound();
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
  };
}
