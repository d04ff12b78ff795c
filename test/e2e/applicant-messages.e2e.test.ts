/**
 * The applicant's receipt, messages and withdrawal in Chromium: the receipt copies and prints, its
 * status link opens the application without typing the token, the message language chosen on the form
 * is the one the messages use, the local outbox page lists them, and withdrawal asks before it acts.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { tourismApplication, tripEnd, tripStart } from '../fixtures/applications.ts';
import { artifactsDir, browserAvailable, expectAccessible, useBrowserSession, watchPage } from './browser.ts';

/** The web stack and Chromium for this file; every test ends with no uncaught page error. */
const session = useBrowserSession();

async function newPage(): Promise<Page> {
  const page = await session.browser.newPage({ viewport: { width: 420, height: 900 }, locale: 'en-GB' });
  watchPage(page, session.pageErrors);
  return page;
}


const settle = async () => {
  await session.stack.drainQueue();
  await session.stack.drainNotifications();
};

describe.skipIf(!browserAvailable)('receipt and messages', () => {
  it('copies and prints the receipt, opens the status page from it without the token typed, and writes in the chosen language', async () => {
    const page = await newPage();
    await page.goto(`${session.stack.url}/`);
    await page.selectOption('#language', 'en');
    // Until the applicant picks one, messages follow the page's language.
    expect(await page.inputValue('#f-contact-language')).toBe('en');
    await page.fill('#f-travel-destinationCountry', 'LA');
    await page.fill('#f-travel-entryDate', tripStart());
    await page.fill('#f-travel-exitDate', tripEnd());
    await page.fill('#f-applicant-fullName', 'Souksavanh Phommachanh');
    await page.fill('#f-applicant-dateOfBirth', '1988-09-12');
    await page.fill('#f-applicant-documentNumber', 'P66600123');
    await page.fill('#f-applicant-documentExpiry', '2032-05-01');
    await page.fill('#f-contact-phone', '+8562055512345');
    await page.fill('#f-contact-email', 'receipt@example.com');
    await page.selectOption('#f-contact-language', 'lo');
    await page.selectOption('#language', 'zh-CN');
    expect(await page.inputValue('#f-contact-language')).toBe('lo');
    await page.selectOption('#language', 'en');
    await expectAccessible(page, 'form with message language');
    await page.click('#submit');
    await page.waitForSelector('#receipt-id');
    const id = (await page.textContent('#receipt-id'))!;
    const token = (await page.textContent('#receipt-token'))!;

    await page.click('[data-copy="receipt-token"]');
    await page.waitForSelector('#copy-status:not(:empty)');
    expect(['Copied.', 'Copying is not possible here: select the text and copy it.']).toContain(await page.textContent('#copy-status'));
    await page.evaluate(() => {
      window.print = () => document.body.setAttribute('data-printed', 'yes');
    });
    await page.click('#print-receipt');
    expect(await page.getAttribute('body', 'data-printed')).toBe('yes');
    await expectAccessible(page, 'receipt');
    await page.screenshot({ path: join(artifactsDir, 'receipt-copy-print.png'), fullPage: true });

    await page.click('#status-link');
    await page.waitForSelector('#status-value');
    expect(new URL(page.url()).pathname).toBe(`/status/${id}`);
    expect(page.url()).not.toContain(token);
    expect(await page.isVisible('#token-form')).toBe(false);
    await page.click('#submitted summary');
    const submitted = (await page.textContent('#submitted'))!;
    for (const text of ['Souksavanh Phommachanh', 'P66600123', 'receipt@example.com', '+8562055512345', 'ພາສາລາວ']) expect(submitted).toContain(text);
    await expectAccessible(page, 'status with submitted content');

    await settle();
    const outbox = await newPage();
    await outbox.goto(`${session.stack.url}/_local/outbox.html?to=receipt@example.com`);
    const rows = outbox.locator('#messages tbody tr');
    expect(await rows.count()).toBe(1);
    const row = (await rows.first().textContent())!;
    for (const text of [id, 'received', 'lo', 'ໄດ້ຮັບແລ້ວ, ກຳລັງກວດສອບ', `/status/${id}`]) expect(row).toContain(text);
    expect(row).not.toContain(token);
    await expectAccessible(outbox, 'outbox page');
    await outbox.screenshot({ path: join(artifactsDir, 'local-outbox.png'), fullPage: true });
    await outbox.close();
    await page.close();
  });
});

describe.skipIf(!browserAvailable)('withdrawal from the status page', () => {
  it('asks before withdrawing, keeps the application on No, withdraws it on Yes', async () => {
    const body = { ...tourismApplication(), contact: { phone: '+8613800000456', email: 'withdraw@example.com', language: 'en' } };
    const receipt = (await session.stack.request('POST', '/api/applications', { body })).body as { id: string; accessToken: string };
    await session.stack.drainQueue();
    const page = await newPage();
    await page.goto(`${session.stack.url}/status/${receipt.id}`);
    await page.fill('#f-token', receipt.accessToken);
    await page.click('#token-form button[type="submit"]');
    await page.waitForSelector('#status-value[data-status="PENDING_REVIEW"]');

    await page.click('#withdraw-start');
    await page.waitForSelector('#withdraw-confirm:not([hidden])');
    expect(await page.textContent('#withdraw-question')).toContain(receipt.id);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('withdraw-no');
    await expectAccessible(page, 'withdraw confirmation');
    await page.screenshot({ path: join(artifactsDir, 'status-withdraw-confirm.png'), fullPage: true });
    await page.click('#withdraw-no');
    expect(await page.isVisible('#withdraw-confirm')).toBe(false);
    const stillOpen = await session.stack.applicantView(receipt.id, receipt.accessToken);
    expect(stillOpen.body.status).toBe('PENDING_REVIEW');

    await page.click('#withdraw-start');
    await page.click('#withdraw-yes');
    await page.waitForSelector('#status-value[data-status="WITHDRAWN"]');
    expect(await page.textContent('#withdraw-outcome')).toContain('Your application is withdrawn.');
    expect(await page.isVisible('#withdraw')).toBe(false);
    await page.screenshot({ path: join(artifactsDir, 'status-withdrawn.png'), fullPage: true });
    const withdrawn = await session.stack.applicantView(receipt.id, receipt.accessToken);
    expect(withdrawn.body.status).toBe('WITHDRAWN');

    await settle();
    const outbox = await newPage();
    await outbox.goto(`${session.stack.url}/_local/outbox.html?to=withdraw@example.com`);
    expect(await outbox.locator('#messages tbody tr').count()).toBe(2);
    expect(await outbox.textContent('#messages')).toContain('You withdrew this application.');
    await outbox.close();
    await page.close();
  });
});
