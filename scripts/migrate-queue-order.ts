/**
 * `npm run migrate:queue-order`: moves review-queue entries written before the queue became
 * earliest-deadline-first (keys that began with a lane rank) to the deadline-first layout and the lane
 * index, port by port. Reads only those old entries and skips any application that changed meanwhile,
 * so it is safe to run while clerks work and to run again. TABLE_NAME names the table; against a local
 * stack give DYNAMODB_ENDPOINT too (both on the "Helper scripts" line of `npm start`), in AWS the SDK's
 * usual region and credentials apply.
 */
import { useLocalAwsDefaults } from '../infra/local/local-target.ts';
import { portCodes } from '../shared/domain/ports.ts';

useLocalAwsDefaults();
try {
  const { rekeyLegacyQueueEntries } = await import('../shared/adapters/store/review-queue-store.ts');
  for (const port of portCodes) console.log(`${port}: ${await rekeyLegacyQueueEntries(port)} queue entries moved to the deadline-first order`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
