import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSign, generateKeyPairSync, verify } from 'node:crypto';
import { localJwks, localSigner, rotateLocalKey } from '../../shared/adapters/permit-signers.ts';
import { derToJoseSignature, hasLowS, signPermit, verifyPermitToken, type PermitClaims } from '../../shared/domain/permit-token.ts';
import type { ApplicationRecord } from '../../shared/domain/application.ts';
import { CARGO_GRACE_DAYS, checkDigit, formatPermitNumber, permitClaimsFor } from '../../shared/domain/permits.ts';
import { validateApplication } from '../../shared/domain/validate-application.ts';
import { addDays, cargoApplication, today, tourismApplication } from '../fixtures/applications.ts';

const claims: PermitClaims = {
  number: formatPermitNumber('MOHAN', '2026', 42),
  applicationId: 'AbCdEfGhIjKlMnOpQrStUv',
  port: 'MOHAN',
  kind: 'border-tourism',
  validFrom: '2026-12-01',
  validUntil: '2026-12-05',
  holders: [{ fullName: 'Li Wei', documentNumber: 'E12345678' }],
  issuedAt: '2026-11-24T10:00:00+08:00',
};
const at = (iso: string) => Date.parse(iso);

const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const toBytes = (value: bigint) => Buffer.from(value.toString(16).padStart(64, '0'), 'hex');
const toBigInt = (bytes: Buffer) => BigInt(`0x${bytes.toString('hex')}`);
/** The other valid form of an r || s signature: (r, n - s). */
const twinOf = (signature: Buffer) => Buffer.concat([signature.subarray(0, 32), toBytes(P256_ORDER - toBigInt(signature.subarray(32)))]);

/** DER as KMS sends it: SEQUENCE of two INTEGERs, each minimal with a leading 0 byte when its top bit is set. */
function derOf(signature: Buffer): Buffer {
  const integer = (bytes: Buffer) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const minimal = bytes.subarray(start);
    const body = minimal[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), minimal]) : minimal;
    return Buffer.concat([Buffer.from([0x02, body.length]), body]);
  };
  const content = Buffer.concat([integer(signature.subarray(0, 32)), integer(signature.subarray(32))]);
  return Buffer.concat([Buffer.from([0x30, content.length]), content]);
}

