/**
 * `npm run --silent verify-permit -- <token> --keys <jwks.json> [--at <ISO time>]`: checks a permit with
 * no network. Exit code 0 only when the signature holds and today (Asia/Shanghai) is within its dates.
 * It cannot see revocations made after the JWKS and this tool were last synced; verify online when you can.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { verifyPermitToken, type Jwks } from '../shared/domain/permit-token.ts';

const usage = 'usage: npm run --silent verify-permit -- <token> --keys <jwks.json> [--at <ISO time>]';

function main(): number {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { keys: { type: 'string' }, at: { type: 'string' } } });
  const token = positionals[0];
  if (!token || !values.keys) {
    console.error(usage);
    return 2;
  }
  let jwks: Jwks;
  try {
    jwks = JSON.parse(readFileSync(values.keys, 'utf8')) as Jwks;
    if (!Array.isArray(jwks.keys)) throw new Error('no keys');
  } catch {
    console.error(`Cannot read a JWKS from ${values.keys}`);
    return 2;
  }
  const nowMs = values.at ? Date.parse(values.at) : Date.now();
  if (Number.isNaN(nowMs)) {
    console.error('--at must be an ISO 8601 time');
    return 2;
  }
  const verdict = verifyPermitToken(token, jwks, nowMs);
  if (verdict.permit) {
    const permit = verdict.permit;
    console.log(`Permit    ${permit.number} (${permit.kind}, port ${permit.port})`);
    console.log(`Valid     ${permit.validFrom} to ${permit.validUntil} (Asia/Shanghai dates)`);
    for (const holder of permit.holders) console.log(`Holder    ${holder.fullName}, document ${holder.documentNumber}`);
    if (permit.vehiclePlate) console.log(`Vehicle   ${permit.vehiclePlate}`);
  }
  console.log(verdict.valid ? 'Verdict   VALID (offline: revocations after the last key sync are not visible)' : `Verdict   INVALID: ${verdict.reason}`);
  return verdict.valid ? 0 : 1;
}

process.exitCode = main();
