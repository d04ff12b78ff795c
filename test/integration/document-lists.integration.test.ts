/**
 * The duplicate check's document lists on the local stack: who joins and leaves them (submission, answers,
 * rejections, withdrawals, revocations), what a stale entry changes (nothing), how a list is kept small
 * (expired entries taken off, a flooded list closed and opened again), and the backfill of the markers of
 * before the lists.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIssuerKeys, mintToken } from '../../infra/local/local-issuer.ts';
import { documentListKey, documentPartition, legacyDocumentMarkerPrefix } from '../../shared/deployment/table.ts';
import { LIST_CAPACITY } from '../../shared/domain/document-lists.ts';
import { addDays, person, today, tourismApplication, tripEnd, tripStart } from '../fixtures/applications.ts';
import { interceptTable, startTestStack, type TestStack } from './helpers.ts';

let stack: TestStack;
let documentClient: typeof import('../../shared/adapters/dynamodb-client.ts').documentClient;
const supervisor = { authorization: `Bearer ${mintToken(loadIssuerKeys(), { clerkId: 'lists-supervisor', ports: ['MOHAN'], role: 'supervisor' })}` };

beforeAll(async () => {
  stack = await startTestStack({ throttle: false });
  ({ documentClient } = await import('../../shared/adapters/dynamodb-client.ts'));
});
afterAll(async () => stack?.stop());

interface Receipt {
  id: string;
  accessToken: string;
}

async function submitAndScreen(body: unknown): Promise<Receipt> {
  const response = await stack.request('POST', '/api/applications', { body });
  expect(response.status).toBe(202);
  await stack.drainQueue();
  return response.body;
}

const applicant = (receipt: Receipt) => ({ authorization: `Bearer ${receipt.accessToken}` });
const detail = async (receipt: Receipt) => (await stack.request('GET', `/api/review/applications/${receipt.id}`, { headers: supervisor })).body;
const flagsOf = async (receipt: Receipt) => ((await detail(receipt)).flags as { code: string; message: string }[]);

async function decide(receipt: Receipt, decision: Record<string, unknown>) {
  expect((await stack.request('POST', `/api/review/applications/${receipt.id}/claim`, { headers: supervisor })).status).toBe(200);
  const response = await stack.request('POST', `/api/review/applications/${receipt.id}/decision`, { headers: supervisor, body: decision });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}

/** The list item of a document at MOHAN, read consistently (undefined when there is none). */
async function listItem(documentNumber: string) {
  const { Item } = await documentClient.send(new GetCommand({ TableName: stack.env.TABLE_NAME, Key: documentListKey('MOHAN', documentNumber), ConsistentRead: true }));
  return Item;
}

describe('joining and leaving', () => {
  it('lists every application on submission, takes rejected, withdrawn and revoked ones off, and keeps approved ones', async () => {
    const receipts: Record<string, Receipt> = {};
    const documents: Record<string, string> = {};
    for (const name of ['rejected', 'withdrawn', 'revoked', 'approved']) {
      const traveller = person();
      documents[name] = traveller.documentNumber;
      receipts[name] = await submitAndScreen({ ...tourismApplication(), applicant: traveller });
      expect(Object.keys((await listItem(traveller.documentNumber)) ?? {})).toContain(receipts[name]!.id);
    }
    await decide(receipts.rejected!, { outcome: 'reject', reasonCode: 'other' });
    expect((await stack.request('POST', `/api/applications/${receipts.withdrawn!.id}/withdraw`, { headers: applicant(receipts.withdrawn!) })).status).toBe(200);
    await decide(receipts.revoked!, { outcome: 'approve' });
    expect((await stack.request('POST', `/api/review/applications/${receipts.revoked!.id}/revoke`, { headers: supervisor, body: { reasonCode: 'other' } })).status).toBe(200);
    await decide(receipts.approved!, { outcome: 'approve' });

    for (const name of ['rejected', 'withdrawn', 'revoked']) expect(Object.keys((await listItem(documents[name]!)) ?? {}), name).not.toContain(receipts[name]!.id);
    expect(await listItem(documents.approved!)).toMatchObject({ [receipts.approved!.id]: [{ from: tripStart(), to: tripEnd() }] });
  });

  it('does not count an application that a failed removal left on the list once it is closed', async () => {
    const traveller = person();
    const first = await submitAndScreen({ ...tourismApplication(), applicant: traveller });
    const restore = await interceptTable((command, send) =>
      command instanceof UpdateCommand && command.input.UpdateExpression?.startsWith('REMOVE')
        ? Promise.reject(Object.assign(new Error('injected'), { name: 'InternalServerError' }))
        : send(),
    );
    try {
      expect((await stack.request('POST', `/api/applications/${first.id}/withdraw`, { headers: applicant(first) })).status).toBe(200);
    } finally {
      restore();
    }
    expect(Object.keys((await listItem(traveller.documentNumber)) ?? {})).toContain(first.id);
    const second = await submitAndScreen({ ...tourismApplication(), applicant: traveller });
    expect(await flagsOf(second)).toEqual([]);
  });

  it('lists an answer\'s new dates beside the old ones, and finds a duplicate of the new ones', async () => {
    const traveller = person();
    const first = await submitAndScreen({ ...tourismApplication(), applicant: traveller });
    await decide(first, { outcome: 'request-info', reasonCode: 'other', note: 'Please travel a month later.' });
    const later = { destinationCountry: 'LA', entryDate: addDays(tripStart(), 30), exitDate: addDays(tripEnd(), 30) };
    const answered = await stack.request('POST', `/api/applications/${first.id}/info`, { headers: applicant(first), body: { message: 'moved', changes: { travel: later } } });
    expect(answered.status, JSON.stringify(answered.body)).toBe(202);
    expect((await listItem(traveller.documentNumber))?.[first.id]).toEqual([
      { from: tripStart(), to: tripEnd() },
      { from: later.entryDate, to: later.exitDate },
    ]);

    const onTheNewDates = await submitAndScreen({ ...tourismApplication(), applicant: traveller, travel: later });
    expect((await flagsOf(onTheNewDates)).map((flag) => flag.code)).toEqual(['duplicate-application']);
    // The old dates stay listed, but the check confirms each candidate against its record: no longer a duplicate.
    const onTheOldDates = await submitAndScreen({ ...tourismApplication(), applicant: traveller });
    expect(await flagsOf(onTheOldDates)).toEqual([]);
  });
});

