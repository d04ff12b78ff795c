/** A checkpoint's online check: the signature and dates, then whether the permit has been revoked since. */
import { getApplication } from '../adapters/store/application-store.ts';
import { logger } from '../adapters/observability.ts';
import { annotateTrace } from '../adapters/tracing.ts';
import { verifyPermitToken, type Jwks } from '../domain/permit-token.ts';
import type { VerifyResult } from '../domain/responses.ts';
import { systemClock, type Clock } from '../domain/time.ts';

export async function verifyPermitOnline(token: unknown, jwks: Jwks, clock: Clock = systemClock): Promise<VerifyResult> {
  const verdict = verifyPermitToken(token, jwks, clock());
  if (!verdict.valid) return { valid: false, reason: verdict.reason };
  annotateTrace({ port: verdict.permit.port });
  const record = await getApplication(verdict.permit.applicationId);
  if (record?.status !== 'APPROVED' || record.permit?.number !== verdict.permit.number) {
    logger.info('Permit verified as revoked', { applicationId: verdict.permit.applicationId, port: verdict.permit.port });
    return { valid: false, reason: 'revoked' };
  }
  return verdict;
}
