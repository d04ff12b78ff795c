/**
 * The checkpoint's verdict rules, run with both signature checks they are given in practice: node:crypto
 * (server and CLI) and WebCrypto (the page; Node has the same API).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localJwks, localSigner } from '../../shared/adapters/permit-signers.ts';
import { decodeBase64Url, type SignatureVerifier } from '../../shared/domain/jws.ts';
import {
  checkPermit,
  combineVerdicts,
  openRevocationList,
  REVOCATION_LIST_TYPE,
  revocationListAge,
  type PermitClaims,
  type PermitVerdict,
} from '../../shared/domain/permit-check.ts';
import { nodeSignatureVerifier, signJws, signPermit } from '../../shared/domain/permit-token.ts';
import { printable, printableJson } from '../../shared/domain/printable.ts';
import { hostileText, rawControl } from '../fixtures/hostile-text.ts';

const webCryptoVerifier: SignatureVerifier = async ({ key, signingInput, signature }) => {
  const publicKey = await crypto.subtle.importKey('jwk', { kty: key.kty, crv: key.crv, x: key.x, y: key.y }, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, signature, signingInput);
};
const verifiers = [
  ['node:crypto', nodeSignatureVerifier],
  ['WebCrypto', webCryptoVerifier],
] as const;

const claims: PermitClaims = {
  number: 'MOHAN-2026-000042-3',
  applicationId: 'AbCdEfGhIjKlMnOpQrStUv',
  port: 'MOHAN',
  kind: 'cargo-transit',
  validFrom: '2026-12-01',
  validUntil: '2026-12-03',
  holders: [{ fullName: 'Wang Fang', documentNumber: 'E66600001' }],
  vehiclePlate: '云K12345',
  issuedAt: '2026-11-24T10:00:00+08:00',
};
const during = Date.parse('2026-12-02T10:00:00+08:00');
const directory = mkdtempSync(join(tmpdir(), 'permit-check-keys-'));
const signer = localSigner(directory);
const jwks = localJwks(directory);

async function revocationList(revoked: { number: string; revokedAt: string }[], issuedAt = '2026-12-02T08:00:00+08:00') {
  const body = { issuedAt, revoked };
  return { ...body, token: await signJws(signer, REVOCATION_LIST_TYPE, body) };
}

describe('base64url', () => {
  it('decodes exactly what Node encodes, and refuses every other spelling of the same bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.nat(63), (bytes, replacement) => {
        const text = Buffer.from(bytes).toString('base64url');
        if (text === '') return;
        expect(decodeBase64Url(text)).toEqual(new Uint8Array(bytes));
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
        const respelled = `${text.slice(0, -1)}${alphabet[replacement]}`;
        const decoded = decodeBase64Url(respelled);
        if (decoded) expect(Buffer.from(decoded).toString('base64url')).toBe(respelled);
      }),
    );
    for (const text of ['', 'A', 'AAAAA', 'a+b/', 'ab=', 'ab cd']) expect(decodeBase64Url(text), text).toBeUndefined();
  });
});

describe.each(verifiers)('checkPermit with %s', (_, verifySignature) => {
  const check = (token: unknown, extra: Partial<Parameters<typeof checkPermit>[1]> = {}) => checkPermit(token, { jwks, verifySignature, nowMs: during, ...extra });

  it('says valid, not yet valid and expired by the Asia/Shanghai date, with the permit', async () => {
    const token = await signPermit(signer, claims);
    expect(await check(token)).toEqual({ valid: true, permit: claims });
    expect(await check(` ${token}\n`)).toEqual({ valid: true, permit: claims });
    expect(await check(token, { nowMs: Date.parse('2026-11-30T23:59:00+08:00') })).toEqual({ valid: false, reason: 'not-yet-valid', permit: claims });
    expect(await check(token, { nowMs: Date.parse('2026-12-03T16:00:00Z') })).toEqual({ valid: false, reason: 'expired', permit: claims });
  });

  it('calls a changed permit forged and text that is no permit unreadable', async () => {
    const token = await signPermit(signer, claims);
    const [header, , signature] = token.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, validUntil: '2027-12-03' })).toString('base64url')}.${signature}`;
    expect(await check(forged)).toEqual({ valid: false, reason: 'bad-signature' });
    const stranger = localSigner(mkdtempSync(join(tmpdir(), 'stranger-')));
    expect(await check(await signPermit(stranger, claims))).toEqual({ valid: false, reason: 'bad-signature' });
    for (const text of ['', 'hello', 'a.b.c', 'MOHAN-2026-000042-3']) expect(await check(text)).toEqual({ valid: false, reason: 'malformed' });
  });

  it('says revoked for a permit on a trusted list, with when', async () => {
    const token = await signPermit(signer, claims);
    const opened = await openRevocationList(await revocationList([{ number: claims.number, revokedAt: '2026-12-01T09:00:00+08:00' }]), jwks, verifySignature);
    expect(opened.ok).toBe(true);
    const revocations = opened.ok ? opened.list : undefined;
    expect(await check(token, { revocations })).toEqual({ valid: false, reason: 'revoked', permit: claims, revokedAt: '2026-12-01T09:00:00+08:00' });
    const other = await openRevocationList(await revocationList([{ number: 'DALUO-2026-000001-8', revokedAt: '2026-12-01T09:00:00+08:00' }]), jwks, verifySignature);
    expect(await check(token, { revocations: other.ok ? other.list : undefined })).toEqual({ valid: true, permit: claims });
  });

  it('trusts a revocation list only for what its token signs', async () => {
    const list = await revocationList([{ number: claims.number, revokedAt: '2026-12-01T09:00:00+08:00' }]);
    // The unsigned copy beside the token is ignored: emptying it changes nothing.
    const opened = await openRevocationList({ ...list, revoked: [] }, jwks, verifySignature);
    expect(opened.ok && opened.list.revokedAt.get(claims.number)).toBe('2026-12-01T09:00:00+08:00');
    // A token whose payload was emptied no longer verifies.
    const [header, , signature] = list.token.split('.');
    const emptied = `${header}.${Buffer.from(JSON.stringify({ issuedAt: list.issuedAt, revoked: [] })).toString('base64url')}.${signature}`;
    expect(await openRevocationList({ ...list, token: emptied }, jwks, verifySignature)).toEqual({ ok: false, reason: 'bad-signature' });
    const stranger = localSigner(mkdtempSync(join(tmpdir(), 'stranger-')));
    const foreign = { ...list, token: await signJws(stranger, REVOCATION_LIST_TYPE, { issuedAt: list.issuedAt, revoked: [] }) };
    expect(await openRevocationList(foreign, jwks, verifySignature)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(await openRevocationList({ revoked: [] }, jwks, verifySignature)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('never takes a permit for a revocation list, nor a revocation list for a permit', async () => {
    const permitToken = await signPermit(signer, claims);
    expect(await openRevocationList({ issuedAt: claims.issuedAt, revoked: [], token: permitToken }, jwks, verifySignature)).toEqual({ ok: false, reason: 'malformed' });
    const listAsPermit = await signJws(signer, REVOCATION_LIST_TYPE, claims);
    expect(await check(listAsPermit)).toEqual({ valid: false, reason: 'malformed' });
  });
});

describe('revocation list age', () => {
  it('is stale past the setting, 12 hours unless told', async () => {
    const opened = await openRevocationList(await revocationList([], '2026-12-02T08:00:00+08:00'), jwks, nodeSignatureVerifier);
    if (!opened.ok) throw new Error('the list should open');
    expect(revocationListAge(opened.list, Date.parse('2026-12-02T20:00:00+08:00'))).toEqual({ ageMs: 12 * 3_600_000, stale: false });
    expect(revocationListAge(opened.list, Date.parse('2026-12-02T20:00:01+08:00')).stale).toBe(true);
    expect(revocationListAge(opened.list, Date.parse('2026-12-02T10:00:01+08:00'), 2).stale).toBe(true);
  });
});

describe('combining the device and the service', () => {
  const valid: PermitVerdict = { valid: true, permit: claims };
  const revokedLocally: PermitVerdict = { valid: false, reason: 'revoked', permit: claims, revokedAt: '2026-12-01T09:00:00+08:00' };

  it('lets a revocation known to either side win, and the service decide otherwise', () => {
    expect(combineVerdicts(valid, undefined)).toEqual(valid);
    expect(combineVerdicts(valid, { valid: false, reason: 'revoked' })).toEqual({ valid: false, reason: 'revoked', permit: claims });
    expect(combineVerdicts(revokedLocally, valid)).toEqual(revokedLocally);
    expect(combineVerdicts(valid, { valid: false, reason: 'expired' })).toEqual({ valid: false, reason: 'expired', permit: claims });
    // The device's keys were older than the permit: the service, with the current keys, decides.
    expect(combineVerdicts({ valid: false, reason: 'bad-signature' }, valid)).toEqual(valid);
    expect(combineVerdicts(valid, { valid: false, reason: 'bad-signature' })).toEqual({ valid: false, reason: 'bad-signature' });
  });
});

describe('printable', () => {
  it('shows control, bidirectional and separator characters as escapes and leaves other text alone', () => {
    expect(printable('Li Wei 李伟 ລາວ မြန်မာ')).toBe('Li Wei 李伟 ລາວ မြန်မာ');
    expect(printable('a\r\nb\u001b[2Kc\u009bd\u202ee\u2066f\u2028g\u0000h\u007f')).toBe(
      'a\\u{d}\\u{a}b\\u{1b}[2Kc\\u{9b}d\\u{202e}e\\u{2066}f\\u{2028}g\\u{0}h\\u{7f}',
    );
  });

  it('prints a handler\'s answer as JSON that reads back the same and holds nothing raw a terminal acts on', () => {
    const answer = { statusCode: 200, body: JSON.stringify({ fullName: hostileText }), note: hostileText };
    const printed = printableJson(answer);
    // Its own line breaks are the only control characters left; none comes from the text.
    for (const line of printed.split('\n')) expect(line).not.toMatch(rawControl);
    expect(JSON.parse(printed)).toEqual(answer);
  });
});
