/**
 * The window clerks' console over the review API alone: sign-in (OpenID Connect, or a pasted token for
 * tools), the port's queue earliest deadline first, one application laid out for a decision with claim,
 * release and the decision form, and the fast-track panel. Every code is shown in the clerk's language.
 */
import type { ClaimResult, ReleaseResult, ReviewDetail } from '../../shared/domain/responses.ts';
import { decisionForm } from './console-decision.ts';
import { renderDetail } from './console-detail.ts';
import { mountFastTrack } from './console-fast-track.ts';
import { mountQueue } from './console-queue.ts';
import { call, claimsOf, completeSignIn, currentToken, loadIssuer, signedIn, signOut, startSignIn, useToken, whenSessionEnds } from './console-session.ts';
import { failureText, portName } from './console-words.ts';
import { element } from './dom.ts';
import { addLabels, formatDateTime, t } from './i18n/index.ts';
import { consoleLabels } from './i18n/console/index.ts';
import { applyLanguage, mountLanguageSwitcher } from './i18n/page.ts';

addLabels(consoleLabels);
const openKey = 'permit-fast-track.console-open';
const message = document.querySelector<HTMLElement>('#console-message')!;
const signInPanel = document.querySelector<HTMLElement>('#sign-in-panel')!;
const signInButton = document.querySelector<HTMLButtonElement>('#sign-in')!;
const signInNote = document.querySelector<HTMLElement>('#sign-in-note')!;
const tokenForm = document.querySelector<HTMLFormElement>('#token-form')!;
const tokenError = document.querySelector<HTMLElement>('#e-token')!;
const workspace = document.querySelector<HTMLElement>('#workspace')!;
const whoami = document.querySelector<HTMLElement>('#whoami')!;
const detail = document.querySelector<HTMLElement>('#detail')!;

const claims = () => claimsOf(currentToken());
const groups = () => claims()['cognito:groups'] ?? [];
const clerkId = () => claims().username ?? '';
const ports = () => groups().filter((group) => group.startsWith('port-')).map((group) => group.slice(5));
const supervisor = () => groups().includes('supervisor');

function say(text: string, kind: 'error' | 'success' = 'success') {
  message.textContent = text;
  message.className = kind;
  message.hidden = false;
}

function showSignIn(noteKey = 'console.signInIntro', kind: 'hint' | 'error' = 'hint') {
  workspace.hidden = true;
  signInPanel.hidden = false;
  signInNote.dataset.i18n = noteKey;
  signInNote.textContent = t(noteKey);
  signInNote.className = kind;
  void loadIssuer().then((issuer) => {
    signInButton.hidden = !issuer;
    if (!issuer) {
      signInNote.dataset.i18n = 'console.signInUnavailable';
      signInNote.textContent = t('console.signInUnavailable');
    }
  });
}

const queue = { current: undefined as ReturnType<typeof mountQueue> | undefined };
const fastTrack = { current: undefined as ReturnType<typeof mountFastTrack> | undefined };

function startWorkspace() {
  message.hidden = true;
  signInPanel.hidden = true;
  workspace.hidden = false;
  whoami.textContent = t('console.signedInAs', { clerk: clerkId(), role: t(`console.role.${supervisor() ? 'supervisor' : 'clerk'}`), ports: ports().map(portName).join(', ') });
  queue.current ??= mountQueue(document.querySelector<HTMLElement>('#queue-section')!, {
    clerkId,
    ports,
    openDetail,
    say,
    loaded: () => void fastTrack.current?.refresh(),
  });
  fastTrack.current ??= mountFastTrack(workspace, { call, supervisor, port: () => queue.current!.port(), say, openDetail: (id) => void openDetail(id) });
  void queue.current.load();
  const open = sessionStorage.getItem(openKey);
  if (open) void openDetail(open, false);
}

