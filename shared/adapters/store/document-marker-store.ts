/** Document markers: which applications name a document at a port, for the duplicate check. */
import type { DocumentMarker } from '../../domain/screening.ts';
import { documentMarkerKey, documentMarkerPartition } from '../../deployment/table.ts';
import { batchPutAll, queryAll } from './table-io.ts';

export interface DocumentMarkerPut {
  port: string;
  documentNumber: string;
  marker: DocumentMarker;
}

/** Idempotent: a redelivered screening writes the same markers again. */
export async function putDocumentMarkers(markers: DocumentMarkerPut[]): Promise<void> {
  const items = new Map(
    markers.map(({ port, documentNumber, marker }) => {
      const key = documentMarkerKey(port, documentNumber, marker.applicationId);
      return [`${key.pk}|${key.sk}`, { ...key, ...marker }];
    }),
  );
  await batchPutAll([...items.values()]);
}

/** Every marker of a document at a port, read consistently so that a marker just written is seen. */
export async function findDocumentMarkers(port: string, documentNumber: string): Promise<DocumentMarker[]> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': documentMarkerPartition(port, documentNumber) },
    ProjectionExpression: 'applicationId, #from, #to',
    ExpressionAttributeNames: { '#from': 'from', '#to': 'to' },
    ConsistentRead: true,
  });
  return items as unknown as DocumentMarker[];
}
