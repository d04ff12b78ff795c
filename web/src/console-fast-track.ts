/**
 * The console's fast-track panel: the port's automated-decision policy, spelt out as what will be
 * approved without a person and what share is audited (supervisors edit it, clerks read it), the audit
 * sample for clerks to confirm or refer, and for supervisors the referred approvals to confirm or revoke.
 * Self-contained: the console mounts it with its API caller, the chosen port and its status line.
 */
import { applicationKinds, lanesOfKind, portPolicyUpdateSchema } from '../../shared/domain/auto-approval.ts';
import { reasonCodeList } from '../../shared/domain/reason-codes.ts';
import type { AuditItem, AuditPage, AuditResult, PortPolicyResult, PortPolicyViewResult, RevocationResult } from '../../shared/domain/responses.ts';
import { failureText, issueText, portName, reasonLabel } from './console-words.ts';
import { element, type ApiResponse, type ErrorBody } from './dom.ts';
import { formatDateTime, t } from './i18n/index.ts';

export interface FastTrackHost {
  /** A review API call with the signed-in clerk's or supervisor's token. */
  call: <T>(method: string, path: string, body?: unknown) => Promise<ApiResponse<T>>;
  /** Whether the signed-in person is a supervisor (who edits the policy and revokes referred permits). */
  supervisor: () => boolean;
  /** The port chosen in the console. */
  port: () => string;
  /** Announces an outcome in the console's status line. */
  say: (text: string, kind?: 'error' | 'success') => void;
  /** Opens an application in the console's detail view. */
  openDetail?: (id: string) => void;
}

type Policy = PortPolicyResult;

const percentOf = (rate: number) => String(Math.round(rate * 10_000) / 100);

/** The policy in words: what the rules approve without a person, what is audited, what still goes to a clerk. */
function consequences(code: string, policy: Pick<Policy, 'autoApprove' | 'auditSampleRate'>): HTMLElement {
  const port = portName(code);
  if (policy.autoApprove.length === 0) return element('p', {}, t('fastTrack.none', { port }));
  return element(
    'div',
    {},
    element('p', {}, t('fastTrack.consequence', { port })),
    element(
      'ul',
      {},
      ...policy.autoApprove.map((rule) =>
        element(
          'li',
          {},
          `${t(`fastTrack.kind.${rule.kind}`)}: ${rule.lanes.map((lane) => t(`lane.${lane}`)).join(', ')}`,
          ...(rule.kind === 'border-tourism' ? [' · ', rule.includeGroups ? t('fastTrack.groupsIncluded') : t('fastTrack.groupsToClerk')] : []),
          ...(rule.lanes.includes('medical') ? [element('strong', {}, ` · ${t('fastTrack.medicalIncluded')}`)] : []),
        ),
      ),
    ),
    element('p', {}, policy.auditSampleRate > 0 ? t('fastTrack.auditShare', { percent: percentOf(policy.auditSampleRate) }) : t('fastTrack.noAudit')),
    element('p', {}, t('fastTrack.rest')),
  );
}

