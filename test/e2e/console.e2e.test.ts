/**
 * The clerk console in Chromium: sign-in through the local issuer's OpenID Connect flow (code + PKCE),
 * a quiet token refresh and sign-out; a clerk decides a cargo and a group application in Chinese from
 * what the page shows alone; every console view in all four languages without a raw code of the API or
 * an English label, with no serious or critical axe finding; screenshots of the detail views.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { flagCodes, historyActions, statuses } from '../../shared/domain/application.ts';
import { applicationKinds } from '../../shared/domain/auto-approval.ts';
import { reasonCodeList } from '../../shared/domain/reason-codes.ts';
import { lanes } from '../../shared/domain/review-clock.ts';
import { parseWatchList } from '../../shared/domain/watch-list.ts';
import { en as consoleEnglish } from '../../web/src/i18n/console/en.ts';
import { en as english } from '../../web/src/i18n/en.ts';
import { addMonths, cargoApplication, person, today, tourismApplication } from '../fixtures/applications.ts';
import { artifactsDir, browserAvailable, expectAccessible, signInToConsole, useBrowserSession, watchPage } from './browser.ts';

const languages = ['zh-CN', 'en', 'lo', 'my'] as const;
/** The web stack and Chromium for this file; every test ends with no uncaught page error. */
const session = useBrowserSession();
const ids: Record<string, string> = {};

async function submit(name: string, body: unknown) {
  const accepted = await session.stack.submit(body);
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
  ids[name] = accepted.body.id;
  ids[`${name}.token`] = accepted.body.accessToken;
}

// After the session's own beforeAll (registered first): the stack is up.
beforeAll(async () => {
  if (!browserAvailable) return;
  const { putWatchListEntries } = await import('../../shared/adapters/store/watch-list-store.ts');
  await putWatchListEntries(parseWatchList('kind,value,dateOfBirth,reason\nplate,云K 99999,,console test\n'));
  const cargo = cargoApplication({ port: 'DALUO', perishable: true });
  cargo.vehicle.plateNumber = '云K99999';
  cargo.cargo.push({ description: 'dried mushrooms', weightKg: 1200, perishable: false });
  await submit('cargo', cargo);
  const group = tourismApplication({ port: 'DALUO', members: 3 });
  group.members![1] = person({ fullName: 'Chen Jie', dateOfBirth: '1992-02-02', documentExpiry: addMonths(today(), 2) });
  await submit('group', group);
  await submit('single', tourismApplication({ port: 'DALUO' }));
  await submit('pendingGroup', tourismApplication({ port: 'DALUO', members: 2, medical: true }));
  await submit('keyboard', cargoApplication({ port: 'DALUO', perishable: false }));
  await session.stack.drainQueue();
});

async function newPage(language?: string): Promise<Page> {
  const page = await session.browser.newPage({ viewport: { width: 1280, height: 1000 } });
  watchPage(page, session.pageErrors);
  if (language) await page.addInitScript((chosen) => localStorage.setItem('permit-fast-track.language', chosen), language);
  return page;
}


/** The API's codes as they would show if untranslated; those that are plain English words are checked outside English only. */
const allCodes = [...statuses, ...applicationKinds, ...reasonCodeList, ...flagCodes, ...historyActions, ...lanes, 'truck', 'vessel', 'passport', 'DALUO', 'MOHAN'];
const isWord = (code: string) => /^[a-z]+$/.test(code);
const codes = allCodes.filter((code) => !isWord(code));
const englishWords = allCodes.filter(isWord);
/** English labels of the console long enough not to collide with names in the data. */
const englishLabels = [...Object.values(consoleEnglish), ...Object.entries(english).filter(([key]) => /^(console|fastTrack|lane|vehicle|doc|direction)\./.test(key)).map(([, text]) => text)]
  .map((text) => text.replace(/\{\w+\}.*$/, '').trim())
  .filter((text) => text.length >= 8);

