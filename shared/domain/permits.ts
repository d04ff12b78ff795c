/** What an approval issues: the permit's number, validity, holders and signed token. */
import type { ApplicationRecord } from './application.ts';
import { signPermit, type Permit, type PermitClaims, type PermitSigner } from './permit-token.ts';
import { addDays, shanghaiDate, toShanghaiIso } from './time.ts';

/** A cargo permit stays valid this many days after the crossing date, for delays at the border. */
export const CARGO_GRACE_DAYS = 2;

/** Luhn check digit over the number's digits, so a mistyped permit number is caught at the checkpoint. */
export function checkDigit(digits: string): number {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

export function formatPermitNumber(port: string, year: string, sequence: number): string {
  const serial = String(sequence).padStart(6, '0');
  return `${port}-${year}-${serial}-${checkDigit(`${year}${serial}`)}`;
}

export function permitClaimsFor(record: Pick<ApplicationRecord, 'id' | 'port' | 'application'>, number: string, excludedMembers: number[], issuedAtMs: number): PermitClaims {
  const application = record.application;
  const base = { number, applicationId: record.id, port: record.port, issuedAt: toShanghaiIso(issuedAtMs) };
  if (application.kind === 'border-tourism') {
    const members = (application.members ?? []).filter((_, index) => !excludedMembers.includes(index));
    return {
      ...base,
      kind: 'border-tourism',
      validFrom: application.travel.entryDate,
      validUntil: application.travel.exitDate,
      holders: [application.applicant, ...members].map(({ fullName, documentNumber }) => ({ fullName, documentNumber })),
    };
  }
  return {
    ...base,
    kind: 'cargo-transit',
    validFrom: application.crossingDate,
    validUntil: addDays(application.crossingDate, CARGO_GRACE_DAYS),
    holders: application.drivers.map(({ fullName, documentNumber }) => ({ fullName, documentNumber })),
    vehiclePlate: application.vehicle.plateNumber,
  };
}

/** Numbers and signs a permit. The approval's conditional write stores it, so a retry never issues two. */
export async function issuePermit(
  nextSequence: (port: string, year: string) => Promise<number>,
  signer: PermitSigner,
  record: Pick<ApplicationRecord, 'id' | 'port' | 'application'>,
  excludedMembers: number[],
  issuedAtMs: number,
): Promise<Permit> {
  const year = shanghaiDate(issuedAtMs).slice(0, 4);
  const number = formatPermitNumber(record.port, year, await nextSequence(record.port, year));
  const claims = permitClaimsFor(record, number, excludedMembers, issuedAtMs);
  return { ...claims, token: await signPermit(signer, claims) };
}
