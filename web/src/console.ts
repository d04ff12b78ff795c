/**
 * The window clerks' console: a token (pasted, or minted by the local stack's sign-in helper), the port
 * queue with lane badges and time left (red under 2 hours), claim, the application with its flags and
 * history, decisions with reason codes, and release. It uses only the review API.
 */
import { reasonCodeList } from '../../shared/domain/reason-codes.ts';
import type { ClaimResult, DecisionResult, ReleaseResult, ReviewDetail, ReviewQueuePage } from '../../shared/domain/responses.ts';
import { api, element } from './dom.ts';
import { mountFastTrack } from './console-fast-track.ts';
import { formatDateTime, formatDuration, t, translateMessage } from './i18n/index.ts';
import { applyLanguage, mountLanguageSwitcher } from './i18n/page.ts';

const TWO_HOURS = 2 * 60 * 60 * 1000;
const tokenKey = 'permit-fast-track.console-token';
const signIn = document.querySelector<HTMLFormElement>('#sign-in')!;
const localSignIn = document.querySelector<HTMLFormElement>('#local-sign-in')!;
const workspace = document.querySelector<HTMLElement>('#workspace')!;
const whoami = document.querySelector<HTMLElement>('#whoami')!;
const portSelect = document.querySelector<HTMLSelectElement>('#queue-port')!;
const queueBody = document.querySelector<HTMLElement>('#queue')!;
const detail = document.querySelector<HTMLElement>('#detail')!;
const message = document.querySelector<HTMLElement>('#console-message')!;

const token = () => sessionStorage.getItem(tokenKey) ?? '';
const auth = () => ({ authorization: `Bearer ${token()}` });

