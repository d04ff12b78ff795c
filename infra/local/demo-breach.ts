/**
 * Seeds applications that have already missed their deadline, by submitting them with an injected clock
 * set in the past, so operations can watch the breach alarms fire without waiting a day.
 */
import { randomBytes } from 'node:crypto';
import type { ApplicationInput } from '../../shared/domain/schemas.ts';
import { addDays, DAY_MS, HOUR_MS, shanghaiDate } from '../../shared/domain/time.ts';

function demoTraveller(port: string, medical: boolean): ApplicationInput {
  const start = addDays(shanghaiDate(Date.now()), 7);
  return {
    kind: 'border-tourism',
    port,
    direction: 'exit',
    travel: { destinationCountry: port === 'DALUO' ? 'MM' : 'LA', entryDate: start, exitDate: addDays(start, 3) },
    applicant: {
      fullName: 'Demo Traveller',
      dateOfBirth: '1988-08-08',
      nationality: 'CN',
      documentType: 'passport',
      documentNumber: `D${randomBytes(4).toString('hex').toUpperCase()}`,
      documentExpiry: '2034-01-01',
    },
    contact: { phone: '+8613800000000' },
    ...(medical ? { urgent: { reason: 'medical' as const, details: 'demo: breach rehearsal' } } : {}),
  };
}

/** Two standard applications at MOHAN accepted two days ago and a medical one at DALUO three hours ago. */
export async function seedBreaches(): Promise<{ ids: string[] }> {
  const { submitApplication } = await import('../../shared/use-cases/submit-application.ts');
  const { screenApplication } = await import('../../shared/use-cases/screen-application.ts');
  const seeds = [
    { body: demoTraveller('MOHAN', false), acceptedAgoMs: 2 * DAY_MS },
    { body: demoTraveller('MOHAN', false), acceptedAgoMs: 2 * DAY_MS + HOUR_MS },
    { body: demoTraveller('DALUO', true), acceptedAgoMs: 3 * HOUR_MS },
  ];
  const ids: string[] = [];
  for (const seed of seeds) {
    const acceptedAt = Date.now() - seed.acceptedAgoMs;
    const receipt = await submitApplication(seed.body, undefined, () => acceptedAt);
    await screenApplication(receipt.id, () => acceptedAt + 1000);
    ids.push(receipt.id);
  }
  return { ids };
}