/** What the page shows must be in its language: no code of the API, and outside English no English label. */
async function expectNoRawCode(page: Page, language: string, view: string) {
  // biome-ignore lint/performance/useDomNodeTextContent: what the clerk sees, so not the text of hidden elements.
  const text = await page.evaluate(() => document.body.innerText);
  const found = codes.filter((code) => new RegExp(`(^|[^\\w-])${code}(?![\\w-])`).test(text));
  if (language !== 'en') {
    found.push(...englishWords.filter((word) => new RegExp(`\\b${word}\\b`, 'i').test(text)));
    // Dates and countries in English words where the browser has no data for the language.
    found.push(...(text.match(/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d|\d [AP]M\b|\b(China|Laos|Myanmar)\b/g) ?? []));
    found.push(...englishLabels.filter((label) => text.includes(label)));
  }
  expect(found, `${language} ${view}`).toEqual([]);
}

describe.skipIf(!browserAvailable)('clerk sign-in', () => {
  it('signs in through the issuer with the code flow and PKCE, renews the token quietly and signs out', async () => {
    const page = await newPage('en');
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await page.goto(`${session.stack.url}/console`);
    await page.waitForSelector('#sign-in:not([hidden])');
    await expectAccessible(page, 'console-sign-in');
    await page.click('#sign-in');
    await page.waitForSelector('#issuer-sign-in');
    const authorize = new URL(page.url());
    expect(authorize.pathname).toBe('/_local/oidc/authorize');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('scope')).toBe('openid permit-fast-track/review');
    expect(authorize.searchParams.has('code_verifier')).toBe(false);
    await page.fill('#clerk', 'zhao.clerk');
    await page.uncheck('#port-MOHAN');
    await page.click('#issuer-submit');
    await page.waitForSelector('#queue tr');
    expect(new URL(page.url()).search).toBe('');
    expect(requested).toEqual(expect.arrayContaining(['/console-config.json', '/.well-known/openid-configuration', '/_local/oidc/token']));
    expect(await page.textContent('#whoami')).toContain('zhao.clerk');
    expect(await page.textContent('#whoami')).toContain('Daluo');
    const first = await page.evaluate(() => sessionStorage.getItem('permit-fast-track.console-token'));

    // An access token about to run out is renewed with the refresh token before the next call.
    await page.evaluate(() => {
      const session = JSON.parse(sessionStorage.getItem('permit-fast-track.console-session')!);
      sessionStorage.setItem('permit-fast-track.console-session', JSON.stringify({ ...session, expiresAt: Date.now() }));
    });
    requested.length = 0;
    await page.click('#refresh');
    await page.waitForFunction((before) => sessionStorage.getItem('permit-fast-track.console-token') !== before, first);
    expect(requested).toContain('/_local/oidc/token');
    expect(await page.isVisible('#workspace')).toBe(true);

    await page.click('#sign-out');
    await page.waitForSelector('#sign-in:not([hidden])');
    expect(await page.evaluate(() => sessionStorage.getItem('permit-fast-track.console-token'))).toBeNull();
    expect(requested).toEqual(expect.arrayContaining(['/_local/oidc/revoke', '/_local/oidc/logout']));
    await page.close();
  });

  it('asks to sign in again once a pasted token has run out, and takes a pasted token as a fallback', async () => {
    const page = await newPage('en');
    const { loadIssuerKeys, mintToken } = await import('../../infra/local/local-issuer.ts');
    const short = mintToken(loadIssuerKeys(), { clerkId: 'tool', ports: ['DALUO'], role: 'clerk', issuedAt: Math.floor(Date.now() / 1000) - 3590, lifetimeSeconds: 3600 });
    await page.goto(`${session.stack.url}/console`);
    await page.click('#token-fallback summary');
    await page.fill('#f-token', 'not a token');
    await page.click('#token-form button[type="submit"]');
    await page.waitForSelector('#e-token:not([hidden])');
    await page.fill('#f-token', short);
    await page.click('#token-form button[type="submit"]');
    await page.waitForSelector('#sign-in-panel:not([hidden])');
    expect(await page.textContent('#sign-in-note')).toBe('Your session has ended. Sign in again to carry on where you were.');
    await page.close();
  });
});

