/**
 * Compact JWS (ES256) with no platform underneath: base64url, the three parts, the header's algorithm,
 * type and key id, the payload's schema. The signature check itself is injected (node:crypto on the
 * server and in the CLI, WebCrypto in the browser), so the same rules decide everywhere.
 */
import * as z from 'zod';

export interface PublicJwk {
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

/** A JWKS as published at /api/permits/keys (and saved by a checkpoint device). */
export const jwksSchema = z.object({
  keys: z.array(
    z.object({
      kid: z.string().min(1),
      kty: z.literal('EC'),
      crv: z.literal('P-256'),
      x: z.string().min(1),
      y: z.string().min(1),
      alg: z.literal('ES256'),
      use: z.literal('sig'),
    }),
  ),
});

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const sextets = new Map([...alphabet].map((character, index) => [character, index]));
const base64UrlText = /^[A-Za-z0-9_-]+$/;

/**
 * The bytes of a base64url text, or undefined unless it is the one canonical spelling: a last character
 * whose unused bits are not zero decodes to the same bytes, so accepting it would make one token
 * spellable several ways.
 */
export function decodeBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!base64UrlText.test(text) || text.length % 4 === 1) return undefined;
  const bytes = new Uint8Array(Math.floor((text.length * 3) / 4));
  let pending = 0;
  let pendingBits = 0;
  let length = 0;
  for (const character of text) {
    pending = (pending << 6) | sextets.get(character)!;
    pendingBits += 6;
    if (pendingBits >= 8) {
      pendingBits -= 8;
      bytes[length++] = (pending >> pendingBits) & 0xff;
      pending &= (1 << pendingBits) - 1;
    }
  }
  return pending === 0 ? bytes : undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** What a signature check needs: the key the header names, the signed bytes and the raw signature. */
export interface SignatureInput {
  key: PublicJwk;
  signingInput: Uint8Array<ArrayBuffer>;
  /** ES256: r || s, 32 bytes each. */
  signature: Uint8Array<ArrayBuffer>;
}

/** ECDSA P-256 with SHA-256 over `signingInput`; node:crypto or WebCrypto behind it. */
export type SignatureVerifier = (input: SignatureInput) => boolean | Promise<boolean>;

/**
 * The checks of a signature's bytes that need no key and no platform: ES256 signatures are r || s,
 * 32 bytes each. A check that a signature is in its one canonical form belongs here too.
 */
export function signatureBytesAcceptable(signature: Uint8Array): boolean {
  return signature.length === 64 && hasLowS(signature);
}

/** The order of the P-256 group: (r, s) and (r, n - s) are both valid ECDSA signatures of one message. */
export const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

/** Only the lower of the two forms is accepted, so a genuine token has exactly one spelling. */
export function hasLowS(signature: Uint8Array): boolean {
  const s = [...signature.subarray(32, 64)].reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
  return s <= P256_ORDER / 2n;
}

export interface ExpectedJws<T> {
  /** The header's `typ`: a permit is never taken for a revocation list, nor the other way round. */
  type: string;
  payload: z.ZodType<T>;
  maxLength: number;
}

export type OpenedJws<T> =
  | { ok: true; payload: T; signature: SignatureInput }
  | { ok: false; reason: 'malformed' | 'bad-signature' };

/**
 * Everything about a token but the signature arithmetic: `malformed` unless it is three canonical
 * base64url parts with a JSON header of the expected type and a payload of the expected shape;
 * `bad-signature` unless it names ES256 and a published key and carries an acceptable signature.
 */
export function openCompactJws<T>(token: unknown, expected: ExpectedJws<T>, jwks: Jwks): OpenedJws<T> {
  if (typeof token !== 'string' || token.length > expected.maxLength) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const decoded = parts.map(decodeBase64Url);
  if (decoded.some((bytes) => bytes === undefined)) return { ok: false, reason: 'malformed' };
  const [headerBytes, payloadBytes, signature] = decoded as [Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>];
  let header: { alg?: unknown; kid?: unknown; typ?: unknown };
  let payload: T;
  try {
    header = JSON.parse(utf8.decode(headerBytes));
    const parsed = expected.payload.safeParse(JSON.parse(utf8.decode(payloadBytes)));
    if (!parsed.success || typeof header !== 'object' || header === null || header.typ !== expected.type) return { ok: false, reason: 'malformed' };
    payload = parsed.data;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const key = jwks.keys.find((candidate) => candidate.kid === header.kid);
  if (header.alg !== 'ES256' || !key || !signatureBytesAcceptable(signature)) return { ok: false, reason: 'bad-signature' };
  const signingInput = new TextEncoder().encode(`${parts[0]}.${parts[1]}`);
  return { ok: true, payload, signature: { key, signingInput, signature } };
}

/** Opens the token and checks its signature with the verifier given. */
export async function verifyCompactJws<T>(
  token: unknown,
  expected: ExpectedJws<T>,
  jwks: Jwks,
  verifySignature: SignatureVerifier,
): Promise<{ ok: true; payload: T } | { ok: false; reason: 'malformed' | 'bad-signature' }> {
  const opened = openCompactJws(token, expected, jwks);
  if (!opened.ok) return opened;
  return (await verifySignature(opened.signature)) ? { ok: true, payload: opened.payload } : { ok: false, reason: 'bad-signature' };
}
