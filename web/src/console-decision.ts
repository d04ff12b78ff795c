/**
 * The decision form: each label above its control, the outcome as radio buttons, reasons in words, the
 * internal note apart from the message the applicant reads (a request for information has only the
 * latter, sent as its `note`), and for a group approval a checkbox per member, numbered from 1 while the
 * API takes indexes into `members` from 0. The request is checked with the API's own schema first; any
 * refusal is shown at the field it concerns and at the button, in the clerk's language.
 */
import type { ValidationIssue } from '../../shared/domain/errors.ts';
import { reasonCodeList } from '../../shared/domain/reason-codes.ts';
import type { DecisionResult, ReviewDetail } from '../../shared/domain/responses.ts';
import { decisionSchema } from '../../shared/domain/review-schemas.ts';
import { toValidationIssues } from '../../shared/domain/validation-issues.ts';
import { call } from './console-session.ts';
import { failureText, issueText, reasonLabel, statusLabel } from './console-words.ts';
import { element } from './dom.ts';
import { t } from './i18n/index.ts';

const outcomes = ['approve', 'reject', 'request-info'] as const;
type Outcome = (typeof outcomes)[number];

export interface DecisionHost {
  /** After a recorded decision: reload what shows it, then announce it. */
  decided: (message: string) => Promise<void>;
  /** After a refusal that means the record changed (409): show it as it is now, with the reason at its actions. */
  changed: (message: string) => Promise<void>;
}

/** A field with its label above the control, a hint, and an error slot the control names in aria-describedby. */
function field(name: string, label: string, control: HTMLElement, hint?: string) {
  const hintId = `h-decision-${name}`;
  const errorId = `e-decision-${name}`;
  control.setAttribute('aria-describedby', [hint ? hintId : '', errorId].filter(Boolean).join(' '));
  return element(
    'div',
    { class: 'field', id: `field-${name}` },
    element('label', { for: control.id }, label),
    control,
    hint ? element('p', { class: 'hint', id: hintId }, hint) : undefined,
    element('p', { class: 'error', id: errorId, hidden: true }),
  );
}

