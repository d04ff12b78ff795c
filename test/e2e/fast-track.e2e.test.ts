/**
 * The console's fast-track panel in Chromium: a supervisor sets the port's policy with its consequences
 * spelt out, a clean application is approved by the rules and drawn for audit, a clerk confirms one and
 * refers another, and the supervisor revokes the referred permit.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { tourismApplication } from '../fixtures/applications.ts';
import { artifactsDir, browserAvailable, expectAccessible, signInToConsole, useBrowserSession, watchPage } from './browser.ts';

/** The web stack and Chromium for this file; every test ends with no uncaught page error. */
const session = useBrowserSession();

async function signIn(clerk: string, role: 'clerk' | 'supervisor'): Promise<Page> {
  const page = await session.browser.newPage({ viewport: { width: 1200, height: 1000 } });
  watchPage(page, session.pageErrors);
  await signInToConsole(page, session.stack.url, { clerk, ports: ['MOHAN'], role });
  await page.waitForSelector('#fast-track-heading');
  return page;
}


/** A clean standard tourism application, screened (and so, under the policy, approved and sampled). */
async function approvedByRules(): Promise<string> {
  const accepted = await session.stack.request('POST', '/api/applications', { body: tourismApplication() });
  await session.stack.drainQueue();
  return accepted.body.id;
}

describe.skipIf(!browserAvailable)('fast track in the console', () => {
  it('lets a supervisor set the policy, spelling out what is approved without a person and what is audited', async () => {
    const page = await signIn('chen.supervisor', 'supervisor');
    expect(await page.textContent('#policy-summary')).toContain('No rule at Mohan: every application goes to a clerk.');
    await page.check('#f-rule-border-tourism-standard');
    await page.fill('#f-audit-percent', '100');
    const preview = await page.textContent('#policy-preview');
    expect(preview).toContain('approved at once, without a person');
    expect(preview).toContain('Border tourism: Standard');
    expect(preview).toContain('group applications still go to a clerk');
    expect(preview).toContain('100% of these approvals are drawn for a clerk to audit afterwards.');
    await page.check('#f-rule-border-tourism-medical');
    expect(await page.textContent('#policy-preview')).toContain('includes the medical green channel');
    await page.uncheck('#f-rule-border-tourism-medical');
    await page.click('#save-policy');
    await page.waitForSelector('text=Policy saved as version 1.');
    expect(await page.textContent('#policy-version')).toContain('Version 1, set by chen.supervisor');
    expect(await page.textContent('#policy-summary')).toContain('100% of these approvals');
    await expectAccessible(page, 'console-policy');
    await page.screenshot({ path: join(artifactsDir, 'console-fast-track-policy.png'), fullPage: true });

    await page.selectOption('#language', 'zh-CN');
    await page.waitForFunction(() => document.querySelector('#policy-summary')?.textContent?.includes('无人审核'));
    await page.selectOption('#language', 'en');
    const policy = await session.stack.request('GET', '/api/review/ports/MOHAN/policy', { headers: { authorization: `Bearer ${await page.evaluate(() => sessionStorage.getItem('permit-fast-track.console-token'))}` } });
    expect(policy.body).toMatchObject({ version: 1, autoApprove: [{ kind: 'border-tourism', lanes: ['standard'], includeGroups: false }], auditSampleRate: 1 });
    await page.close();
  });

  it('shows clerks the policy read-only and the audit sample to confirm or refer; the supervisor revokes the referred permit', async () => {
    const confirmed = await approvedByRules();
    const referred = await approvedByRules();
    const clerk = await signIn('wang.clerk', 'clerk');
    expect(await clerk.locator('#policy-form').count()).toBe(0);
    expect(await clerk.textContent('#policy-summary')).toContain('approved at once, without a person');
    await clerk.waitForSelector(`#audit-list tr[data-audit-id="${confirmed}"]`);
    expect(await clerk.textContent(`#audit-list tr[data-audit-id="${confirmed}"]`)).toMatch(/MOHAN-\d{4}-\d{6}-\d/);
    await expectAccessible(clerk, 'console-audit');
    await clerk.screenshot({ path: join(artifactsDir, 'console-fast-track-audit.png'), fullPage: true });

    // The application approved by the rules, opened from the audit list: its audit state and the rules' entry in the history.
    await clerk.click(`button[data-audit-open="${confirmed}"]`);
    await clerk.waitForSelector('#audit-state');
    expect(await clerk.textContent('#audit-state')).toContain('Approved by the rules of policy version 1.');
    expect(await clerk.textContent('#audit-state')).toContain('Drawn for audit');
    const rules = clerk.locator('#history tr[data-action="auto-approve"]');
    expect(await rules.textContent()).toContain('Rules (policy version 1)');
    expect(await rules.textContent()).toContain('Nothing flagged: policy version 1 approves Border tourism in the Standard lane. Drawn for audit.');
    await clerk.click(`button[data-confirm="${confirmed}"]`);
    await clerk.waitForSelector('text=Approval confirmed.');
    expect(await clerk.locator(`#audit-list tr[data-audit-id="${confirmed}"]`).count()).toBe(0);
    await clerk.fill('#f-audit-note', 'The photo does not match the scan.');
    await clerk.click(`button[data-refer="${referred}"]`);
    await clerk.waitForSelector('text=Referred to a supervisor.');
    expect(await clerk.locator(`#audit-list tr[data-audit-id="${referred}"]`).count()).toBe(0);
    await clerk.close();

    const supervisor = await signIn('chen.supervisor', 'supervisor');
    await supervisor.waitForSelector(`#referred-list tr[data-audit-id="${referred}"]`);
    expect(await supervisor.textContent(`#referred-list tr[data-audit-id="${referred}"]`)).toContain('wang.clerk: The photo does not match the scan.');
    await supervisor.selectOption('#f-revoke-reason', 'document-mismatch');
    await supervisor.click(`button[data-revoke="${referred}"]`);
    await supervisor.waitForSelector('text=Permit revoked.');
    expect(await supervisor.locator(`#referred-list tr[data-audit-id="${referred}"]`).count()).toBe(0);
    const detail = await session.stack.request('GET', `/api/review/applications/${referred}`, {
      headers: { authorization: `Bearer ${await supervisor.evaluate(() => sessionStorage.getItem('permit-fast-track.console-token'))}` },
    });
    expect(detail.body).toMatchObject({ status: 'REVOKED', revocation: { reasonCode: 'document-mismatch', revokedBy: 'chen.supervisor' } });
    await supervisor.close();
  });
});