function claimsOf(jwt: string): { username?: string; 'cognito:groups'?: string[] } {
  try {
    return JSON.parse(atob(jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    return {};
  }
}

function say(text: string, kind: 'error' | 'success' = 'success') {
  message.textContent = text;
  message.className = kind;
  message.hidden = false;
}

function startWorkspace() {
  const claims = claimsOf(token());
  const ports = (claims['cognito:groups'] ?? []).filter((group) => group.startsWith('port-')).map((group) => group.slice(5));
  whoami.textContent = t('console.signedIn', { clerk: claims.username ?? '?', ports: ports.join(', ') });
  portSelect.replaceChildren(...ports.map((port) => new Option(port, port)));
  signIn.hidden = true;
  localSignIn.hidden = true;
  workspace.hidden = false;
  void loadQueue();
}

async function loadQueue() {
  void fastTrack.refresh();
  const response = await api<ReviewQueuePage>('GET', `/api/review/applications?port=${encodeURIComponent(portSelect.value)}&limit=100`, { headers: auth() });
  if (!response.ok) return say(translateMessage(response.body?.message ?? t('errors.server')), 'error');
  const items = response.body.items;
  if (items.length === 0) return queueBody.replaceChildren(element('tr', {}, element('td', { colspan: '6' }, t('console.empty'))));
  queueBody.replaceChildren(
    ...items.map((item) => {
      const left = Date.parse(item.reviewDeadline) - Date.now();
      const open = element('button', { type: 'button', 'data-open': item.id }, t('console.open'));
      open.addEventListener('click', () => void loadDetail(item.id));
      return element(
        'tr',
        { 'data-id': item.id },
        element('td', {}, element('span', { class: `badge lane-${item.lane}` }, t(`lane.${item.lane}`))),
        element('td', {}, item.kind),
        element('td', { class: 'mono' }, item.id),
        element('td', { class: left < TWO_HOURS ? 'time-left urgent' : 'time-left' }, left > 0 ? formatDuration(left) : t('status.overdue')),
        element('td', {}, item.flags.length ? item.flags.map((flag) => flag.code).join(', ') : '—', item.claim ? element('div', {}, t('console.claimedBy', { clerk: item.claim.clerkId })) : ''),
        element('td', {}, open),
      );
    }),
  );
}

async function loadDetail(id: string) {
  const response = await api<ReviewDetail>('GET', `/api/review/applications/${encodeURIComponent(id)}`, { headers: auth() });
  if (!response.ok) return say(translateMessage(response.body?.message ?? t('errors.server')), 'error');
  const application = response.body;
  const claim = element('button', { type: 'button', id: 'claim' }, t('console.claim'));
  const release = element('button', { type: 'button', id: 'release', class: 'secondary' }, t('console.release'));
  claim.addEventListener('click', async () => {
    const result = await api<ClaimResult>('POST', `/api/review/applications/${encodeURIComponent(id)}/claim`, { headers: auth() });
    if (result.ok) say(t('console.claimedBy', { clerk: result.body.claim.clerkId }));
    else say(translateMessage(result.body?.message ?? ''), 'error');
    await loadDetail(id);
  });
  release.addEventListener('click', async () => {
    const result = await api<ReleaseResult>('POST', `/api/review/applications/${encodeURIComponent(id)}/release`, { headers: auth() });
    if (!result.ok) say(translateMessage(result.body?.message ?? ''), 'error');
    await loadDetail(id);
  });
  const outcome = element('select', { id: 'f-outcome', name: 'outcome' }, ...['approve', 'reject', 'request-info'].map((value) => new Option(t(`console.${value}`), value)));
  const reason = element('select', { id: 'f-reasonCode', name: 'reasonCode' }, new Option(t('console.noReason'), ''), ...reasonCodeList.map((code) => new Option(code, code)));
  const note = element('textarea', { id: 'f-note', name: 'note', rows: '3' });
  const applicantMessage = element('textarea', { id: 'f-applicantMessage', name: 'applicantMessage', rows: '3' });
  const excluded = element('input', { id: 'f-excludedMembers', name: 'excludedMembers', inputmode: 'numeric' });
  const decision = element(
    'form',
    { id: 'decision-form' },
    element('h3', {}, t('console.decide')),
    element('label', { for: 'f-outcome' }, t('console.outcome')), outcome,
    element('label', { for: 'f-reasonCode' }, t('console.reasonCode')), reason,
    element('label', { for: 'f-note' }, t('console.note')), note,
    element('label', { for: 'f-applicantMessage' }, t('console.applicantMessage')), applicantMessage,
    element('label', { for: 'f-excludedMembers' }, t('console.excluded')), excluded,
    element('button', { type: 'submit', id: 'decide' }, t('console.decide')),
  );
  decision.addEventListener('submit', async (event) => {
    event.preventDefault();
    const members = excluded.value.split(',').map((value) => value.trim()).filter(Boolean).map(Number);
    const body = {
      outcome: outcome.value,
      ...(reason.value ? { reasonCode: reason.value } : {}),
      ...(note.value.trim() ? { note: note.value.trim() } : {}),
      ...(applicantMessage.value.trim() ? { applicantMessage: applicantMessage.value.trim() } : {}),
      ...(members.length ? { excludedMembers: members } : {}),
    };
    const result = await api<DecisionResult>('POST', `/api/review/applications/${encodeURIComponent(id)}/decision`, { headers: auth(), body });
    if (result.ok) {
      // Refreshed first, so the announcement arrives with the history and queue that show the decision.
      await loadQueue();
      await loadDetail(id);
      say(t('console.decided', { status: result.body.status }));
    } else {
      say(result.body?.issues?.map((issue) => `${issue.path}: ${translateMessage(issue.message)}`).join('; ') || translateMessage(result.body?.message ?? t('errors.server')), 'error');
    }
  });
  const people = application.kind === 'border-tourism' ? [application.application.applicant, ...(application.application.members ?? [])] : application.application.drivers;
  detail.replaceChildren(
    element('h2', { tabindex: '-1', id: 'detail-heading' }, `${application.id}`),
    element('p', {}, `${application.kind} · ${application.port} · ${t(`lane.${application.lane}`)} · ${application.status} · ${formatDateTime(application.reviewDeadline)}`),
    application.claim ? element('p', { id: 'claim-holder' }, t('console.claimedBy', { clerk: application.claim.clerkId })) : '',
    ...(application.status === 'PENDING_REVIEW' ? [element('div', { class: 'actions' }, claim, release)] : []),
    element('h3', {}, t('console.application')),
    element('ol', { start: '0' }, ...people.map((person) => element('li', {}, `${person.fullName} · ${person.documentType} ${person.documentNumber} · ${person.dateOfBirth} · ${person.documentExpiry}`))),
    element('h3', {}, t('console.flags')),
    element('ul', { id: 'flags' }, ...(application.flags.length ? application.flags.map((flag) => element('li', {}, `${flag.code} (${flag.subject}): ${flag.message}`)) : [element('li', {}, '—')])),
    ...(application.status === 'PENDING_REVIEW' ? [decision] : []),
    element('h3', {}, t('console.history')),
    element('ol', { id: 'history' }, ...application.history.map((entry) => element('li', {}, `${formatDateTime(entry.at)} · ${entry.actor} · ${entry.action}${entry.to ? ` → ${entry.to}` : ''}${entry.reasonCode ? ` · ${entry.reasonCode}` : ''}${entry.note ? ` · ${entry.note}` : ''}`))),
  );
  detail.hidden = false;
  detail.querySelector<HTMLElement>('#detail-heading')!.focus();
}

// The fast-track panel (policy, audit sample) refreshes with the queue.
const fastTrack = mountFastTrack(workspace, { token, port: () => portSelect.value, say, openDetail: (id) => void loadDetail(id) });

signIn.addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(tokenKey, document.querySelector<HTMLTextAreaElement>('#f-token')!.value.trim());
  startWorkspace();
});
localSignIn.addEventListener('submit', async (event) => {
  event.preventDefault();
  const query = new URLSearchParams({
    clerk: document.querySelector<HTMLInputElement>('#f-clerk')!.value,
    ports: document.querySelector<HTMLInputElement>('#f-ports')!.value,
    role: document.querySelector<HTMLSelectElement>('#f-role')!.value,
  });
  const response = await api<{ token: string }>('GET', `/_local/token?${query}`);
  if (!response.ok) return say(response.body?.message ?? 'Local sign-in is available only on the local stack.', 'error');
  sessionStorage.setItem(tokenKey, response.body.token);
  startWorkspace();
});
portSelect.addEventListener('change', () => void loadQueue());
document.querySelector('#refresh')!.addEventListener('click', () => void loadQueue());
mountLanguageSwitcher(() => workspace.hidden || void loadQueue());
applyLanguage();
if (token()) startWorkspace();