export function mountFastTrack(parent: HTMLElement, host: FastTrackHost): { refresh: () => Promise<void> } {
  const section = element('section', { id: 'fast-track', class: 'fast-track', 'aria-labelledby': 'fast-track-heading' });
  parent.append(section);
  const failed = (status: number, body: Partial<ErrorBody> | undefined) =>
    host.say(body?.issues?.length ? body.issues.map(issueText).join(' ') : failureText('load', status, body), 'error');

  function policyForm(policy: Policy): HTMLFormElement {
    const ruleOf = (kind: string) => policy.autoApprove.find((rule) => rule.kind === kind);
    const checkbox = (id: string, label: string, checked: boolean) =>
      element('div', { class: 'field checkbox' }, element('input', { type: 'checkbox', id, checked }), element('label', { for: id }, label));
    const percent = element('input', { id: 'f-audit-percent', type: 'number', min: '0', max: '100', step: 'any', inputmode: 'decimal', value: percentOf(policy.auditSampleRate), 'aria-describedby': 'h-audit-percent' });
    const preview = element('div', { id: 'policy-preview', 'aria-live': 'polite' });
    const form = element(
      'form',
      { id: 'policy-form' },
      ...applicationKinds.map((kind) =>
        element(
          'fieldset',
          {},
          element('legend', {}, t(`fastTrack.kind.${kind}`)),
          ...lanesOfKind[kind].map((lane) => checkbox(`f-rule-${kind}-${lane}`, t(`lane.${lane}`), ruleOf(kind)?.lanes.includes(lane) ?? false)),
          ...(kind === 'border-tourism' ? [checkbox(`f-rule-${kind}-groups`, t('fastTrack.includeGroups'), ruleOf(kind)?.includeGroups ?? false)] : []),
        ),
      ),
      element(
        'div',
        { class: 'field' },
        element('label', { for: 'f-audit-percent' }, t('fastTrack.auditPercent')),
        percent,
        element('p', { id: 'h-audit-percent', class: 'hint' }, t('fastTrack.auditPercentHint')),
      ),
      element('h4', {}, t('fastTrack.preview')),
      preview,
      element('button', { type: 'submit', id: 'save-policy' }, t('fastTrack.save')),
    );
    const checked = (id: string) => form.querySelector<HTMLInputElement>(`#${id}`)?.checked ?? false;
    const edited = () => ({
      autoApprove: applicationKinds
        .map((kind) => ({
          kind,
          lanes: lanesOfKind[kind].filter((lane) => checked(`f-rule-${kind}-${lane}`)),
          ...(kind === 'border-tourism' ? { includeGroups: checked(`f-rule-${kind}-groups`) } : {}),
        }))
        .filter((rule) => rule.lanes.length > 0),
      auditSampleRate: percent.value.trim() === '' ? Number.NaN : Number(percent.value) / 100,
      expectedVersion: policy.version,
    });
    const showPreview = () => {
      const parsed = portPolicyUpdateSchema.safeParse(edited());
      preview.replaceChildren(parsed.success ? consequences(policy.port, parsed.data) : element('p', { class: 'error' }, t('fastTrack.auditPercentHint')));
    };
    form.addEventListener('change', showPreview);
    form.addEventListener('input', showPreview);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const parsed = portPolicyUpdateSchema.safeParse(edited());
      if (!parsed.success) return host.say(t('fastTrack.auditPercentHint'), 'error');
      const result = await host.call<PortPolicyResult>('PUT', `/api/review/ports/${encodeURIComponent(policy.port)}/policy`, parsed.data);
      await refresh();
      if (result.ok) host.say(t('fastTrack.saved', { version: result.body.version }));
      else failed(result.status, result.body);
    });
    showPreview();
    return form;
  }

  function auditTable(id: string, items: AuditItem[], referred: boolean): HTMLElement {
    const headers = ['console.id', 'console.kind', 'console.lane', 'fastTrack.approvedAt', 'fastTrack.permit', ...(referred ? ['fastTrack.referredBy'] : [])];
    const row = (item: AuditItem) => {
      const action = (key: string, attribute: string, run: () => Promise<void>, secondary = false) => {
        const button = element('button', { type: 'button', [attribute]: item.id, class: secondary ? 'secondary' : undefined }, t(key));
        button.addEventListener('click', () => void run());
        return button;
      };
      const actions = [
        ...(host.openDetail ? [action('console.open', 'data-audit-open', async () => host.openDetail!(item.id), true)] : []),
        action('fastTrack.confirm', 'data-confirm', () => record(item.id, 'confirm')),
        referred ? action('fastTrack.revoke', 'data-revoke', () => revoke(item.id), true) : action('fastTrack.refer', 'data-refer', () => record(item.id, 'refer'), true),
      ];
      return element(
        'tr',
        { 'data-audit-id': item.id },
        element('td', { class: 'mono' }, item.id),
        element('td', {}, t(`fastTrack.kind.${item.kind}`)),
        element('td', {}, element('span', { class: `badge lane-${item.lane}` }, t(`lane.${item.lane}`))),
        element('td', {}, item.approvedAt ? formatDateTime(item.approvedAt) : '—'),
        element('td', { class: 'mono' }, item.permitNumber ?? '—'),
        ...(referred ? [element('td', {}, `${item.audit.referredBy ?? ''}${item.audit.note ? `: ${item.audit.note}` : ''}`)] : []),
        element('td', {}, element('div', { class: 'actions' }, ...actions)),
      );
    };
    return element(
      'table',
      {},
      element('thead', {}, element('tr', {}, ...headers.map((key) => element('th', { scope: 'col' }, t(key))), element('th', { scope: 'col' }, element('span', { class: 'visually-hidden' }, t('console.actions'))))),
      element('tbody', { id }, ...(items.length ? items.map(row) : [element('tr', {}, element('td', { colspan: String(headers.length + 1) }, t('fastTrack.nothingToAudit')))])),
    );
  }

  const noteValue = () => section.querySelector<HTMLTextAreaElement>('#f-audit-note')?.value.trim() ?? '';

  async function record(id: string, outcome: 'confirm' | 'refer') {
    const note = noteValue();
    const result = await host.call<AuditResult>('POST', `/api/review/applications/${encodeURIComponent(id)}/audit`, { outcome, ...(note ? { note } : {}) });
    await refresh();
    if (result.ok) host.say(t(outcome === 'confirm' ? 'fastTrack.confirmed' : 'fastTrack.referred'));
    else failed(result.status, result.body);
  }

  async function revoke(id: string) {
    const reasonCode = section.querySelector<HTMLSelectElement>('#f-revoke-reason')!.value;
    const note = noteValue();
    const result = await host.call<RevocationResult>('POST', `/api/review/applications/${encodeURIComponent(id)}/revoke`, { reasonCode, ...(note ? { note } : {}) });
    await refresh();
    if (result.ok) host.say(t('fastTrack.revoked'));
    else failed(result.status, result.body);
  }

  async function list(port: string, audit: 'true' | 'referred'): Promise<AuditItem[] | undefined> {
    const response = await host.call<AuditPage>('GET', `/api/review/applications?port=${encodeURIComponent(port)}&audit=${audit}&limit=100`);
    if (response.ok) return response.body.items;
    if (response.status !== 401) failed(response.status, response.body);
    return undefined;
  }

  async function refresh() {
    const port = host.port();
    if (!port) return;
    const supervisor = host.supervisor();
    const [policyResponse, pending, referred] = await Promise.all([
      host.call<PortPolicyViewResult>('GET', `/api/review/ports/${encodeURIComponent(port)}/policy`),
      list(port, 'true'),
      supervisor ? list(port, 'referred') : Promise.resolve(undefined),
    ]);
    if (!policyResponse.ok) return policyResponse.status === 401 ? undefined : failed(policyResponse.status, policyResponse.body);
    const policy: Policy = policyResponse.body;
    section.replaceChildren(
      element('h2', { id: 'fast-track-heading' }, t('fastTrack.title', { port: portName(port) })),
      element('h3', {}, t('fastTrack.policy')),
      element('div', { id: 'policy-summary' }, consequences(port, policy)),
      element('p', { class: 'hint', id: 'policy-version' }, policy.updatedAt ? t('fastTrack.version', { version: policy.version, by: policy.updatedBy ?? '', at: formatDateTime(policy.updatedAt) }) : t('fastTrack.neverSet')),
      ...(supervisor ? [element('h3', {}, t('fastTrack.edit')), policyForm(policy)] : []),
      element('h3', {}, t('fastTrack.auditSample')),
      element('div', { class: 'field' }, element('label', { for: 'f-audit-note' }, t('fastTrack.note')), element('textarea', { id: 'f-audit-note', rows: '2' })),
      auditTable('audit-list', pending ?? [], false),
      ...(supervisor
        ? [
            element('h3', {}, t('fastTrack.referredList')),
            element(
              'div',
              { class: 'field' },
              element('label', { for: 'f-revoke-reason' }, t('fastTrack.revokeReason')),
              element('select', { id: 'f-revoke-reason' }, ...reasonCodeList.map((code) => new Option(reasonLabel(code), code))),
            ),
            auditTable('referred-list', referred ?? [], true),
          ]
        : []),
    );
  }

  return { refresh };
}
