/**
 * The applicant's status page at /status/{id}, or at /status where the application number is typed in
 * too: the access token is typed in (never put in the URL) and kept only for this browser tab (the
 * receipt puts it there for the tab that applied). Shows the deadline with a live countdown, notes for the applicant, a
 * reply form for requests for information, an approved permit with its QR code, printable, withdrawal
 * with a confirmation step while no decision is made, and what the applicant submitted.
 */
import type { ApplicantView, InfoAnswerResult, WithdrawalResult } from '../../shared/domain/responses.ts';
import { accessTokenKey, api, element } from './dom.ts';
import { formatDateTime, formatDuration, t, translateMessage } from './i18n/index.ts';
import { applyLanguage, mountLanguageSwitcher } from './i18n/page.ts';
import { qrSvg } from './qr.ts';
import { submittedSection } from './submitted-view.ts';

let id = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] ?? '');
const tokenForm = document.querySelector<HTMLFormElement>('#token-form')!;
const numberInput = document.querySelector<HTMLInputElement>('#f-number')!;
const tokenInput = document.querySelector<HTMLInputElement>('#f-token')!;
const tokenError = document.querySelector<HTMLElement>('#e-token')!;
const view = document.querySelector<HTMLElement>('#application-view')!;
const tokenKey = () => accessTokenKey(id);
let countdown: ReturnType<typeof setInterval> | undefined;
let latest: ApplicantView | undefined;

function row(labelKey: string, value: Node | string) {
  return [element('dt', { 'data-i18n': labelKey }, t(labelKey)), element('dd', {}, value)];
}

/** What the clerk wrote for the applicant (the API never sends the officers' internal note). */
const messageFromOffice = (message: string | undefined) => (message ? [element('p', { id: 'office-message' }, `${t('status.message')}: ${message}`)] : []);

/** Withdrawal asks once more before it acts; the safe answer gets the focus. */
function withdrawSection(application: { id: string }): HTMLElement {
  const start = element('button', { type: 'button', id: 'withdraw-start', class: 'secondary' }, t('status.withdraw'));
  const yes = element('button', { type: 'button', id: 'withdraw-yes' }, t('status.withdrawYes'));
  const no = element('button', { type: 'button', id: 'withdraw-no', class: 'secondary' }, t('status.withdrawNo'));
  const confirm = element(
    'div',
    { id: 'withdraw-confirm', role: 'group', 'aria-labelledby': 'withdraw-question', hidden: true },
    element('p', { id: 'withdraw-question' }, t('status.withdrawConfirm', { id: application.id })),
    element('div', { class: 'actions' }, yes, no),
  );
  const error = element('p', { id: 'withdraw-error', class: 'error', role: 'alert', hidden: true });
  start.addEventListener('click', () => {
    start.hidden = true;
    confirm.hidden = false;
    no.focus();
  });
  no.addEventListener('click', () => {
    confirm.hidden = true;
    start.hidden = false;
    start.focus();
  });
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    const response = await api<WithdrawalResult>('POST', `/api/applications/${encodeURIComponent(id)}/withdraw`, { headers: { authorization: `Bearer ${sessionStorage.getItem(tokenKey())}` } }).catch(
      () => undefined,
    );
    if (response?.status === 200 || response?.status === 409) {
      await load();
      const outcome = response.status === 200 ? ['status.withdrawn', 'success'] : ['status.withdrawTooLate', 'error'];
      view.prepend(element('p', { id: 'withdraw-outcome', role: 'status', class: outcome[1] }, t(outcome[0]!)));
      return;
    }
    yes.disabled = false;
    error.textContent = t('errors.server');
    error.hidden = false;
  });
  return element('section', { id: 'withdraw', class: 'withdraw no-print' }, element('h3', {}, t('status.withdrawTitle')), element('p', {}, t('status.withdrawIntro')), start, confirm, error);
}

