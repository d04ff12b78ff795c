/**
 * Screening against the local stack: the flags it adds for a clerk (watch-list names however they are
 * written, plates, expiring documents, duplicates), whole batches screened at once (one read of
 * the document lists, duplicates in one batch or two both flagged, failures retried per message), and
 * redelivery changing nothing. Submission, idempotency and recovery are in intake.integration.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchGetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { addDays, addMonths, cargoApplication, person, tourismApplication, tripEnd, tripStart } from '../fixtures/applications.ts';
import { failQueueSends, interceptTable, startTestStack, type TestStack } from './helpers.ts';

let stack: TestStack;
let store: typeof import('../../shared/adapters/store/application-store.ts');

beforeAll(async () => {
  stack = await startTestStack({ sampleData: true });
  store = await import('../../shared/adapters/store/application-store.ts');
});
afterAll(async () => stack?.stop());


describe('screening flags', () => {
  it('flags watch-list names despite case, accents, spacing and word order, and listed plates', async () => {
    const body = cargoApplication();
    body.vehicle.plateNumber = '云k-99999';
    body.drivers = [person({ fullName: 'an  VĂN nguyễn', dateOfBirth: '1980-02-03' })];
    const accepted = await stack.submit(body);
    await stack.drainQueue();
    const stored = await store.getApplication(accepted.body.id);
    expect(stored!.status).toBe('PENDING_REVIEW');
    expect(stored!.flags).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'watch-list-person', subject: 'drivers.0' }),
        expect.objectContaining({ code: 'watch-list-plate', subject: 'vehicle' }),
      ]),
    );
    // Watch-list hits are for the clerk, never shown to the applicant.
    const view = await stack.applicantView(accepted.body.id, accepted.body.accessToken);
    expect(JSON.stringify(view.body)).not.toContain('watch-list');
  });

  it('flags a document on the watch list and one that expires soon', async () => {
    const body = tourismApplication({ members: 1 });
    body.applicant.documentNumber = 'g99887766';
    body.members![0]!.documentExpiry = addMonths(tripEnd(), 3);
    const accepted = await stack.submit(body);
    await stack.drainQueue();
    const stored = await store.getApplication(accepted.body.id);
    expect(stored!.flags).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'watch-list-document', subject: 'applicant' }),
        expect.objectContaining({ code: 'document-expires-soon', subject: 'members.0' }),
      ]),
    );
    const view = await stack.applicantView(accepted.body.id, accepted.body.accessToken);
    expect(view.body.flags).toEqual([expect.objectContaining({ code: 'document-expires-soon', subject: 'members.0' })]);
  });

  it('flags a second open application for the same document, port and dates', async () => {
    const first = tourismApplication();
    const second = tourismApplication();
    second.applicant.documentNumber = first.applicant.documentNumber;
    second.travel = { ...second.travel, entryDate: addDays(tripStart(), 3), exitDate: addDays(tripEnd(), 4) };
    const elsewhere = tourismApplication({ port: 'DALUO' });
    elsewhere.applicant.documentNumber = first.applicant.documentNumber;

    const a = await stack.submit(first);
    await stack.drainQueue();
    const b = await stack.submit(second);
    const c = await stack.submit(elsewhere);
    await stack.drainQueue();
    expect((await store.getApplication(a.body.id))!.flags).toEqual([]);
    expect((await store.getApplication(b.body.id))!.flags).toEqual([
      expect.objectContaining({ code: 'duplicate-application', subject: 'applicant' }),
    ]);
    expect((await store.getApplication(c.body.id))!.flags).toEqual([]);
  });

  describe('a whole batch at once', () => {
    /** The application a command puts on a document list, if it is such a write. */
    const listJoinOf = (command: unknown) =>
      command instanceof UpdateCommand && String(command.input.Key?.pk).startsWith('DOC#') && command.input.UpdateExpression?.startsWith('SET')
        ? command.input.ExpressionAttributeNames?.['#application']
        : undefined;

    /**
     * Three applications stored but not queued (the send fails), so one handmade batch screens them
     * together; with `unlisted`, their submissions' document-list joins fail too.
     */
    async function unqueued({ unlisted = false } = {}) {
      const spy = await failQueueSends();
      const restore = unlisted
        ? await interceptTable((command, send) => (listJoinOf(command) ? Promise.reject(Object.assign(new Error('injected'), { name: 'InternalServerError' })) : send()))
        : undefined;
      const first = tourismApplication();
      const second = tourismApplication();
      second.applicant.documentNumber = first.applicant.documentNumber;
      const cargo = cargoApplication();
      cargo.vehicle.plateNumber = '云K99999';
      const ids = [];
      try {
        for (const body of [first, second, cargo]) ids.push((await stack.submit(body)).body.id as string);
      } finally {
        restore?.();
        spy.mockRestore();
      }
      return ids as [string, string, string];
    }

    const batchOf = (ids: string[]) => ({
      Records: ids.map((applicationId, index) => ({ messageId: `b-${index}`, receiptHandle: `r-${index}`, body: JSON.stringify({ applicationId }), attributes: { ApproximateReceiveCount: '1' }, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:permit-intake', awsRegion: 'us-east-1' })),
    });

    /**
     * Screens the batch while counting the table calls by command, optionally failing or delaying some. The
     * queue pollers stop meanwhile, so that no other consumer (a delivery of an earlier test's messages) adds calls.
     */
    async function screenCounting(ids: string[], fail: (command: unknown) => boolean = () => false, delayMs: (command: unknown) => number = () => 0) {
      await stack.stopPolling();
      const calls: Record<string, number> = {};
      const restore = await interceptTable(async (command, send) => {
        const name = (command as { constructor: { name: string } }).constructor.name;
        calls[name] = (calls[name] ?? 0) + 1;
        // Every read screening makes must see the writes made just before it (the lists above all).
        if (command instanceof BatchGetCommand && Object.values(command.input.RequestItems ?? {}).some((request) => request.ConsistentRead !== true)) {
          calls.inconsistentReads = (calls.inconsistentReads ?? 0) + 1;
        }
        if (fail(command)) throw Object.assign(new Error('injected'), { name: 'InternalServerError' });
        const delay = delayMs(command);
        if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
        return send();
      });
      try {
        return { result: await stack.invoke('screen-applications', batchOf(ids)), calls };
      } finally {
        restore();
        stack.startPolling();
      }
    }

    /** The batch's read of the applications it screens (the candidates' read projects less). */
    const readsApplications = (command: unknown) =>
      command instanceof BatchGetCommand &&
      Object.values(command.input.RequestItems ?? {}).some((request) => Object.values(request.ExpressionAttributeNames ?? {}).includes('reviewDeadline'));

    async function expectScreened([first, second, cargo]: [string, string, string]) {
      for (const id of [first, second]) {
        const stored = (await store.getApplication(id))!;
        expect(stored.status).toBe('PENDING_REVIEW');
        // Both are in the batch: each one's lists are read after both are on them, so each sees the other.
        expect(stored.flags).toEqual([expect.objectContaining({ code: 'duplicate-application', subject: 'applicant' })]);
      }
      expect((await store.getApplication(cargo))!.flags).toEqual([expect.objectContaining({ code: 'watch-list-plate', subject: 'vehicle' })]);
    }

    it('reads the applications, then their document lists with the watch list, once for the batch, and queries nothing', async () => {
      const ids = await unqueued();
      const { result, calls } = await screenCounting(ids);
      expect(result).toEqual({ batchItemFailures: [] });
      await expectScreened(ids);
      // The applications, the lists with the watch list, and the duplicate's confirmation by its record.
      expect(calls.BatchGetCommand).toBe(3);
      expect(calls.inconsistentReads ?? 0).toBe(0);
      expect(calls.UpdateCommand).toBe(3);
      expect(calls.QueryCommand ?? 0).toBe(0);
      expect(calls.GetCommand ?? 0).toBe(0);
      expect(calls.BatchWriteCommand ?? 0).toBe(0);
    });

    it('reads each application on its own when the batch read fails', async () => {
      const ids = await unqueued();
      const { result, calls } = await screenCounting(ids, readsApplications);
      expect(result).toEqual({ batchItemFailures: [] });
      await expectScreened(ids);
      expect(calls.GetCommand).toBe(3);
    });

    it('puts applications missing from their lists on them before the batch reads any list, even with one join slow', async () => {
      const ids = await unqueued({ unlisted: true });
      const [, second] = ids;
      // The second one's join lands after the first one's: the lists are read again once both are on them.
      const { result, calls } = await screenCounting(ids, () => false, (command) => (listJoinOf(command) === second ? 300 : 0));
      expect(result).toEqual({ batchItemFailures: [] });
      await expectScreened(ids);
      expect(calls.UpdateCommand).toBe(6);
      expect(calls.BatchGetCommand).toBe(4);
    });

    it('retries only the message whose list join failed, and screens it on redelivery', async () => {
      const ids = await unqueued({ unlisted: true });
      const [first, second, cargo] = ids;
      const { result } = await screenCounting(ids, (command) => listJoinOf(command) === second);
      expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'b-1' }] });
      expect((await store.getApplication(second))!.status).toBe('SUBMITTED');
      expect((await store.getApplication(first))!.status).toBe('PENDING_REVIEW');
      expect((await store.getApplication(cargo))!.status).toBe('PENDING_REVIEW');

      // Redelivered, it joins its list first and finds the first application there.
      expect(await stack.invoke('screen-applications', batchOf([second]))).toEqual({ batchItemFailures: [] });
      expect((await store.getApplication(second))!.flags).toEqual([expect.objectContaining({ code: 'duplicate-application', subject: 'applicant' })]);
    });

    it.each([
      { name: 'on their lists since their submissions', unlisted: false },
      { name: 'joining their lists at screening', unlisted: true },
    ])('flags both of two duplicates screened at the same moment by two consumers, $name', async ({ unlisted }) => {
      const [first, second] = await unqueued({ unlisted });
      // Joining at screening, each consumer reads its list again only once both are on them (what "at the same moment" means there).
      let joined = 0;
      let bothJoined: () => void = () => undefined;
      const bothOnLists = new Promise<void>((resolve) => {
        bothJoined = resolve;
      });
      const restore = await interceptTable(async (command, send) => {
        if (listJoinOf(command)) {
          const answer = await send();
          if (++joined === 2) bothJoined();
          return answer;
        }
        // A consumer reads the lists again (without the watch list) after its join: that read waits for the other join.
        const rereadsLists = command instanceof BatchGetCommand && JSON.stringify(command.input.RequestItems).includes('DOC#') && !JSON.stringify(command.input.RequestItems).includes('WATCH#');
        if (rereadsLists) await bothOnLists;
        return send();
      });
      try {
        const results = await Promise.all([first, second].map((id) => stack.invoke('screen-applications', batchOf([id]))));
        expect(results).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
      } finally {
        restore();
      }
      for (const id of [first, second]) {
        expect((await store.getApplication(id))!.flags).toEqual([expect.objectContaining({ code: 'duplicate-application', subject: 'applicant' })]);
      }
    });
  });

  it('loads a watch list whose rows meet on one key, twice, and screens against it', async () => {
    const { parseWatchList } = await import('../../shared/domain/watch-list.ts');
    const { putWatchListEntries } = await import('../../shared/adapters/store/watch-list-store.ts');
    const csv = [
      'kind,value,dateOfBirth,reason',
      'person,Somchai Keomany,1969-07-14,notice A',
      'person,KEOMANY  Somchai,1969-07-14,notice B',
      'plate,云K 77777,,notice C',
      'plate,云k-77777,,notice C',
    ].join('\n');
    // One BatchWriteItem may not put one key twice: DynamoDB refuses the whole request.
    await putWatchListEntries(parseWatchList(csv));
    await putWatchListEntries(parseWatchList(csv));
    const body = cargoApplication();
    body.vehicle.plateNumber = '云К77777';
    body.drivers = [person({ fullName: 'somchai keomany', dateOfBirth: '1969-07-14' })];
    const accepted = await stack.submit(body);
    await stack.drainQueue();
    expect((await store.getApplication(accepted.body.id))!.flags.map((flag) => flag.code).sort()).toEqual(['watch-list-person', 'watch-list-plate']);
  });

  it('changes nothing when a message is delivered twice', async () => {
    const accepted = await stack.submit(tourismApplication());
    await stack.drainQueue();
    // Its received message is delivered meanwhile, which changes the outbox: wait for that first.
    await stack.drainNotifications();
    const once = await store.getApplication(accepted.body.id);
    const result = await stack.invoke('screen-applications', {
      Records: [{ messageId: 'm-1', receiptHandle: 'r-1', body: JSON.stringify({ applicationId: accepted.body.id }), attributes: { ApproximateReceiveCount: '2' }, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:permit-intake', awsRegion: 'us-east-1' }],
    });
    expect(result).toEqual({ batchItemFailures: [] });
    expect(await store.getApplication(accepted.body.id)).toEqual(once);
  });
});
