/**
 * The signed revocation list that checkpoints keep offline. The route is public and each list costs a
 * KMS signature, so a function instance signs at most one list per minute and says how long the rest of
 * that minute a client or the CDN may keep it.
 */
import { logger } from '../adapters/observability.ts';
import { listRevokedPermits } from '../adapters/store/revocation-store.ts';
import { REVOCATION_LIST_TYPE, type RevocationListDocument } from '../domain/permit-check.ts';
import { signJws, type PermitSigner } from '../domain/permit-token.ts';
import { shanghaiDate, systemClock, toShanghaiIso, type Clock } from '../domain/time.ts';

export const REVOCATION_LIST_CACHE_MS = 60_000;

/** Far more than are ever revoked at once, and small enough for a Lambda response (token included). */
export const MAX_LISTED_REVOCATIONS = 20_000;

/** Every revoked permit that could still be presented (last valid day today or later), signed. */
export async function signRevocationList(signer: PermitSigner, nowMs: number): Promise<RevocationListDocument> {
  const revoked = await listRevokedPermits(shanghaiDate(nowMs), MAX_LISTED_REVOCATIONS);
  const claims = { issuedAt: toShanghaiIso(nowMs), revoked };
  const token = await signJws(signer, REVOCATION_LIST_TYPE, claims);
  logger.info('Revocation list signed', { revoked: revoked.length });
  return { ...claims, token };
}

export interface CachedRevocationList {
  list: RevocationListDocument;
  /** Seconds the list stays current in this instance's cache, for Cache-Control. */
  maxAgeSeconds: number;
}

/** One list per `ttlMs` per instance; concurrent requests share the signing, a failed one is not kept. */
export function cachedRevocationList(signer: PermitSigner, clock: Clock = systemClock, ttlMs = REVOCATION_LIST_CACHE_MS): () => Promise<CachedRevocationList> {
  let cached: { expiresAtMs: number; list: Promise<RevocationListDocument> } | undefined;
  return async () => {
    const nowMs = clock();
    if (!cached || cached.expiresAtMs <= nowMs) {
      const list = signRevocationList(signer, nowMs);
      const entry = { expiresAtMs: nowMs + ttlMs, list };
      cached = entry;
      list.catch(() => {
        if (cached === entry) cached = undefined;
      });
    }
    const { expiresAtMs, list } = cached;
    return { list: await list, maxAgeSeconds: Math.max(0, Math.floor((expiresAtMs - nowMs) / 1000)) };
  };
}
