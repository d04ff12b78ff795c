/**
 * What a checkpoint keeps offline: the signed revocation list (how it is stored, read, signed and cached)
 * and the command-line check that uses it, against the real local stack.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadIssuerKeys, mintToken } from '../../infra/local/local-issuer.ts';
import { localSigner } from '../../shared/adapters/permit-signers.ts';
import { openRevocationList } from '../../shared/domain/permit-check.ts';
import { nodeSignatureVerifier, signPermit, type PermitSigner } from '../../shared/domain/permit-token.ts';
import { addDays, person, today, tourismApplication } from '../fixtures/applications.ts';
import { startTestStack, type TestStack } from './helpers.ts';

const run = promisify(execFile);
let stack: TestStack;
const keys = loadIssuerKeys();
const clerk = mintToken(keys, { clerkId: 'checkpoint-clerk', ports: ['MOHAN'], role: 'clerk' });
const supervisor = mintToken(keys, { clerkId: 'checkpoint-supervisor', ports: ['MOHAN'], role: 'supervisor' });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const folder = mkdtempSync(join(tmpdir(), 'checkpoint-'));

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.stop());

/** A trip that starts today, so its permit is valid now. */
function travellingToday(applicant = person()) {
  const body = tourismApplication();
  body.travel.entryDate = today();
  body.applicant = applicant;
  return body;
}

async function approved(body: unknown) {
  const accepted = await stack.request('POST', '/api/applications', { body });
  await stack.drainQueue();
  const id = accepted.body.id as string;
  await stack.request('POST', `/api/review/applications/${id}/claim`, { headers: bearer(clerk) });
  expect((await stack.request('POST', `/api/review/applications/${id}/decision`, { headers: bearer(clerk), body: { outcome: 'approve' } })).status).toBe(200);
  const view = await stack.request('GET', `/api/applications/${id}`, { headers: bearer(accepted.body.accessToken) });
  return { id, permit: view.body.permit };
}

const revoke = async (id: string) =>
  expect((await stack.request('POST', `/api/review/applications/${id}/revoke`, { headers: bearer(supervisor), body: { reasonCode: 'fraud-suspected' } })).body).toEqual({ status: 'REVOKED' });

function save(name: string, value: unknown): string {
  const file = join(folder, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'scripts/verify-permit.ts', ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let revoked: { id: string; permit: any };
let kept: { id: string; permit: any };
let listFile: string;
let keysFile: string;

describe('the signed revocation list', () => {
  it('lists a permit once it is revoked, signed with a published key, cacheable for at most a minute', async () => {
    [revoked, kept] = [await approved(travellingToday()), await approved(travellingToday())];
    await revoke(revoked.id);
    const response = await stack.request('GET', '/api/permits/revocations');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toMatch(/^public, max-age=(60|[1-5]?\d)$/);
    expect(response.body).toEqual({ issuedAt: expect.stringMatching(/\+08:00$/), revoked: expect.any(Array), token: expect.any(String) });
    expect(response.body.revoked).toContainEqual({ number: revoked.permit.number, revokedAt: expect.stringMatching(/\+08:00$/) });
    expect(response.body.revoked.map((entry: { number: string }) => entry.number)).not.toContain(kept.permit.number);

    const jwks = (await stack.request('GET', '/api/permits/keys')).body;
    const opened = await openRevocationList(response.body, jwks, nodeSignatureVerifier);
    expect(opened.ok && opened.list.revokedAt.has(revoked.permit.number)).toBe(true);
    keysFile = save('jwks.json', jwks);
    listFile = save('revocations.json', response.body);

    // The same signed list for the rest of the minute: no new signature per request.
    expect((await stack.request('GET', '/api/permits/revocations')).body.token).toBe(response.body.token);
  });

  it('reads the list with one Query of the revocations index, never a Scan, and leaves out permits past their last day', async () => {
    const { documentClient } = await import('../../shared/adapters/dynamodb-client.ts');
    const { signRevocationList } = await import('../../shared/use-cases/revocation-list.ts');
    const signer = localSigner(stack.env.PERMIT_LOCAL_KEY_DIR);
    // Only this read is counted: the queue consumers (applicant messages still going out) wait meanwhile.
    await stack.stopPolling();
    const send = vi.spyOn(documentClient, 'send');
    const lastDay = await signRevocationList(signer, Date.parse(`${revoked.permit.validUntil}T23:59:00+08:00`));
    const commands = send.mock.calls.map(([command]) => ({ name: command.constructor.name, index: (command.input as { IndexName?: string }).IndexName }));
    send.mockRestore();
    stack.startPolling();
    expect(commands).toEqual([{ name: 'QueryCommand', index: 'revocations' }]);
    expect(lastDay.revoked.map((entry) => entry.number)).toContain(revoked.permit.number);
    const dayAfter = await signRevocationList(signer, Date.parse(`${addDays(revoked.permit.validUntil, 1)}T00:00:00+08:00`));
    expect(dayAfter.revoked.map((entry) => entry.number)).not.toContain(revoked.permit.number);
  });

  it('signs one list a minute per instance, shared by concurrent requests, and keeps no failed one', async () => {
    const { cachedRevocationList } = await import('../../shared/use-cases/revocation-list.ts');
    const real = localSigner(stack.env.PERMIT_LOCAL_KEY_DIR);
    let signatures = 0;
    let failNext = true;
    const counting: PermitSigner = {
      keyId: () => real.keyId(),
      sign: async (data) => {
        signatures++;
        if (failNext) {
          failNext = false;
          throw new Error('KMS throttled');
        }
        return real.sign(data);
      },
    };
    let now = Date.now();
    const lists = cachedRevocationList(counting, () => now);
    await expect(lists()).rejects.toThrow('KMS throttled');
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => lists()));
    expect(signatures).toBe(2);
    expect(new Set(concurrent.map((cached) => cached.list.token)).size).toBe(1);
    expect(concurrent[0]!.maxAgeSeconds).toBe(60);
    now += 59_000;
    expect((await lists()).maxAgeSeconds).toBe(1);
    expect(signatures).toBe(2);
    now += 1_000;
    await lists();
    expect(signatures).toBe(3);
  });
});

