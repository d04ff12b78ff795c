/** Identifiers and secrets: random enough not to be guessed, stored only in forms that reveal nothing. */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/** 128 random bits, URL-safe. */
export const newApplicationId = () => randomBytes(16).toString('base64url');

/** 256 random bits, URL-safe; shown to the applicant once. */
export const newAccessToken = () => randomBytes(32).toString('base64url');

export const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

/** JSON with object keys sorted, so equal bodies give equal strings whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A replayed submission must return the access token again, yet the table may not hold it. It is sealed
 * with a key derived from the idempotency key and the body: only a caller who presents both can open it.
 */
function replayKey(idempotencyKey: string, canonicalBody: string): Buffer {
  return Buffer.from(hkdfSync('sha256', idempotencyKey, canonicalBody, 'permit-intake-replay', 32));
}

export function sealForReplay(secret: string, idempotencyKey: string, canonicalBody: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', replayKey(idempotencyKey, canonicalBody), iv);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

export function openReplay(sealed: string, idempotencyKey: string, canonicalBody: string): string {
  const bytes = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', replayKey(idempotencyKey, canonicalBody), bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
}

/** The body fingerprint kept with an idempotency record; a different derivation from the sealing key. */
export const bodyFingerprint = (canonicalBody: string) => sha256(`fingerprint:${canonicalBody}`);
