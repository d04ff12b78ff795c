/**
 * Permits as compact JWS (ES256). The signer is an interface: KMS in AWS (the private key never leaves
 * it), a local key pair on a developer's machine. Verification needs only the JWKS, so a checkpoint can
 * check a permit with no network.
 */
import { createPublicKey, verify as verifySignature, type JsonWebKey } from 'node:crypto';
import * as z from 'zod';
import { dateSchema } from './schemas.ts';
import { shanghaiDate } from './time.ts';

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

export interface PermitSigner {
  /** The key id published in the JWKS and put in each token's header. */
  keyId(): Promise<string>;
  /** An ECDSA P-256 SHA-256 signature of `data`, as the 64 raw bytes r || s that JWS uses. */
  sign(data: Buffer): Promise<Buffer>;
}

export interface PublicJwk extends JsonWebKey {
  kid: string;
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  alg: 'ES256';
  use: 'sig';
}

export interface Jwks {
  keys: PublicJwk[];
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export async function signPermit(signer: PermitSigner, claims: PermitClaims): Promise<string> {
  const header = { alg: 'ES256', typ: 'permit+jws', kid: await signer.keyId() };
  const signingInput = `${encode(header)}.${encode(claims)}`;
  const signature = await signer.sign(Buffer.from(signingInput));
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** Why a permit does not hold, as `POST /api/permits/verify` and the offline check answer. */
export const permitRejectionReasons = ['bad-signature', 'expired', 'not-yet-valid', 'revoked', 'malformed'] as const;

export type PermitVerdict =
  | { valid: true; permit: PermitClaims }
  | { valid: false; reason: (typeof permitRejectionReasons)[number]; permit?: PermitClaims };

/** The body of `POST /api/permits/verify`. */
export const verifyRequestSchema = z.strictObject({
  token: z.string('Send the permit token as a string.').max(16_384, 'A permit token is at most 16 KiB.'),
});

const jwsPart = /^[A-Za-z0-9_-]+$/;

/**
 * A JWS part's bytes, or undefined unless it is canonical base64url: a last character whose unused bits
 * are not zero decodes to the same bytes, so accepting it would make one token spellable several ways.
 */
export function decodeJwsPart(part: string): Buffer | undefined {
  if (!jwsPart.test(part)) return undefined;
  const bytes = Buffer.from(part, 'base64url');
  return bytes.toString('base64url') === part ? bytes : undefined;
}

/** Signature against the JWKS, then the validity dates in Asia/Shanghai. Revocation is the caller's online check. */
export function verifyPermitToken(token: unknown, jwks: Jwks, nowMs: number): PermitVerdict {
  if (typeof token !== 'string' || token.length > 16_384) return { valid: false, reason: 'malformed' };
  const parts = token.split('.');
  const decoded = parts.map(decodeJwsPart);
  if (parts.length !== 3 || decoded.some((bytes) => bytes === undefined)) return { valid: false, reason: 'malformed' };
  const [encodedHeader, encodedClaims] = parts as [string, string, string];
  const [headerBytes, claimsBytes, signature] = decoded as [Buffer, Buffer, Buffer];
  let header: { alg?: unknown; kid?: unknown };
  let claims: PermitClaims;
  try {
    header = JSON.parse(headerBytes.toString('utf8'));
    const parsed = permitClaimsSchema.safeParse(JSON.parse(claimsBytes.toString('utf8')));
    if (!parsed.success) return { valid: false, reason: 'malformed' };
    claims = parsed.data;
  } catch {
    return { valid: false, reason: 'malformed' };
  }
  const jwk = jwks.keys.find((key) => key.kid === header.kid);
  if (header.alg !== 'ES256' || !jwk || signature.length !== 64) return { valid: false, reason: 'bad-signature' };
  const publicKey = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, format: 'jwk' });
  const genuine = verifySignature('sha256', Buffer.from(`${encodedHeader}.${encodedClaims}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
  if (!genuine) return { valid: false, reason: 'bad-signature' };
  const today = shanghaiDate(nowMs);
  if (today < claims.validFrom) return { valid: false, reason: 'not-yet-valid', permit: claims };
  if (today > claims.validUntil) return { valid: false, reason: 'expired', permit: claims };
  return { valid: true, permit: claims };
}

/** A public key as a JWK with its id. */
export function toPublicJwk(publicKeyDerOrPem: Buffer | string, kid: string): PublicJwk {
  const key = Buffer.isBuffer(publicKeyDerOrPem)
    ? createPublicKey({ key: publicKeyDerOrPem, format: 'der', type: 'spki' })
    : createPublicKey(publicKeyDerOrPem);
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256') throw new Error('Permit keys are ECDSA P-256');
  return { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y!, kid, alg: 'ES256', use: 'sig' };
}

/** KMS returns DER-encoded ECDSA signatures; JWS wants r || s, each 32 bytes. */
export function derToJoseSignature(der: Buffer): Buffer {
  let offset = 2;
  if (der[0] !== 0x30) throw new Error('Not a DER ECDSA signature');
  if (der[1]! & 0x80) offset = 2 + (der[1]! & 0x7f);
  const readInteger = () => {
    if (der[offset] !== 0x02) throw new Error('Not a DER ECDSA signature');
    const length = der[offset + 1]!;
    const value = der.subarray(offset + 2, offset + 2 + length);
    offset += 2 + length;
    const trimmed = value.subarray(Math.max(0, value.length - 32));
    return Buffer.concat([Buffer.alloc(32 - trimmed.length), trimmed]);
  };
  return Buffer.concat([readInteger(), readInteger()]);
}