describe('keeping a list small', () => {
  /** A list of `count` entries of applications that were never stored, with the given dates (and closed when `full`). */
  async function seedList(documentNumber: string, count: number, window: { from: string; to: string }, full = false) {
    const entries = Object.fromEntries(Array.from({ length: count }, (_, index) => [`seeded${String(index).padStart(16, '0')}`, [window]]));
    await documentClient.send(new PutCommand({ TableName: stack.env.TABLE_NAME, Item: { ...documentListKey('MOHAN', documentNumber), ...entries, ...(full ? { full: true } : {}) } }));
  }

  it('closes a list that reaches its capacity, flags every application naming the document, and adds none to it', async () => {
    const traveller = person();
    await seedList(traveller.documentNumber, LIST_CAPACITY - 1, { from: tripStart(), to: tripEnd() });
    const reaching = await submitAndScreen({ ...tourismApplication(), applicant: traveller });
    expect(await listItem(traveller.documentNumber)).toMatchObject({ full: true, [reaching.id]: expect.any(Array) });
    expect(await flagsOf(reaching)).toEqual([expect.objectContaining({ code: 'duplicate-application', message: expect.stringContaining('So many') })]);

    const after = await submitAndScreen({ ...tourismApplication(), applicant: traveller });
    expect(Object.keys((await listItem(traveller.documentNumber))!)).not.toContain(after.id);
    expect((await flagsOf(after)).map((flag) => flag.code)).toEqual(['duplicate-application']);
  });

  it('takes entries whose dates ended long ago off as screening meets them, and opens a closed list again at half', async () => {
    const traveller = person();
    const longAgo = { from: addDays(today(), -60), to: addDays(today(), -40) };
    await seedList(traveller.documentNumber, LIST_CAPACITY, longAgo, true);
    const meeting = await submitAndScreen({ ...tourismApplication(), applicant: traveller });
    // Read while closed, so flagged; the expired entries then went, and the list with them is open again.
    expect((await flagsOf(meeting)).map((flag) => flag.code)).toEqual(['duplicate-application']);
    const item = await listItem(traveller.documentNumber);
    expect(item).not.toHaveProperty('full');
    expect(Object.keys(item!).filter((name) => name.startsWith('seeded'))).toEqual([]);

    const next = await submitAndScreen({ ...tourismApplication(), applicant: traveller });
    expect(Object.keys((await listItem(traveller.documentNumber))!)).toContain(next.id);
  });
});

describe('the backfill of the markers of before the lists', () => {
  it('puts open and approved applications with markers on their lists, drops closed ones, and deletes every marker', async () => {
    const open = { ...tourismApplication(), applicant: person() };
    const approved = { ...tourismApplication(), applicant: person() };
    const withdrawn = { ...tourismApplication(), applicant: person() };
    const receipts = { open: await submitAndScreen(open), approved: await submitAndScreen(approved), withdrawn: await submitAndScreen(withdrawn) };
    await decide(receipts.approved, { outcome: 'approve' });
    expect((await stack.request('POST', `/api/applications/${receipts.withdrawn.id}/withdraw`, { headers: applicant(receipts.withdrawn) })).status).toBe(200);

    // As the table was before the lists: a marker item per application and document, and no list.
    const bodies = { open, approved, withdrawn };
    for (const name of ['open', 'approved', 'withdrawn'] as const) {
      const documentNumber = bodies[name].applicant.documentNumber;
      await documentClient.send(new UpdateCommand({ TableName: stack.env.TABLE_NAME, Key: documentListKey('MOHAN', documentNumber), UpdateExpression: 'REMOVE #id', ExpressionAttributeNames: { '#id': receipts[name].id } }));
      await documentClient.send(
        new PutCommand({
          TableName: stack.env.TABLE_NAME,
          Item: { pk: documentPartition('MOHAN', documentNumber), sk: `${legacyDocumentMarkerPrefix}${receipts[name].id}`, applicationId: receipts[name].id, from: tripStart(), to: tripEnd() },
        }),
      );
    }
    const beforeBackfill = await submitAndScreen({ ...tourismApplication(), applicant: open.applicant });
    expect(await flagsOf(beforeBackfill)).toEqual([]);

    const { backfillDocumentLists } = await import('../../shared/use-cases/backfill-document-lists.ts');
    expect(await backfillDocumentLists()).toMatchObject({ markers: 3, listed: 2 });
    expect(await backfillDocumentLists()).toEqual({ markers: 0, listed: 0 });
    expect(Object.keys((await listItem(open.applicant.documentNumber))!)).toContain(receipts.open.id);
    expect(Object.keys((await listItem(approved.applicant.documentNumber))!)).toContain(receipts.approved.id);
    expect(Object.keys((await listItem(withdrawn.applicant.documentNumber)) ?? {})).not.toContain(receipts.withdrawn.id);

    const afterBackfill = await submitAndScreen({ ...tourismApplication(), applicant: open.applicant });
    expect((await flagsOf(afterBackfill)).map((flag) => flag.code)).toEqual(['duplicate-application']);
  });
});