describe('permit tokens', () => {
  const directory = mkdtempSync(join(tmpdir(), 'permit-keys-'));
  const signer = localSigner(directory);

  it('verifies within the dates and says why outside them', async () => {
    const token = await signPermit(signer, claims);
    const jwks = localJwks(directory);
    expect(verifyPermitToken(token, jwks, at('2026-12-01T00:00:00+08:00'))).toEqual({ valid: true, permit: claims });
    expect(verifyPermitToken(token, jwks, at('2026-12-05T23:59:59+08:00')).valid).toBe(true);
    expect(verifyPermitToken(token, jwks, at('2026-11-30T23:59:59+08:00'))).toMatchObject({ valid: false, reason: 'not-yet-valid' });
    expect(verifyPermitToken(token, jwks, at('2026-12-06T00:00:00+08:00'))).toMatchObject({ valid: false, reason: 'expired' });
  });

  it('detects one changed character and tokens from another key', async () => {
    const token = await signPermit(signer, claims);
    const jwks = localJwks(directory);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, validUntil: '2027-12-05' })).toString('base64url');
    const flipped = `${header}.${payload}.${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    const when = at('2026-12-02T10:00:00+08:00');
    expect(verifyPermitToken(`${header}.${forgedPayload}.${signature}`, jwks, when)).toEqual({ valid: false, reason: 'bad-signature' });
    expect(verifyPermitToken(flipped, jwks, when)).toEqual({ valid: false, reason: 'bad-signature' });
    const stranger = localSigner(mkdtempSync(join(tmpdir(), 'other-keys-')));
    expect(verifyPermitToken(await signPermit(stranger, claims), jwks, when)).toEqual({ valid: false, reason: 'bad-signature' });
  });

  it('refuses a second spelling of the same signature (non-zero unused bits in the last character)', async () => {
    const token = await signPermit(signer, claims);
    const jwks = localJwks(directory);
    const when = at('2026-12-02T10:00:00+08:00');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(token.at(-1)!);
    // 64 signature bytes fill 86 characters with 4 bits to spare: the low 4 bits of the last one are unused.
    const respelled = `${token.slice(0, -1)}${alphabet[last | 1] === token.at(-1) ? alphabet[last & ~1] : alphabet[last | 1]}`;
    expect(Buffer.from(respelled.split('.')[2]!, 'base64url')).toEqual(Buffer.from(token.split('.')[2]!, 'base64url'));
    expect(verifyPermitToken(token, jwks, when).valid).toBe(true);
    expect(verifyPermitToken(respelled, jwks, when)).toEqual({ valid: false, reason: 'malformed' });
  });

  it('refuses the (r, n-s) twin of a genuine token, which ECDSA alone would accept', async () => {
    const jwks = localJwks(directory);
    const when = at('2026-12-02T10:00:00+08:00');
    const token = await signPermit(signer, claims);
    const [header, payload, encodedSignature] = token.split('.') as [string, string, string];
    const twin = twinOf(Buffer.from(encodedSignature, 'base64url'));
    const publicKey = { key: { ...jwks.keys[0]!, kid: undefined }, format: 'jwk' as const, dsaEncoding: 'ieee-p1363' as const };
    expect(verify('sha256', Buffer.from(`${header}.${payload}`), publicKey, twin)).toBe(true);
    expect(verifyPermitToken(token, jwks, when).valid).toBe(true);
    expect(verifyPermitToken(`${header}.${payload}.${twin.toString('base64url')}`, jwks, when)).toEqual({ valid: false, reason: 'bad-signature' });
  });

  it('signs with the local key in low-S form only, so every issued permit verifies', async () => {
    const jwks = localJwks(directory);
    const when = at('2026-12-02T10:00:00+08:00');
    // Raw ECDSA gives a high s about half the time: 40 low ones by chance is a 1 in 2^40 event.
    for (let attempt = 0; attempt < 40; attempt++) {
      const token = await signPermit(signer, { ...claims, number: formatPermitNumber('MOHAN', '2026', attempt) });
      expect(hasLowS(Buffer.from(token.split('.')[2]!, 'base64url'))).toBe(true);
      expect(verifyPermitToken(token, jwks, when).valid).toBe(true);
    }
  });

  it.each([undefined, '', 'a.b', 'a.b.c.d', '!!.??.**', `${Buffer.from('{}').toString('base64url')}.e30.AAAA`])('calls %s malformed', (token) => {
    expect(verifyPermitToken(token, { keys: [] }, Date.now())).toMatchObject({ valid: false, reason: 'malformed' });
  });

  it('keeps old keys verifying after a rotation while the new key signs', async () => {
    const rotating = mkdtempSync(join(tmpdir(), 'rotating-keys-'));
    const rotatingSigner = localSigner(rotating);
    const oldToken = await signPermit(rotatingSigner, claims);
    const oldKid = JSON.parse(Buffer.from(oldToken.split('.')[0]!, 'base64url').toString()).kid;
    rotateLocalKey(rotating, new Date(Date.now() + 1000));
    const newToken = await signPermit(rotatingSigner, claims);
    const newKid = JSON.parse(Buffer.from(newToken.split('.')[0]!, 'base64url').toString()).kid;
    expect(newKid).not.toBe(oldKid);
    const jwks = localJwks(rotating);
    expect(jwks.keys.map((key) => key.kid)).toEqual([newKid, oldKid]);
    const when = at('2026-12-02T10:00:00+08:00');
    expect(verifyPermitToken(oldToken, jwks, when).valid).toBe(true);
    expect(verifyPermitToken(newToken, jwks, when).valid).toBe(true);
    // Once the old key is no longer published, its permits no longer verify.
    expect(verifyPermitToken(oldToken, { keys: jwks.keys.filter((key) => key.kid === newKid) }, when)).toMatchObject({ reason: 'bad-signature' });
  });

  it('publishes no private key material', () => {
    const published = JSON.stringify(localJwks(directory));
    expect(published).not.toMatch(/"d"\s*:/);
    expect(published).not.toContain('PRIVATE KEY');
  });

  it('converts DER signatures (as KMS returns them) to JWS form', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    for (let attempt = 0; attempt < 20; attempt++) {
      const data = Buffer.from(`message ${attempt}`);
      const der = createSign('sha256').update(data).sign(privateKey);
      const jose = derToJoseSignature(der);
      expect(jose).toHaveLength(64);
      expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, jose)).toBe(true);
    }
  });

  it('turns a DER signature with a high s (as KMS may return) into the low-S form', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    for (let attempt = 0; attempt < 20; attempt++) {
      const data = Buffer.from(`message ${attempt}`);
      const raw = createSign('sha256').update(data).sign({ key: privateKey, dsaEncoding: 'ieee-p1363' });
      const high = hasLowS(raw) ? twinOf(raw) : raw;
      expect(hasLowS(high)).toBe(false);
      expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'der' }, derOf(high))).toBe(true);
      const jose = derToJoseSignature(derOf(high));
      expect(hasLowS(jose)).toBe(true);
      expect(jose.subarray(0, 32)).toEqual(high.subarray(0, 32));
      expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, jose)).toBe(true);
    }
  });
});

describe('permit numbers', () => {
  it('carry port, year, sequence and a check digit that catches a mistyped digit', () => {
    const number = formatPermitNumber('DALUO', '2027', 123);
    expect(number).toMatch(/^DALUO-2027-000123-\d$/);
    const digit = Number(number.at(-1));
    expect(checkDigit('2027000123')).toBe(digit);
    expect(checkDigit('2027000124')).not.toBe(digit);
    expect(checkDigit('7992739871')).toBe(3);
  });
});

describe('permit validity', () => {
  const recordOf = (application: unknown) => ({ id: 'AbCdEfGhIjKlMnOpQrStUv', port: 'MOHAN', application: validateApplication(application, today()) }) as ApplicationRecord;
  const issuedAt = Date.now();

  it('is the trip for tourism, even the longest trip accepted, and never longer', () => {
    const application = tourismApplication({ members: 1 });
    application.travel.exitDate = addDays(application.travel.entryDate, 90);
    const claims = permitClaimsFor(recordOf(application), 'MOHAN-2026-000001-0', [], issuedAt);
    expect(claims).toMatchObject({ validFrom: application.travel.entryDate, validUntil: application.travel.exitDate });
  });

  it('is the crossing date plus the grace days for cargo', () => {
    const application = cargoApplication();
    const claims = permitClaimsFor(recordOf(application), 'MOHAN-2026-000002-8', [], issuedAt);
    expect(claims).toMatchObject({ validFrom: application.crossingDate, validUntil: addDays(application.crossingDate, CARGO_GRACE_DAYS) });
  });
});
