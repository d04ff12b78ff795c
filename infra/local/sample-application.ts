/**
 * The benchmarks' sample application: one traveller leaving through MOHAN for a trip next week. No SDK
 * client here: the benchmark process imports it before any stack has set the endpoints clients read.
 */
import type { TourismApplication } from '../../shared/domain/schemas.ts';
import { addDays, shanghaiDate } from '../../shared/domain/time.ts';

export function sampleApplication(documentNumber = 'E12345678', nowMs = Date.now()): TourismApplication {
  const entryDate = addDays(shanghaiDate(nowMs), 7);
  return {
    kind: 'border-tourism',
    port: 'MOHAN',
    direction: 'exit',
    travel: { destinationCountry: 'LA', entryDate, exitDate: addDays(entryDate, 4) },
    applicant: { fullName: 'Li Wei', dateOfBirth: '1990-04-01', nationality: 'CN', documentType: 'passport', documentNumber, documentExpiry: '2031-01-01' },
    contact: { phone: '+8613800000000', email: 'li.wei@example.com' },
  };
}