describe.skipIf(!browserAvailable)('a clerk working in Chinese', () => {
  it('decides a cargo and a group application from what the page shows', async () => {
    const page = await newPage('zh-CN');
    await signInToConsole(page, session.stack.url, { clerk: 'li.chuangkou', ports: ['DALUO'] });
    expect(await page.textContent('#whoami')).toContain('打洛');

    // Cargo: carrier, vehicle with its flag beside it, crossing, drivers and the cargo lines.
    await page.click(`button[data-open="${ids.cargo}"]`);
    await page.waitForSelector('#detail-heading');
    expect(await page.textContent('#carrier-title')).toBe('承运人');
    const vehicle = await page.textContent('section[aria-labelledby="vehicle-title"]');
    expect(vehicle).toContain('云K99999');
    expect(vehicle).toContain('车牌在监控名单上');
    expect(await page.locator('#cargo-lines tbody tr').count()).toBe(2);
    expect(await page.textContent('#cargo-lines')).toContain('fresh bananas');
    // What a decision on cargo rests on, each shown: the carrier's registration and phone, the HS code.
    const carrier = await page.textContent('section[aria-labelledby="carrier-title"]');
    expect(carrier).toContain('91532823MA6N000000');
    expect(carrier).toContain('+8613900000000');
    expect(await page.textContent('#cargo-lines')).toContain('080390');
    expect(await page.textContent('#must-claim')).toBe('领取后才能作出决定。');
    await page.click('#claim');
    await page.waitForSelector('#decision-form');
    await page.check('#f-outcome-reject');
    await page.click('#decide');
    await page.waitForSelector('#e-decision-reasonCode:not([hidden])');
    expect(await page.textContent('#e-decision-reasonCode')).toBe('拒绝或要求补充材料时，请选择原因。');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-reasonCode');
    await page.selectOption('#f-reasonCode', { label: '与监控名单相符' });
    await page.fill('#f-note', '车辆在监控名单上，已通知海关。');
    await page.fill('#f-applicantMessage', '您的申请未获批准。');
    await page.click('#decide');
    await page.waitForSelector('#detail-status[data-status="REJECTED"]');
    expect(await page.textContent('#console-message')).toBe('已记录决定：未批准。');
    expect(await page.textContent('#history')).toContain('不予批准');

    // Group: trip, the applicant and members numbered from 1, the flag beside member 2, one left off the permit.
    await page.click(`button[data-open="${ids.group}"]`);
    await page.waitForSelector(`#detail-heading:has-text("${ids.group}")`);
    const travellers = page.locator('section[aria-labelledby="travellers-title"] tbody tr');
    expect(await travellers.count()).toBe(4);
    expect(await travellers.nth(2).textContent()).toContain('成员 2');
    expect(await travellers.nth(2).textContent()).toContain('证件在 6 个月内到期');
    expect(await page.textContent('section[aria-labelledby="agency-title"]')).toContain('Jinghong Travel Co.');
    // Another clerk holds it: the API's 409 is shown at the claim, in Chinese, with until when; once they let go, the claim works.
    const { loadIssuerKeys, mintToken } = await import('../../infra/local/local-issuer.ts');
    const colleague = { authorization: `Bearer ${mintToken(loadIssuerKeys(), { clerkId: 'zhao.chuangkou', ports: ['DALUO'], role: 'clerk' })}` };
    expect((await session.stack.request('POST', `/api/review/applications/${ids.group}/claim`, { headers: colleague })).status).toBe(200);
    await page.click('#claim');
    await page.waitForSelector('#action-error:not([hidden])');
    expect(await page.textContent('#action-error')).toMatch(/^另一位工作人员已领取该申请，保留至 .+。$/);
    expect((await session.stack.request('POST', `/api/review/applications/${ids.group}/release`, { headers: colleague })).status).toBe(200);
    await page.click('#claim');
    await page.waitForSelector('#decision-form');
    await page.keyboard.press('Tab');
    await page.check('#f-exclude-1');
    expect(await page.textContent('label[for="f-exclude-1"]')).toBe('成员 2：Chen Jie');
    await page.click('#decide');
    await page.waitForSelector('#detail-status[data-status="APPROVED"]');
    expect(await page.textContent('section[aria-labelledby="decision-title"]')).toContain('成员 2：Chen Jie');
    await page.close();

    const cargo = await session.stack.request('GET', `/api/applications/${ids.cargo}`, { headers: { authorization: `Bearer ${ids['cargo.token']}` } });
    expect(cargo.body).toMatchObject({ status: 'REJECTED', decision: { reasonCode: 'other', applicantMessage: '您的申请未获批准。' } });
    const group = await session.stack.request('GET', `/api/applications/${ids.group}`, { headers: { authorization: `Bearer ${ids['group.token']}` } });
    expect(group.body).toMatchObject({ status: 'APPROVED', decision: { excludedMembers: [1] } });
    expect(group.body.permit.holders.map((holder: { fullName: string }) => holder.fullName)).not.toContain('Chen Jie');
  });
});