export function decisionForm(detail: ReviewDetail, host: DecisionHost): HTMLFormElement {
  const members = detail.kind === 'border-tourism' ? (detail.application.members ?? []) : [];
  const radios = outcomes.map((value, index) =>
    element('div', { class: 'field checkbox' }, element('input', { type: 'radio', id: `f-outcome-${value}`, name: 'outcome', value, checked: index === 0 }), element('label', { for: `f-outcome-${value}` }, t(`console.${value}`))),
  );
  const outcomeSet = element('fieldset', { id: 'field-outcome', 'aria-describedby': 'e-decision-outcome' }, element('legend', {}, t('console.outcome')), ...radios, element('p', { class: 'error', id: 'e-decision-outcome', hidden: true }));
  const reason = element('select', { id: 'f-reasonCode', name: 'reasonCode' }, new Option(t('console.chooseReason'), ''), ...reasonCodeList.map((code) => new Option(reasonLabel(code), code)));
  const note = element('textarea', { id: 'f-note', name: 'note', rows: '3' });
  const noteLabel = element('span', {});
  const noteHint = element('span', {});
  const noteField = field('note', '', note, ' ');
  noteField.querySelector('label')!.replaceChildren(noteLabel);
  noteField.querySelector('.hint')!.replaceChildren(noteHint);
  const applicantMessage = element('textarea', { id: 'f-applicantMessage', name: 'applicantMessage', rows: '3' });
  const applicantField = field('applicantMessage', t('console.applicantMessageLabel'), applicantMessage, t('console.applicantMessageHint'));
  const exclusions = members.length
    ? element(
        'fieldset',
        { id: 'field-excludedMembers', 'aria-describedby': 'h-decision-excludedMembers e-decision-excludedMembers' },
        element('legend', {}, t('console.exclude')),
        element('p', { class: 'hint', id: 'h-decision-excludedMembers' }, t('console.excludeHint')),
        ...members.map((member, index) =>
          element(
            'div',
            { class: 'field checkbox' },
            element('input', { type: 'checkbox', id: `f-exclude-${index}`, name: 'excludedMembers', value: String(index) }),
            element('label', { for: `f-exclude-${index}` }, t('console.excludeMember', { n: index + 1, name: member.fullName })),
          ),
        ),
        element('p', { class: 'error', id: 'e-decision-excludedMembers', hidden: true }),
      )
    : undefined;
  const submit = element('button', { type: 'submit', id: 'decide' }, t('console.decide'));
  const formError = element('p', { class: 'error', id: 'decision-error', role: 'alert', hidden: true });
  const form = element(
    'form',
    { id: 'decision-form', novalidate: true, 'aria-labelledby': 'decision-title' },
    element('h3', { id: 'decision-title' }, t('console.decide')),
    outcomeSet,
    field('reasonCode', t('console.reasonLabel'), reason, t('console.reasonHint')),
    exclusions,
    noteField,
    applicantField,
    element('div', { class: 'actions' }, submit),
    formError,
  );

  const chosen = (): Outcome => (form.querySelector<HTMLInputElement>('input[name="outcome"]:checked')?.value as Outcome) ?? 'approve';
  /** The form follows the outcome: a request's note is the applicant's message; exclusions only approve. */
  const follow = () => {
    const requesting = chosen() === 'request-info';
    noteLabel.textContent = t(requesting ? 'console.noteForApplicant' : 'console.noteInternal');
    noteHint.textContent = t(requesting ? 'console.noteForApplicantHint' : 'console.noteInternalHint');
    applicantField.hidden = requesting;
    if (exclusions) exclusions.hidden = chosen() !== 'approve';
  };
  for (const radio of form.querySelectorAll('input[name="outcome"]')) radio.addEventListener('change', follow);
  follow();

  const clear = () => {
    for (const slot of form.querySelectorAll<HTMLElement>('.error')) {
      slot.hidden = true;
      slot.textContent = '';
    }
    for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
  };

  /** Each issue at its field (`excludedMembers.3` at the member checkboxes), and all of them at the button. */
  const show = (issues: ValidationIssue[]) => {
    let first: HTMLElement | undefined;
    for (const issue of issues) {
      const name = issue.path.split('.')[0] || 'outcome';
      const slot = form.querySelector<HTMLElement>(`#e-decision-${CSS.escape(name)}`);
      if (!slot) continue;
      slot.textContent = issueText(issue);
      slot.hidden = false;
      const control = form.querySelector<HTMLElement>(`#field-${CSS.escape(name)} input, #field-${CSS.escape(name)} select, #field-${CSS.escape(name)} textarea`);
      control?.setAttribute('aria-invalid', 'true');
      first ??= control ?? undefined;
    }
    formError.textContent = `${t('console.error.ValidationError')} ${issues.map(issueText).join(' ')}`;
    formError.hidden = false;
    first?.focus();
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear();
    const outcome = chosen();
    const excluded = [...form.querySelectorAll<HTMLInputElement>('input[name="excludedMembers"]:checked')].map((box) => Number(box.value));
    const body = {
      outcome,
      ...(reason.value ? { reasonCode: reason.value } : {}),
      ...(note.value.trim() ? { note: note.value.trim() } : {}),
      ...(outcome !== 'request-info' && applicantMessage.value.trim() ? { applicantMessage: applicantMessage.value.trim() } : {}),
      ...(outcome === 'approve' && excluded.length ? { excludedMembers: excluded } : {}),
    };
    const checked = decisionSchema.safeParse(body);
    if (!checked.success) return show(toValidationIssues(checked.error));
    submit.disabled = true;
    const result = await call<DecisionResult>('POST', `/api/review/applications/${encodeURIComponent(detail.id)}/decision`, body);
    submit.disabled = false;
    if (result.ok) return host.decided(t('console.decisionSaved', { status: statusLabel(result.body.status) }));
    if (result.status === 400 && result.body?.issues?.length) return show(result.body.issues);
    const message = failureText('decide', result.status, result.body);
    if (result.status === 409) return host.changed(message);
    formError.textContent = message;
    formError.hidden = false;
  });
  return form;
}
