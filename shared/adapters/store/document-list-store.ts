/**
 * Document lists (domain/document-lists.ts): one item per port and document, each application an attribute
 * of its own holding its date windows, so adding or removing one is a single UpdateItem that leaves the
 * others alone. Windows are only ever appended: a list never loses dates an application may still have.
 * A closed list (`full`) takes no new entries.
 */
import { isApplicationId } from '../../domain/application.ts';
import { mayReopen, type DateWindow, type DocumentEntry, type DocumentList } from '../../domain/document-lists.ts';
import { documentListAttributes, documentListKey, type ItemKey } from '../../deployment/table.ts';
import { conditionalUpdate, conditionalWrite, type Item } from './table-io.ts';

export interface DocumentRef {
  port: string;
  documentNumber: string;
}

export const documentListKeyOf = (document: DocumentRef): ItemKey => documentListKey(document.port, document.documentNumber);

const fullAttribute = 'full';

const isWindow = (value: unknown): value is DateWindow =>
  typeof value === 'object' && value !== null && typeof (value as DateWindow).from === 'string' && typeof (value as DateWindow).to === 'string';

/** The list an item holds (an absent item is an empty, open list). */
export function listOf(item: Item | undefined): DocumentList {
  const entries: DocumentEntry[] = Object.entries(item ?? {})
    .filter((attribute): attribute is [string, DateWindow[]] => isApplicationId(attribute[0]) && Array.isArray(attribute[1]) && attribute[1].every(isWindow))
    .map(([applicationId, windows]) => ({ applicationId, windows: windows.map(({ from, to }) => ({ from, to })) }));
  return { entries, full: item?.[fullAttribute] === true };
}

/** Adds the window to the application's entry (creating both as needed), unless the list is closed. */
async function join(document: DocumentRef, applicationId: string, window: DateWindow, read: boolean): Promise<DocumentList> {
  const after = await conditionalUpdate({
    Key: documentListKeyOf(document),
    UpdateExpression: 'SET #application = list_append(if_not_exists(#application, :none), :window)',
    ConditionExpression: 'attribute_not_exists(#full)',
    ExpressionAttributeNames: { '#application': applicationId, '#full': fullAttribute },
    ExpressionAttributeValues: { ':none': [], ':window': documentListAttributes(applicationId, window)[applicationId] },
    ...(read ? { ReturnValues: 'ALL_NEW' } : {}),
  });
  return after === false ? { entries: [], full: true } : listOf(after);
}

/** Puts the application on each document's list, or adds the window to its entry there; a closed list is left as it is. */
export async function addToDocumentLists(documents: readonly DocumentRef[], applicationId: string, window: DateWindow): Promise<void> {
  await Promise.all(documents.map((document) => join(document, applicationId, window, false)));
}

/**
 * The same, answering each list as it stands right after the application joined it: a read that follows
 * this application's own write, so of two applications joining a list at once the second sees the first.
 */
export async function addAndReadDocumentLists(documents: readonly DocumentRef[], applicationId: string, window: DateWindow): Promise<DocumentList[]> {
  return Promise.all(documents.map((document) => join(document, applicationId, window, true)));
}

/** Opens a closed list again once a removal has brought it down to half its capacity. */
async function reopenIfSmall(document: DocumentRef, after: Item | undefined): Promise<void> {
  if (!after || !mayReopen(listOf(after))) return;
  await conditionalWrite({
    update: { Key: documentListKeyOf(document), UpdateExpression: 'REMOVE #full', ConditionExpression: 'attribute_exists(#full)', ExpressionAttributeNames: { '#full': fullAttribute } },
  });
}

/** Takes the application off each document's list; a list that does not exist is left absent. */
export async function removeFromDocumentLists(documents: readonly DocumentRef[], applicationId: string): Promise<void> {
  await Promise.all(
    documents.map(async (document) => {
      const after = await conditionalUpdate({
        Key: documentListKeyOf(document),
        UpdateExpression: 'REMOVE #application',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#application': applicationId },
        ReturnValues: 'ALL_NEW',
      });
      if (after !== false) await reopenIfSmall(document, after);
    }),
  );
}

/** Entries one removal takes off: its expressions stay far inside DynamoDB's 4 KB and 300 operators. */
const REMOVALS_PER_WRITE = 50;

/** Removes entries whose dates have all passed, each only if no window was added since it was read. */
export async function removeExpiredEntries(document: DocumentRef, expired: readonly DocumentEntry[]): Promise<void> {
  for (let start = 0; start < expired.length; start += REMOVALS_PER_WRITE) {
    const some = expired.slice(start, start + REMOVALS_PER_WRITE);
    const names: Record<string, string> = {};
    const values: Record<string, number> = {};
    for (const [index, entry] of some.entries()) {
      names[`#a${index}`] = entry.applicationId;
      values[`:n${index}`] = entry.windows.length;
    }
    const after = await conditionalUpdate({
      Key: documentListKeyOf(document),
      UpdateExpression: `REMOVE ${some.map((_, index) => `#a${index}`).join(', ')}`,
      ConditionExpression: some.map((_, index) => `size(#a${index}) = :n${index}`).join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_NEW',
    });
    if (after !== false) await reopenIfSmall(document, after);
  }
}

/** Closes a list to new entries. */
export async function closeDocumentList(document: DocumentRef): Promise<void> {
  await conditionalUpdate({
    Key: documentListKeyOf(document),
    UpdateExpression: 'SET #full = :full',
    ExpressionAttributeNames: { '#full': fullAttribute },
    ExpressionAttributeValues: { ':full': true },
  });
}
