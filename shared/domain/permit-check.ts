/**
 * A checkpoint's verdict on a permit, the same on the officer's page, in the command-line tool and on the
 * server: the token's signature (checked by an injected verifier), its validity dates in Asia/Shanghai,
 * and a signed revocation list. Nothing here needs a platform: no node:crypto, no DOM, no network.
 */
import * as z from 'zod';
import { openCompactJws, verifyCompactJws, type ExpectedJws, type Jwks, type SignatureVerifier } from './jws.ts';
import { dateSchema } from './schema-basics.ts';
import { HOUR_MS, shanghaiDate } from './time.ts';

export const permitHolderSchema = z.object({ fullName: z.string(), documentNumber: z.string() });

/** What a permit says; the token signs exactly these fields. */
export const permitClaimsSchema = z.object({
  number: z.string().min(1),
  applicationId: z.string().min(1),
  port: z.string().min(1),
  kind: z.enum(['border-tourism', 'cargo-transit']),
  validFrom: dateSchema,
  validUntil: dateSchema,
  holders: z.array(permitHolderSchema).min(1),
  vehiclePlate: z.string().optional(),
  issuedAt: z.string(),
});
export type PermitClaims = z.infer<typeof permitClaimsSchema>;

export interface Permit extends PermitClaims {
  token: string;
}

/** Why a permit does not hold, as `POST /api/permits/verify` and the offline checks answer. */
export const permitRejectionReasons = ['bad-signature', 'expired', 'not-yet-valid', 'revoked', 'malformed'] as const;
export type PermitRejection = (typeof permitRejectionReasons)[number];

export type PermitVerdict =
  | { valid: true; permit: PermitClaims }
  | { valid: false; reason: PermitRejection; permit?: PermitClaims; revokedAt?: string };

export const PERMIT_TOKEN_TYPE = 'permit+jws';
export const REVOCATION_LIST_TYPE = 'revocation-list+jws';

export const permitToken: ExpectedJws<PermitClaims> = { type: PERMIT_TOKEN_TYPE, payload: permitClaimsSchema, maxLength: 16_384 };

/** The dates (Asia/Shanghai) of a permit whose signature holds, then the revocation list when there is one. */
export function judgePermit(permit: PermitClaims, nowMs: number, revocations?: TrustedRevocationList): PermitVerdict {
  const today = shanghaiDate(nowMs);
  if (today < permit.validFrom) return { valid: false, reason: 'not-yet-valid', permit };
  if (today > permit.validUntil) return { valid: false, reason: 'expired', permit };
  const revokedAt = revocations?.revokedAt.get(permit.number);
  if (revokedAt !== undefined) return { valid: false, reason: 'revoked', permit, revokedAt };
  return { valid: true, permit };
}

export interface PermitCheck {
  jwks: Jwks;
  verifySignature: SignatureVerifier;
  nowMs: number;
  /** A list already checked with `openRevocationList`; without one, revocations are not seen. */
  revocations?: TrustedRevocationList;
}

/** The whole offline check of a scanned or pasted token. */
export async function checkPermit(token: unknown, check: PermitCheck): Promise<PermitVerdict> {
  const opened = openCompactJws(typeof token === 'string' ? token.trim() : token, permitToken, check.jwks);
  if (!opened.ok) return { valid: false, reason: opened.reason };
  if (!(await check.verifySignature(opened.signature))) return { valid: false, reason: 'bad-signature' };
  return judgePermit(opened.payload, check.nowMs, check.revocations);
}

// --- The signed revocation list ---------------------------------------------------------------------

export const revokedPermitSchema = z.object({ number: z.string().min(1), revokedAt: z.string() });
export type RevokedPermit = z.infer<typeof revokedPermitSchema>;

/** What the list's token signs. */
export const revocationListClaimsSchema = z.object({ issuedAt: z.string(), revoked: z.array(revokedPermitSchema) });
export type RevocationListClaims = z.infer<typeof revocationListClaimsSchema>;

/** The body of GET /api/permits/revocations, as a device saves it. */
export const revocationListDocumentSchema = revocationListClaimsSchema.extend({ token: z.string() });
export type RevocationListDocument = z.infer<typeof revocationListDocumentSchema>;

/** Room for tens of thousands of revocations; a permit token is far smaller. */
export const revocationListToken: ExpectedJws<RevocationListClaims> = { type: REVOCATION_LIST_TYPE, payload: revocationListClaimsSchema, maxLength: 8 * 1024 * 1024 };

/** A list whose signature held: only what its token signed, never the unsigned copy beside it. */
export interface TrustedRevocationList {
  issuedAt: string;
  issuedAtMs: number;
  count: number;
  /** Permit number -> when it was revoked. */
  revokedAt: Map<string, string>;
}

/** Checks a saved revocation list against the keys; `malformed` or `bad-signature` when it cannot be trusted. */
export async function openRevocationList(
  document: unknown,
  jwks: Jwks,
  verifySignature: SignatureVerifier,
): Promise<{ ok: true; list: TrustedRevocationList } | { ok: false; reason: 'malformed' | 'bad-signature' }> {
  const parsed = revocationListDocumentSchema.safeParse(document);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  const verified = await verifyCompactJws(parsed.data.token, revocationListToken, jwks, verifySignature);
  if (!verified.ok) return verified;
  const issuedAtMs = Date.parse(verified.payload.issuedAt);
  if (Number.isNaN(issuedAtMs)) return { ok: false, reason: 'malformed' };
  return {
    ok: true,
    list: {
      issuedAt: verified.payload.issuedAt,
      issuedAtMs,
      count: verified.payload.revoked.length,
      revokedAt: new Map(verified.payload.revoked.map((entry) => [entry.number, entry.revokedAt])),
    },
  };
}

/** How old a list may be before a checkpoint is warned that recent revocations may be missing. */
export const DEFAULT_REVOCATION_LIST_MAX_AGE_HOURS = 12;

export function revocationListAge(list: TrustedRevocationList, nowMs: number, maxAgeHours = DEFAULT_REVOCATION_LIST_MAX_AGE_HOURS) {
  const ageMs = Math.max(0, nowMs - list.issuedAtMs);
  return { ageMs, stale: ageMs > maxAgeHours * HOUR_MS };
}

/**
 * The verdict to show when the service also answered: its answer decides (it has the live status and the
 * current keys), except that a revocation known to either side always wins.
 */
export function combineVerdicts(local: PermitVerdict, online: PermitVerdict | undefined): PermitVerdict {
  if (!online) return local;
  const permit = online.permit ?? local.permit;
  if (!local.valid && local.reason === 'revoked') return local;
  if (!online.valid && online.reason === 'revoked') return { valid: false, reason: 'revoked', ...(permit ? { permit } : {}) };
  if (online.valid) return online;
  return { valid: false, reason: online.reason, ...(permit && online.reason !== 'bad-signature' && online.reason !== 'malformed' ? { permit } : {}) };
}

/** The answer of POST /api/permits/verify, as a checkpoint reads it. */
export const permitVerdictSchema = z.union([
  z.object({ valid: z.literal(true), permit: permitClaimsSchema }),
  z.object({ valid: z.literal(false), reason: z.enum(permitRejectionReasons) }),
]);