describe.skipIf(!browserAvailable)('the queue', () => {
  it('leads with the overdue application, filters, pages with the cursor, refreshes in place and claims next', async () => {
    const { submitApplication } = await import('../../shared/use-cases/submit-application.ts');
    const { screenApplication } = await import('../../shared/use-cases/screen-application.ts');
    const acceptedAt = Date.now() - 3 * 24 * 3_600_000;
    const overdue = await submitApplication(tourismApplication({ port: 'MOHAN' }), undefined, () => acceptedAt);
    await screenApplication(overdue.id, () => acceptedAt + 1000);
    await submit('perishableMohan', cargoApplication({ port: 'MOHAN', perishable: true }));
    for (let index = 0; index < 22; index++) await session.stack.request('POST', '/api/applications', { body: tourismApplication({ port: 'MOHAN' }) });
    await session.stack.drainQueue();

    const page = await newPage('en');
    await signInToConsole(page, session.stack.url, { clerk: 'queue.clerk', ports: ['MOHAN'] });
    const rows = page.locator('#queue tr');
    expect(await rows.count()).toBe(20);
    expect(await rows.first().getAttribute('data-id')).toBe(overdue.id);
    expect(await rows.first().locator('.time-left').textContent()).toMatch(/^Overdue by \d+ h \d+ min/);
    expect(await rows.nth(1).getAttribute('data-id')).toBe(ids.perishableMohan);

    await page.click('#next-page');
    await page.waitForSelector('#queue-summary:has-text("Page 2")');
    const second = await rows.evaluateAll((found) => found.map((row) => row.getAttribute('data-id')));
    expect(second).toHaveLength(4);
    await page.click('#refresh');
    await page.waitForSelector('#queue-summary:has-text("Page 2")');
    expect(await rows.evaluateAll((found) => found.map((row) => row.getAttribute('data-id')))).toEqual(second);
    await page.click('#previous-page');
    await page.waitForSelector('#queue-summary:has-text("Page 1")');

    await page.selectOption('#queue-lane', 'perishable');
    await page.waitForFunction(() => document.querySelectorAll('#queue tr').length === 1);
    expect(await rows.first().getAttribute('data-id')).toBe(ids.perishableMohan);
    await page.selectOption('#queue-lane', '');
    await page.selectOption('#queue-kind', 'cargo-transit');
    await page.waitForFunction(() => document.querySelectorAll('#queue tr').length === 1);
    await page.selectOption('#queue-kind', '');
    await page.waitForFunction(() => document.querySelectorAll('#queue tr').length === 20);

    await page.click('#claim-next');
    await page.waitForSelector(`#detail-heading:has-text("${overdue.id}")`);
    expect(await page.textContent('#console-message')).toContain(`You now hold application ${overdue.id}`);
    await page.waitForSelector('#decision-form');
    // The first row is now claimed: the next claim takes the one after it.
    await page.click('#claim-next');
    await page.waitForSelector(`#detail-heading:has-text("${ids.perishableMohan}")`);
    expect(await rows.first().locator('.claim').textContent()).toContain('You hold it until');
    await page.close();
  });
});

describe.skipIf(!browserAvailable)('a clerk at the keyboard', () => {
  it('opens, claims and decides with the keyboard alone', async () => {
    const page = await newPage('en');
    await signInToConsole(page, session.stack.url, { clerk: 'keys.clerk', ports: ['DALUO'] });
    await page.focus(`button[data-open="${ids.keyboard}"]`);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'detail-heading');
    await page.focus('#claim');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'f-outcome-approve');
    await page.keyboard.press('ArrowDown');
    expect(await page.isChecked('#f-outcome-reject')).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-reasonCode');
    await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('#f-reasonCode')).toBe('incomplete-document');
    await page.keyboard.press('Tab');
    await page.keyboard.type('The plate is unreadable on the scan.');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Please apply again with a readable vehicle registration.');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('decide');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#detail-status[data-status="REJECTED"]');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('detail-heading');
    expect(await page.textContent('#console-message')).toBe('Decision recorded: Rejected.');
    await page.close();
  });
});