/** The claim and release buttons, the place their refusals are shown, and the form or the reason there is none. */
function actions(application: ReviewDetail): Node[] {
  if (application.status !== 'PENDING_REVIEW') return [];
  const mine = application.claim?.clerkId === clerkId();
  const error = element('p', { class: 'error', id: 'action-error', role: 'alert', hidden: true });
  const act = async (kind: 'claim' | 'release') => {
    const result = await call<ClaimResult | ReleaseResult>('POST', `/api/review/applications/${encodeURIComponent(application.id)}/${kind}`);
    await openDetail(application.id, false);
    void queue.current?.load();
    // The keyboard carries on where the work does: the form after a claim, the claim button after a release.
    document.querySelector<HTMLElement>(result.ok && kind === 'claim' ? 'input[name="outcome"]:checked' : '#claim')?.focus();
    if (result.ok) say(kind === 'claim' ? t('console.claimedByYou', { time: formatDateTime((result.body as ClaimResult).claim.expiresAt) }) : t('console.released'));
    else if (result.status !== 401) showRefusal(failureText(kind, result.status, result.body));
  };
  const claim = element('button', { type: 'button', id: 'claim', ...(mine ? { class: 'secondary' } : {}) }, t(mine ? 'console.renewClaim' : 'console.claim'));
  claim.addEventListener('click', () => void act('claim'));
  const release = element('button', { type: 'button', id: 'release', class: 'secondary' }, t('console.release'));
  release.addEventListener('click', () => void act('release'));
  return [
    element('div', { class: 'actions', id: 'detail-actions' }, claim, ...(application.claim ? [release] : [])),
    error,
    mine
      ? decisionForm(application, {
          decided: async (text) => {
            await Promise.all([queue.current?.load(), openDetail(application.id)]);
            say(text);
          },
          changed: async (text) => {
            await openDetail(application.id, false);
            showRefusal(text);
          },
        })
      : element('p', { class: 'hint', id: 'must-claim' }, t('console.mustClaim')),
  ];
}

function showRefusal(text: string) {
  const slot = document.querySelector<HTMLElement>('#action-error');
  if (!slot) return say(text, 'error');
  slot.textContent = text;
  slot.hidden = false;
}

async function openDetail(id: string, focus = true): Promise<void> {
  const response = await call<ReviewDetail>('GET', `/api/review/applications/${encodeURIComponent(id)}`);
  if (!response.ok) {
    if (response.status === 404) sessionStorage.removeItem(openKey);
    if (response.status !== 401) say(failureText('load', response.status, response.body), 'error');
    return;
  }
  sessionStorage.setItem(openKey, id);
  const view = renderDetail(response.body, clerkId());
  detail.replaceChildren(view.heading, view.summary, ...actions(response.body), ...view.body, view.history);
  detail.hidden = false;
  if (focus) view.heading.focus();
}

whenSessionEnds(() => showSignIn('console.sessionEnded', 'error'));
signInButton.addEventListener('click', () => {
  signInButton.disabled = true;
  say(t('console.signingIn'));
  void startSignIn().catch(() => {
    signInButton.disabled = false;
    say(t('console.signInFailed'), 'error');
  });
});
tokenForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const field = document.querySelector<HTMLTextAreaElement>('#f-token')!;
  if (!useToken(field.value.trim())) {
    tokenError.textContent = t('console.tokenInvalid');
    tokenError.hidden = false;
    field.setAttribute('aria-invalid', 'true');
    return field.focus();
  }
  tokenError.hidden = true;
  field.removeAttribute('aria-invalid');
  field.value = '';
  startWorkspace();
});
document.querySelector('#sign-out')!.addEventListener('click', async () => {
  sessionStorage.removeItem(openKey);
  detail.hidden = true;
  await signOut();
  showSignIn();
});
mountLanguageSwitcher(() => {
  document.title = t('console.pageTitle');
  if (workspace.hidden) return;
  startWorkspace();
});
applyLanguage();
document.title = t('console.pageTitle');

const returned = await completeSignIn();
if (signedIn()) startWorkspace();
else showSignIn(returned === false ? 'console.signInFailed' : 'console.signInIntro', returned === false ? 'error' : 'hint');
