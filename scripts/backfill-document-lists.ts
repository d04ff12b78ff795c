/**
 * `npm run lists:backfill`: moves the duplicate check's markers of before the document lists onto the lists
 * (shared/use-cases/backfill-document-lists.ts), in the table named by TABLE_NAME. Against a local stack give
 * DYNAMODB_ENDPOINT too (both are on the "Helper scripts" line `npm start` prints); in AWS leave it out and
 * the SDK's usual region and credentials apply. Run it once after deploying the lists, with screening paused
 * (docs/deploy.md); running it again moves whatever is left.
 */
import { useLocalAwsDefaults } from '../infra/local/local-target.ts';

useLocalAwsDefaults();
try {
  const { backfillDocumentLists } = await import('../shared/use-cases/backfill-document-lists.ts');
  const { markers, listed } = await backfillDocumentLists();
  console.log(`Moved ${markers} document markers: ${listed} open or approved applications are on their documents' lists`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