describe.skipIf(!browserAvailable)('times', () => {
  it('shows times in Asia/Shanghai whatever time zone the clerk\'s computer is set to', async () => {
    const context = await session.browser.newContext({ timezoneId: 'America/New_York', viewport: { width: 1280, height: 1000 } });
    const page = watchPage(await context.newPage(), session.pageErrors);
    // Lao: no date words in Chromium's Intl for it, so the time is written in digits that can be compared.
    await page.addInitScript(() => localStorage.setItem('permit-fast-track.language', 'lo'));
    await signInToConsole(page, session.stack.url, { clerk: 'tz.clerk', ports: ['DALUO'] });
    const { loadIssuerKeys, mintToken } = await import('../../infra/local/local-issuer.ts');
    const reader = { authorization: `Bearer ${mintToken(loadIssuerKeys(), { clerkId: 'tz.reader', ports: ['DALUO'], role: 'clerk' })}` };
    const submittedAt: string = (await session.stack.request('GET', `/api/review/applications/${ids.single}`, { headers: reader })).body.submittedAt;
    expect(submittedAt).toMatch(/\+08:00$/);
    await page.click(`button[data-open="${ids.single}"]`);
    await page.waitForSelector(`#detail-heading:has-text("${ids.single}")`);
    expect(await page.textContent('#history')).toContain(`${submittedAt.slice(0, 10)} ${submittedAt.slice(11, 16)} (UTC+8)`);
    await context.close();
  });
});

describe.skipIf(!browserAvailable)('every console view in every language', () => {
  it('shows no raw code and no English label, passes axe, and is photographed', async () => {
    for (const language of languages) {
      const page = await newPage(language);
      await page.goto(`${session.stack.url}/console`);
      await page.waitForSelector('#sign-in:not([hidden])');
      await expectNoRawCode(page, language, 'sign-in');
      await signInToConsole(page, session.stack.url, { clerk: `desk.${language.toLowerCase()}`, ports: ['DALUO'], role: 'supervisor' });
      await page.waitForSelector('#fast-track-heading');
      await expectNoRawCode(page, language, 'queue');
      await expectAccessible(page, `${language} queue`);
      for (const name of ['cargo', 'pendingGroup', 'single']) {
        // The decided cargo application has left the queue: the clerk opens it by its number.
        if (name === 'cargo') {
          await page.fill('#f-lookup', ids[name]!);
          await page.click('#lookup button[type="submit"]');
        } else await page.click(`button[data-open="${ids[name]}"]`);
        await page.waitForSelector(`#detail-heading:has-text("${ids[name]}")`);
        if (name === 'single') {
          await page.click('#claim');
          await page.waitForSelector('#decision-form');
          await page.check('#f-outcome-request-info');
          await page.click('#decide');
          await page.waitForSelector('#decision-error:not([hidden])');
        }
        await expectNoRawCode(page, language, name);
        await expectAccessible(page, `${language} ${name}`);
        await page.locator('#detail').screenshot({ path: join(artifactsDir, `console-detail-${name}-${language}.png`) });
      }
      await page.click('#release');
      await page.waitForSelector('#must-claim');
      await page.close();
    }
  });
});

describe.skipIf(!browserAvailable)('every page', () => {
  it('loads without a console error or a missing file, the icon included', async () => {
    const paths = ['/', '/status', `/status/${ids.single}`, '/console', '/checkpoint'];
    for (const path of paths) {
      const page = await newPage('en');
      const problems: string[] = [];
      page.on('console', (entry) => entry.type() === 'error' && problems.push(`${path}: ${entry.text()}`));
      page.on('response', (response) => response.status() >= 400 && problems.push(`${path}: ${response.status()} ${response.url()}`));
      await page.goto(`${session.stack.url}${path}`, { waitUntil: 'networkidle' });
      expect(problems).toEqual([]);
      await page.close();
    }
    expect((await fetch(`${session.stack.url}/favicon.ico`)).headers.get('content-type')).toBe('image/x-icon');
  });
});
