/**
 * Permits as compact JWS (ES256). The signer is an interface: KMS in AWS (the private key never leaves
 * it), a local key pair on a developer's machine. Verification needs only the JWKS, so a checkpoint can
 * check a permit with no network; its rules live in jws.ts and permit-check.ts, which run in a browser
 * too, and this module gives them node:crypto.
 */
import { createPublicKey, verify } from 'node:crypto';
import * as z from 'zod';
import { decodeBase64Url, hasLowS, openCompactJws, P256_ORDER, type Jwks, type PublicJwk, type SignatureVerifier } from './jws.ts';
import { judgePermit, PERMIT_TOKEN_TYPE, permitToken, type PermitClaims, type PermitVerdict } from './permit-check.ts';

export { hasLowS } from './jws.ts';

export type { Jwks, PublicJwk } from './jws.ts';
export type { Permit, PermitClaims, PermitVerdict } from './permit-check.ts';

export interface PermitSigner {
  /** The key id published in the JWKS and put in each token's header. */
  keyId(): Promise<string>;
  /** An ECDSA P-256 SHA-256 signature of `data`, as the 64 raw bytes r || s that JWS uses. */
  sign(data: Buffer): Promise<Buffer>;
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A compact JWS of `payload` with the permit key, its header naming the document type. */
export async function signJws(signer: PermitSigner, type: string, payload: unknown): Promise<string> {
  const header = { alg: 'ES256', typ: type, kid: await signer.keyId() };
  const signingInput = `${encode(header)}.${encode(payload)}`;
  const signature = await signer.sign(Buffer.from(signingInput));
  return `${signingInput}.${signature.toString('base64url')}`;
}

export const signPermit = (signer: PermitSigner, claims: PermitClaims): Promise<string> => signJws(signer, PERMIT_TOKEN_TYPE, claims);

/** The body of `POST /api/permits/verify`. */
export const verifyRequestSchema = z.strictObject({
  token: z.string('Send the permit token as a string.').max(16_384, 'A permit token is at most 16 KiB.'),
});

/** A JWS part's bytes, or undefined unless it is canonical base64url (one token, one spelling). */
export function decodeJwsPart(part: string): Buffer | undefined {
  const bytes = decodeBase64Url(part);
  return bytes && Buffer.from(bytes);
}

/** The signature check on the server and in the command-line tool. */
export const nodeSignatureVerifier = (({ key, signingInput, signature }) =>
  verify(
    'sha256',
    signingInput,
    { key: createPublicKey({ key: { kty: key.kty, crv: key.crv, x: key.x, y: key.y }, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
    signature,
  )) satisfies SignatureVerifier;

/** Signature against the JWKS, then the validity dates in Asia/Shanghai. Revocation is the caller's online check. */
export function verifyPermitToken(token: unknown, jwks: Jwks, nowMs: number): PermitVerdict {
  const opened = openCompactJws(token, permitToken, jwks);
  if (!opened.ok) return { valid: false, reason: opened.reason };
  if (!nodeSignatureVerifier(opened.signature)) return { valid: false, reason: 'bad-signature' };
  return judgePermit(opened.payload, nowMs);
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

/** An r || s signature in its low-S form: what every signer hands out. */
export function toLowS(signature: Buffer): Buffer {
  if (hasLowS(signature)) return signature;
  const s = Buffer.from((P256_ORDER - BigInt(`0x${signature.subarray(32, 64).toString('hex')}`)).toString(16).padStart(64, '0'), 'hex');
  return Buffer.concat([signature.subarray(0, 32), s]);
}

/** KMS returns DER-encoded ECDSA signatures; JWS wants r || s, each 32 bytes, here with a low s. */
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
  return toLowS(Buffer.concat([readInteger(), readInteger()]));
}