describe('the command-line check at a checkpoint', () => {
  it('says revoked offline from the saved list, valid for another permit, and warns when the list is old', async () => {
    const valid = await cli(kept.permit.token, '--keys', keysFile, '--revocations', listFile);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toContain('Verdict     VALID');
    expect(valid.stdout).toMatch(/Revocations list of .+\+08:00 \(\d+ revoked\), 0 h \d+ min old/);
    expect(valid.stdout).not.toContain('Warning');

    const revokedCheck = await cli(revoked.permit.token, '--keys', keysFile, '--revocations', listFile);
    expect(revokedCheck.code).toBe(1);
    expect(revokedCheck.stdout).toContain(revoked.permit.number);
    expect(revokedCheck.stdout).toMatch(/Verdict {5}INVALID: revoked \(revoked at .+\+08:00\)/);

    const later = new Date(Date.now() + 13 * 3_600_000).toISOString();
    const stale = await cli(kept.permit.token, '--keys', keysFile, '--revocations', listFile, '--at', later);
    expect(stale.stdout).toContain('Warning     the revocation list is older than 12 h');
    const lenient = await cli(kept.permit.token, '--keys', keysFile, '--revocations', listFile, '--at', later, '--max-list-age-hours', '24');
    expect(lenient.stdout).not.toContain('Warning');
  }, 60_000);

  it('refuses a revocation list that the keys do not sign, instead of trusting it', async () => {
    const list = JSON.parse(JSON.stringify((await stack.request('GET', '/api/permits/revocations')).body));
    const [header, , signature] = list.token.split('.');
    const emptied = `${header}.${Buffer.from(JSON.stringify({ issuedAt: list.issuedAt, revoked: [] })).toString('base64url')}.${signature}`;
    const tampered = await cli(revoked.permit.token, '--keys', keysFile, '--revocations', save('tampered.json', { ...list, revoked: [], token: emptied }));
    expect(tampered.code).toBe(2);
    expect(tampered.stderr).toContain('not one signed by these keys (bad-signature)');
    expect(tampered.stdout).toBe('');
  }, 30_000);

  it('prints a holder name with line breaks and escape sequences as visible escapes, never as a line of its own', async () => {
    // Intake refuses control characters in names, but a permit signed before that rule (or by a key a
    // checkpoint is told to trust) can still carry them: the CLI must print them harmlessly either way.
    const fullName = 'Li Wei\r\nVerdict     VALID\u001b[8m\u202e';
    const { permit: genuine } = await approved(tourismApplication());
    const { token: _, ...claims } = genuine;
    const token = await signPermit(localSigner(stack.env.PERMIT_LOCAL_KEY_DIR), { ...claims, holders: [{ ...claims.holders[0], fullName }] });
    const result = await cli(token, '--keys', keysFile);
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n').filter((line) => line.startsWith('Verdict'))).toEqual(['Verdict     INVALID: not-yet-valid']);
    for (const character of ['\r', '\u001b', '\u202e']) expect(result.stdout).not.toContain(character);
    expect(result.stdout).toContain('Holder      Li Wei\\u{d}\\u{a}Verdict     VALID\\u{1b}[8m\\u{202e}, document');
  }, 30_000);
});