function render(application: ApplicantView) {
  latest = application;
  if (countdown) clearInterval(countdown);
  const remaining = element('span', { id: 'countdown' });
  const tick = () => {
    const left = Date.parse(application.reviewDeadline) - Date.now();
    remaining.textContent = left > 0 ? formatDuration(left) : t('status.overdue');
  };
  const open = ['SUBMITTED', 'PENDING_REVIEW'].includes(application.status);
  const parts: Node[] = [
    element('h2', { tabindex: '-1', id: 'view-heading' }, `${t('status.number')} ${application.id}`),
    element(
      'dl',
      {},
      ...row('status.status', element('strong', { id: 'status-value', 'data-status': application.status }, t(`state.${application.status}`))),
      ...row('result.lane', t(`lane.${application.lane}`)),
      ...(open ? [...row('status.deadline', formatDateTime(application.reviewDeadline)), ...row('status.countdown', remaining)] : []),
    ),
  ];
  if (application.flags?.length) {
    parts.push(element('section', { class: 'notes' }, element('h3', {}, t('status.flags')), element('ul', {}, ...application.flags.map((flag) => element('li', {}, t(`flag.${flag.code}`))))));
  }
  if (application.status === 'INFO_REQUESTED' && application.infoRequest) {
    const reply = element('textarea', { id: 'f-reply', name: 'message', rows: '4', required: true, 'aria-describedby': 'e-reply' });
    const replyError = element('p', { id: 'e-reply', class: 'error', hidden: true });
    const replyForm = element(
      'form',
      { id: 'reply-form' },
      // Label above its control, as in the application form.
      element('div', { class: 'field' }, element('label', { for: 'f-reply' }, t('status.reply')), reply, replyError),
      element('button', { type: 'submit' }, t('status.send')),
    );
    replyForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      const response = await api<InfoAnswerResult>('POST', `/api/applications/${encodeURIComponent(id)}/info`, { body: { message: reply.value }, headers: { authorization: `Bearer ${sessionStorage.getItem(tokenKey())}` } });
      if (response.ok) {
        await load();
        view.prepend(element('p', { role: 'status', class: 'success' }, t('status.sent')));
      } else {
        replyError.textContent = translateMessage(response.body?.issues?.[0]?.message ?? response.body?.message ?? t('errors.server'));
        replyError.hidden = false;
        reply.setAttribute('aria-invalid', 'true');
        reply.focus();
      }
    });
    parts.push(
      element(
        'section',
        { class: 'info-request' },
        element('h3', {}, t('status.info')),
        element('p', { id: 'info-message' }, application.infoRequest.message),
        element('p', {}, `${t('status.clockStopped')} ${formatDuration((application.clockRemainingMinutes ?? 0) * 60_000)}`),
        replyForm,
      ),
    );
  }
  if (application.decision) {
    const { outcome, reasonCode, applicantMessage } = application.decision;
    parts.push(element('section', {}, element('h3', {}, t('status.decision')), element('p', {}, t(`outcome.${outcome}`)), ...(reasonCode ? [element('p', {}, `${t('status.reason')}: ${reasonCode}`)] : []), ...messageFromOffice(applicantMessage)));
  }
  if (application.revocation) {
    parts.push(element('section', {}, element('h3', {}, t('state.REVOKED')), element('p', {}, `${t('status.reason')}: ${application.revocation.reasonCode}`), ...messageFromOffice(application.revocation.applicantMessage)));
  }
  if (application.permit) {
    const permit = application.permit;
    const print = element('button', { type: 'button', id: 'print-permit', class: 'no-print' }, t('permit.print'));
    print.addEventListener('click', () => window.print());
    parts.push(
      element(
        'section',
        { class: 'permit', id: 'permit' },
        element('h3', {}, t('status.permit')),
        element(
          'dl',
          {},
          ...row('permit.number', element('span', { id: 'permit-number' }, permit.number)),
          ...row('status.status', t(`state.${application.status}`)),
          ...row('permit.holders', element('ul', {}, ...permit.holders.map((holder) => element('li', {}, `${holder.fullName} (${holder.documentNumber})`)))),
          ...(permit.vehiclePlate ? row('permit.vehicle', permit.vehiclePlate) : []),
        ),
        element('p', {}, t('permit.valid', { from: permit.validFrom, until: permit.validUntil })),
        element('figure', {}, qrSvg(permit.token, t('permit.qr')), element('figcaption', {}, t('permit.qr'))),
        print,
      ),
    );
  }
  if (['SUBMITTED', 'PENDING_REVIEW', 'INFO_REQUESTED'].includes(application.status)) parts.push(withdrawSection(application));
  if (application.application) parts.push(submittedSection(application.application));
  view.replaceChildren(...parts);
  view.hidden = false;
  if (open) {
    tick();
    countdown = setInterval(tick, 1000);
  }
}

/** Shows the number of the application this page is about, or asks for it when the path has none. */
function showNumber() {
  document.querySelector('#application-number')!.textContent = id;
  document.querySelector<HTMLElement>('#number-line')!.hidden = id === '';
  document.querySelector<HTMLElement>('#number-field')!.hidden = id !== '';
  numberInput.disabled = id !== '';
}

async function load() {
  if (id === '') return;
  const token = sessionStorage.getItem(tokenKey());
  if (!token) return;
  const response = await api<ApplicantView>('GET', `/api/applications/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${token}` } });
  if (response.ok) {
    if (!numberInput.disabled) {
      // A looked-up application gets its own address, so a reload or a bookmark keeps it.
      history.replaceState(null, '', `/status/${encodeURIComponent(id)}`);
      showNumber();
    }
    // The view's heading carries the number from here on.
    tokenForm.hidden = true;
    document.querySelector<HTMLElement>('#number-line')!.hidden = true;
    render(response.body);
    view.querySelector<HTMLElement>('#view-heading')?.focus();
  } else {
    sessionStorage.removeItem(tokenKey());
    tokenError.textContent = t('status.notFound');
    tokenError.hidden = false;
    tokenInput.setAttribute('aria-invalid', 'true');
    tokenInput.focus();
  }
}

tokenForm.addEventListener('submit', (event) => {
  event.preventDefault();
  tokenError.hidden = true;
  tokenInput.removeAttribute('aria-invalid');
  if (!numberInput.disabled) id = numberInput.value.trim();
  sessionStorage.setItem(tokenKey(), tokenInput.value.trim());
  void load();
});
showNumber();
mountLanguageSwitcher(() => latest && render(latest));
applyLanguage();
void load();
