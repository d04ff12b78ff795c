/**
 * Keeping an application on its documents' lists (domain/document-lists.ts): joined beside the write that
 * stores it, left after the write that closes it for good (rejected, withdrawn, revoked). Neither is the
 * application's own write, and neither fails the request: a list may name an application that was never
 * stored or is closed (the duplicate check confirms every candidate against its record), and one that
 * misses an application is put right by screening, which joins the lists itself when it finds it absent.
 */
import { travelWindow, type ApplicationRecord } from '../domain/application.ts';
import { documentsOf } from '../domain/document-lists.ts';
import { addToDocumentLists, removeFromDocumentLists, type DocumentRef } from '../adapters/store/document-list-store.ts';
import { logger, recordMetric } from '../adapters/observability.ts';

export const documentRefsOf = (record: Pick<ApplicationRecord, 'port' | 'application'>): DocumentRef[] =>
  documentsOf(record.application).map(({ documentNumber }) => ({ port: record.port, documentNumber }));

export const joinDocumentListsOrFail = (record: Pick<ApplicationRecord, 'id' | 'port' | 'application'>): Promise<void> =>
  addToDocumentLists(documentRefsOf(record), record.id, travelWindow(record.application));

export async function joinDocumentLists(record: Pick<ApplicationRecord, 'id' | 'port' | 'application'>): Promise<void> {
  try {
    await joinDocumentListsOrFail(record);
  } catch (error) {
    logger.warn('Joining the document lists failed; screening will join them', { error: error instanceof Error ? error.name : 'unknown' });
    recordMetric('DocumentListWriteFailures', 1, { change: 'join' });
  }
}

export async function leaveDocumentLists(record: Pick<ApplicationRecord, 'id' | 'port' | 'application'>): Promise<void> {
  try {
    await removeFromDocumentLists(documentRefsOf(record), record.id);
  } catch (error) {
    logger.warn('Leaving the document lists failed; the duplicate check confirms the status it finds', { error: error instanceof Error ? error.name : 'unknown' });
    recordMetric('DocumentListWriteFailures', 1, { change: 'leave' });
  }
}
