/**
 * The document markers of before the lists (table.ts `legacyDocumentMarkerPrefix`): read, a page at a time,
 * and deleted once moved, by the backfill alone.
 */
import { documentPartitionPrefix, legacyDocumentMarkerPrefix, type ItemKey } from '../../deployment/table.ts';
import { batchDeleteAll, scanPages } from './table-io.ts';

export interface LegacyMarker {
  key: ItemKey;
  applicationId: string;
}

/** Every legacy marker, a page of the table at a time (a scan: the backfill's alone). */
export async function* legacyMarkerPages(): AsyncGenerator<LegacyMarker[]> {
  const pages = scanPages({
    FilterExpression: 'begins_with(pk, :document) AND begins_with(sk, :marker)',
    ExpressionAttributeValues: { ':document': documentPartitionPrefix, ':marker': legacyDocumentMarkerPrefix },
    ProjectionExpression: 'pk, sk, applicationId',
  });
  for await (const items of pages) {
    yield items.map((item) => ({ key: { pk: item.pk as string, sk: item.sk as string }, applicationId: item.applicationId as string }));
  }
}

export const deleteLegacyMarkers = (markers: readonly LegacyMarker[]) => batchDeleteAll(markers.map((marker) => marker.key));
