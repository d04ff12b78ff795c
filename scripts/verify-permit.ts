/**
 * `npm run --silent verify-permit -- <token> --keys <jwks.json> [--revocations <file>] [--at <ISO time>]
 * [--max-list-age-hours <n>]`: checks a permit with no network, with the same rules as the checkpoint
 * page. Exit code 0 only when the signature holds, today (Asia/Shanghai) is within its dates and the
 * permit is not on the revocation list; 1 for any other verdict; 2 when the input cannot be used.
 * The revocation list is the saved answer of GET /api/permits/revocations; its own signature is checked
 * against the keys before it is trusted. Everything printed from the permit is escaped, so a holder's
 * name cannot move the cursor, start a line or reorder the terminal's text.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { jwksSchema, type Jwks } from '../shared/domain/jws.ts';
import {
  checkPermit,
  DEFAULT_REVOCATION_LIST_MAX_AGE_HOURS,
  openRevocationList,
  revocationListAge,
  type TrustedRevocationList,
} from '../shared/domain/permit-check.ts';
import { nodeSignatureVerifier } from '../shared/domain/permit-token.ts';
import { printable } from '../shared/domain/printable.ts';
import { HOUR_MS, MINUTE_MS } from '../shared/domain/time.ts';

const usage =
  'usage: npm run --silent verify-permit -- <token> --keys <jwks.json> [--revocations <file>] [--at <ISO time>] [--max-list-age-hours <n>]';

const out = (label: string, text: string) => console.log(`${label.padEnd(12)}${printable(text)}`);
const fail = (message: string) => {
  console.error(printable(message));
  return 2;
};

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

const formatAge = (ageMs: number) => `${Math.floor(ageMs / HOUR_MS)} h ${Math.floor((ageMs % HOUR_MS) / MINUTE_MS)} min`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { keys: { type: 'string' }, revocations: { type: 'string' }, at: { type: 'string' }, 'max-list-age-hours': { type: 'string' } },
  });
  const token = positionals[0];
  if (!token || !values.keys) return fail(usage);
  let jwks: Jwks;
  try {
    jwks = jwksSchema.parse(readJson(values.keys));
  } catch {
    return fail(`Cannot read a JWKS from ${values.keys}`);
  }
  const nowMs = values.at ? Date.parse(values.at) : Date.now();
  if (Number.isNaN(nowMs)) return fail('--at must be an ISO 8601 time');
  const maxAgeHours = Number(values['max-list-age-hours'] ?? DEFAULT_REVOCATION_LIST_MAX_AGE_HOURS);
  if (!(maxAgeHours > 0)) return fail('--max-list-age-hours must be a positive number');

  let revocations: TrustedRevocationList | undefined;
  if (values.revocations) {
    let document: unknown;
    try {
      document = readJson(values.revocations);
    } catch {
      return fail(`Cannot read a revocation list from ${values.revocations}`);
    }
    const opened = await openRevocationList(document, jwks, nodeSignatureVerifier);
    if (!opened.ok) return fail(`The revocation list in ${values.revocations} is not one signed by these keys (${opened.reason}): not used.`);
    revocations = opened.list;
  }

  const verdict = await checkPermit(token, { jwks, verifySignature: nodeSignatureVerifier, nowMs, revocations });
  if (verdict.permit) {
    const permit = verdict.permit;
    out('Permit', `${permit.number} (${permit.kind}, port ${permit.port})`);
    out('Valid', `${permit.validFrom} to ${permit.validUntil} (Asia/Shanghai dates)`);
    for (const holder of permit.holders) out('Holder', `${holder.fullName}, document ${holder.documentNumber}`);
    if (permit.vehiclePlate) out('Vehicle', permit.vehiclePlate);
  }
  if (revocations) {
    const { ageMs, stale } = revocationListAge(revocations, nowMs, maxAgeHours);
    out('Revocations', `list of ${revocations.issuedAt} (${revocations.count} revoked), ${formatAge(ageMs)} old`);
    if (stale) out('Warning', `the revocation list is older than ${maxAgeHours} h: permits revoked since then show as valid. Sync it.`);
  } else {
    out('Revocations', 'not checked (no --revocations list): a revoked permit shows as valid. Verify online when you can.');
  }
  if (verdict.valid) out('Verdict', 'VALID');
  else out('Verdict', `INVALID: ${verdict.reason}${verdict.revokedAt ? ` (revoked at ${verdict.revokedAt})` : ''}`);
  return verdict.valid ? 0 : 1;
}

process.exitCode = await main();
