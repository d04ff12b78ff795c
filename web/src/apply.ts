/**
 * The applicant form for both kinds of permit. Client-side checks use the API's own zod schemas; the
 * server's 400 issues land next to the same fields. One Idempotency-Key per application makes a double
 * click or a retry on a flaky connection create one application.
 */
import type { PortList, SubmissionReceipt } from '../../shared/domain/responses.ts';
import { ValidationError } from '../../shared/domain/errors.ts';
import { shanghaiDate } from '../../shared/domain/time.ts';
import { validateApplication } from '../../shared/domain/validate-application.ts';
import { accessTokenKey, api, clearErrors, element, field, showIssues } from './dom.ts';
import { currentLanguage, formatDateTime, languages, t } from './i18n/index.ts';
import { applyLanguage, mountLanguageSwitcher } from './i18n/page.ts';

const documentTypes = ['passport', 'border-pass', 'id-card'].map((value) => ({ value, labelKey: `doc.${value}` }));
const form = document.querySelector<HTMLFormElement>('#application')!;
const portInfo = element('div', { id: 'port-info', class: 'port-info', 'aria-live': 'polite' });
const formErrors = document.querySelector<HTMLElement>('#form-errors')!;
const submitButton = document.querySelector<HTMLButtonElement>('#submit')!;
const result = document.querySelector<HTMLElement>('#result')!;
let ports: PortList['ports'] = [];
let idempotencyKey: string | undefined;
/** Messages follow the page's language until the applicant picks one. */
let messageLanguageChosen = false;

function person(prefix: string, autocomplete = false): HTMLElement[] {
  return [
    field(`${prefix}.fullName`, 'person.fullName', { required: true, autocomplete: autocomplete ? 'name' : 'off' }),
    field(`${prefix}.dateOfBirth`, 'person.dateOfBirth', { type: 'date', required: true, hintKey: 'hint.date' }),
    field(`${prefix}.nationality`, 'person.nationality', { required: true, hintKey: 'hint.country', value: 'CN' }),
    field(`${prefix}.documentType`, 'person.documentType', { type: 'select', options: documentTypes }),
    field(`${prefix}.documentNumber`, 'person.documentNumber', { required: true, autocomplete: 'off' }),
    field(`${prefix}.documentExpiry`, 'person.documentExpiry', { type: 'date', required: true, hintKey: 'hint.date' }),
  ];
}

function groupError(path: string) {
  return element('p', { id: `e-${path.replace(/\./g, '-')}`, class: 'error', hidden: true, tabindex: '-1' });
}

/** A list of repeated fieldsets (members, drivers, cargo lines) with add and remove buttons. */
function repeatable(options: {
  path: string;
  legendKey: string;
  itemLegendKey: string;
  addKey: string;
  removeKey: string;
  min: number;
  max: number;
  fields: (prefix: string) => HTMLElement[];
  /** Called after every render with the number of items. */
  onChange?: (count: number) => void;
}) {
  const container = element('div', { class: 'repeatable' });
  const addButton = element('button', { type: 'button', class: 'secondary', 'data-i18n': options.addKey }, t(options.addKey));
  const fieldset = element('fieldset', { id: `group-${options.path}` }, element('legend', { 'data-i18n': options.legendKey }, t(options.legendKey)), groupError(options.path), container, addButton);

  const values = () =>
    [...container.children].map((item) =>
      Object.fromEntries([...item.querySelectorAll<HTMLInputElement>('[data-path]')].map((input) => [input.dataset.path!.split('.').slice(2).join('.'), input.type === 'checkbox' ? String(input.checked) : input.value])),
    );
  const render = (items: Record<string, string>[]) => {
    container.replaceChildren(
      ...items.map((item, index) => {
        const prefix = `${options.path}.${index}`;
        const itemFields = options.fields(prefix);
        for (const wrapper of itemFields) {
          const input = wrapper.querySelector<HTMLInputElement>('[data-path]');
          const key = input?.dataset.path?.split('.').slice(2).join('.');
          if (input && key && item[key] !== undefined) {
            if (input.type === 'checkbox') input.checked = item[key] === 'true';
            else input.value = item[key]!;
          }
        }
        const remove = element('button', { type: 'button', class: 'secondary', 'data-i18n': options.removeKey }, t(options.removeKey));
        remove.hidden = items.length <= options.min;
        remove.addEventListener('click', () => {
          const current = values();
          current.splice(index, 1);
          render(current);
          container.querySelector<HTMLElement>('input, select')?.focus();
        });
        return element('fieldset', { class: 'item' }, element('legend', { 'data-i18n': options.itemLegendKey, 'data-i18n-n': String(index + 1) }, t(options.itemLegendKey, { n: index + 1 })), ...itemFields, remove);
      }),
    );
    addButton.hidden = items.length >= options.max;
    options.onChange?.(items.length);
  };
  addButton.addEventListener('click', () => {
    render([...values(), {}]);
    const items = container.querySelectorAll('fieldset.item');
    items[items.length - 1]?.querySelector<HTMLElement>('input')?.focus();
  });
  render(Array.from({ length: options.min }, () => ({})));
  return { fieldset };
}

function buildTourism(): HTMLElement {
  const agency = element(
    'fieldset',
    { id: 'group-agency', hidden: true },
    element('legend', { 'data-i18n': 'agency.legend' }, t('agency.legend')),
    groupError('agency'),
    field('agency.name', 'agency.name', { required: true }),
    field('agency.licenseNumber', 'agency.licenseNumber', { required: true }),
  );
  const members = repeatable({
    path: 'members',
    legendKey: 'members.legend',
    itemLegendKey: 'member.legend',
    addKey: 'members.add',
    removeKey: 'members.remove',
    min: 0,
    max: 49,
    fields: (prefix) => person(prefix),
    onChange: (count) => {
      agency.hidden = count === 0;
    },
  });
  members.fieldset.insertBefore(element('p', { class: 'hint', 'data-i18n': 'members.hint' }, t('members.hint')), members.fieldset.children[1]!);
  const medicalDetails = field('urgent.details', 'medical.details', { type: 'textarea', required: true });
  medicalDetails.hidden = true;
  const medical = field('urgent.medical', 'medical.label', { type: 'checkbox' });
  medical.querySelector('input')!.removeAttribute('data-path');
  medical.querySelector('input')!.addEventListener('change', (event) => {
    medicalDetails.hidden = !(event.target as HTMLInputElement).checked;
  });
  return element(
    'div',
    { id: 'section-border-tourism' },
    element(
      'fieldset',
      {},
      element('legend', { 'data-i18n': 'travel.legend' }, t('travel.legend')),
      field('travel.destinationCountry', 'travel.destinationCountry', { required: true, hintKey: 'hint.country' }),
      field('travel.entryDate', 'travel.entryDate', { type: 'date', required: true, hintKey: 'hint.date' }),
      field('travel.exitDate', 'travel.exitDate', { type: 'date', required: true, hintKey: 'hint.date' }),
    ),
    element('fieldset', {}, element('legend', { 'data-i18n': 'applicant.legend' }, t('applicant.legend')), ...person('applicant', true)),
    element(
      'fieldset',
      {},
      element('legend', { 'data-i18n': 'contact.legend' }, t('contact.legend')),
      field('contact.phone', 'contact.phone', { type: 'tel', required: true, hintKey: 'hint.phone', autocomplete: 'tel' }),
    ),
    element('fieldset', { class: 'urgent' }, medical, medicalDetails),
    members.fieldset,
    agency,
  );
}

function buildCargo(): HTMLElement {
  const drivers = repeatable({ path: 'drivers', legendKey: 'drivers.legend', itemLegendKey: 'driver.legend', addKey: 'drivers.add', removeKey: 'drivers.remove', min: 1, max: 2, fields: (prefix) => person(prefix) });
  const cargo = repeatable({
    path: 'cargo',
    legendKey: 'cargo.legend',
    itemLegendKey: 'cargoLine.legend',
    addKey: 'cargo.add',
    removeKey: 'cargo.remove',
    min: 1,
    max: 50,
    fields: (prefix) => [
      field(`${prefix}.description`, 'cargo.description', { required: true }),
      field(`${prefix}.hsCode`, 'cargo.hsCode', { autocomplete: 'off' }),
      field(`${prefix}.weightKg`, 'cargo.weightKg', { type: 'number', required: true }),
      field(`${prefix}.perishable`, 'cargo.perishable', { type: 'checkbox' }),
    ],
  });
  return element(
    'div',
    { id: 'section-cargo-transit', hidden: true },
    element('fieldset', {}, element('legend', { 'data-i18n': 'cargo.crossingDate' }, t('cargo.crossingDate')), field('crossingDate', 'cargo.crossingDate', { type: 'date', required: true, hintKey: 'hint.date' })),
    element(
      'fieldset',
      {},
      element('legend', { 'data-i18n': 'carrier.legend' }, t('carrier.legend')),
      field('carrier.companyName', 'carrier.companyName', { required: true, autocomplete: 'organization' }),
      field('carrier.registrationNumber', 'carrier.registrationNumber', { required: true }),
      field('carrier.contactPhone', 'carrier.contactPhone', { type: 'tel', required: true, hintKey: 'hint.phone' }),
    ),
    element(
      'fieldset',
      {},
      element('legend', { 'data-i18n': 'vehicle.legend' }, t('vehicle.legend')),
      field('vehicle.type', 'vehicle.type', { type: 'select', options: [{ value: 'truck', labelKey: 'vehicle.truck' }, { value: 'vessel', labelKey: 'vehicle.vessel' }] }),
      field('vehicle.plateNumber', 'vehicle.plateNumber', { required: true }),
      field('vehicle.registrationCountry', 'vehicle.registrationCountry', { required: true, hintKey: 'hint.country', value: 'CN' }),
    ),
    drivers.fieldset,
    cargo.fieldset,
  );
}

/** Where and in which language the applicant hears of changes, for both kinds (`contact` in the body). */
function buildNotifications(): HTMLElement {
  const language = field('contact.language', 'contact.language', { type: 'select' });
  const select = language.querySelector('select')!;
  // Each language named in itself, so that a reader finds theirs whatever the page shows.
  select.replaceChildren(...languages.map((entry) => Object.assign(new Option(entry.name, entry.code), { lang: entry.code })));
  select.value = currentLanguage();
  select.addEventListener('change', () => {
    messageLanguageChosen = true;
  });
  return element(
    'div',
    { id: 'section-notify' },
    element(
      'fieldset',
      {},
      element('legend', { 'data-i18n': 'contact.notifyLegend' }, t('contact.notifyLegend')),
      element('p', { class: 'hint', 'data-i18n': 'contact.notifyHint' }, t('contact.notifyHint')),
      field('contact.email', 'contact.email', { type: 'email', autocomplete: 'email' }),
      language,
    ),
  );
}

function followPageLanguage() {
  if (!messageLanguageChosen) form.querySelector<HTMLSelectElement>('#f-contact-language')!.value = currentLanguage();
}

const kindOf = () => (form.querySelector<HTMLInputElement>('input[name="kind"]:checked')?.value ?? 'border-tourism') as 'border-tourism' | 'cargo-transit';

function renderPortInfo() {
  const port = ports.find((candidate) => candidate.code === form.querySelector<HTMLSelectElement>('#f-port')!.value);
  if (!port) return portInfo.replaceChildren();
  portInfo.replaceChildren(
    element('p', {}, t(`port.calendar.${port.calendar}`)),
    element('p', {}, `${t('port.vehicles')} ${port.vehicleTypes.map((type) => t(`vehicle.${type}`)).join(', ')}`),
    ...(port.closedDates.length ? [element('p', {}, `${t('port.closed')} ${port.closedDates.join(', ')}`)] : []),
  );
  const vehicleType = form.querySelector<HTMLSelectElement>('#f-vehicle-type');
  if (vehicleType && port.vehicleTypes.length === 1) vehicleType.value = port.vehicleTypes[0]!;
}

/** The form's values as an application body: empty fields left out, numbers and switches typed. */
function collect(): Record<string, unknown> {
  const kind = kindOf();
  const body: Record<string, unknown> = { kind };
  const scopes = [form.querySelector('#section-common')!, form.querySelector(`#section-${kind}`)!, form.querySelector('#section-notify')!];
  for (const scope of scopes) {
    for (const input of scope.querySelectorAll<HTMLInputElement>('[data-path]')) {
      if (input.closest('[hidden]')) continue;
      let value: unknown = input.value.trim();
      if (input.dataset.kind === 'boolean') value = input.checked;
      else if (value === '') continue;
      else if (input.dataset.kind === 'number') value = Number(value);
      const path = input.dataset.path!.split('.');
      let target = body;
      path.forEach((step, index) => {
        const isLast = index === path.length - 1;
        const nextIsIndex = /^\d+$/.test(path[index + 1] ?? '');
        if (isLast) {
          target[step] = value;
          return;
        }
        target[step] ??= nextIsIndex ? [] : {};
        // A list is filled by index like an object's fields ('members.0.fullName').
        target = target[step] as Record<string, unknown>;
      });
    }
  }
  if (kind === 'border-tourism' && form.querySelector<HTMLInputElement>('#f-urgent-medical')?.checked) body.urgent = { reason: 'medical', ...(body.urgent as object | undefined) };
  else delete body.urgent;
  return body;
}

function showErrors(issues: { path: string; message: string }[]) {
  const unplaced = showIssues(form, issues);
  formErrors.replaceChildren(element('p', {}, t('errors.summary')), ...unplaced.map((message) => element('p', {}, message)));
  formErrors.hidden = false;
  if (!form.querySelector('[aria-invalid="true"]')) formErrors.focus();
}

/** Copies a receipt value; where the browser refuses, selects it so the applicant can copy it by hand. */
function copyButton(labelKey: string, sourceId: string, status: HTMLElement): HTMLElement {
  const button = element('button', { type: 'button', class: 'secondary no-print', 'data-copy': sourceId, 'data-i18n': labelKey }, t(labelKey));
  button.addEventListener('click', async () => {
    const source = document.getElementById(sourceId)!;
    try {
      await navigator.clipboard.writeText(source.textContent ?? '');
      status.textContent = t('result.copied');
    } catch {
      getSelection()?.selectAllChildren(source);
      status.textContent = t('result.copyFailed');
    }
  });
  return button;
}

function showReceipt(receipt: SubmissionReceipt) {
  form.hidden = true;
  result.hidden = false;
  // The status page of this tab opens with the token already given, as if typed there.
  sessionStorage.setItem(accessTokenKey(receipt.id), receipt.accessToken);
  const copyStatus = element('p', { id: 'copy-status', role: 'status', class: 'no-print' });
  const print = element('button', { type: 'button', id: 'print-receipt', class: 'no-print', 'data-i18n': 'result.print' }, t('result.print'));
  print.addEventListener('click', () => window.print());
  result.replaceChildren(
    element('h2', { 'data-i18n': 'result.title', tabindex: '-1' }, t('result.title')),
    element('dl', {}, element('dt', { 'data-i18n': 'result.id' }, t('result.id')),
      element('dd', {}, element('span', { class: 'secret', id: 'receipt-id' }, receipt.id), ' ', copyButton('result.copyId', 'receipt-id', copyStatus)),
      element('dt', { 'data-i18n': 'result.token' }, t('result.token')),
      element('dd', {}, element('span', { class: 'secret', id: 'receipt-token' }, receipt.accessToken), ' ', copyButton('result.copyToken', 'receipt-token', copyStatus)),
      element('dt', { 'data-i18n': 'result.lane' }, t('result.lane')), element('dd', {}, t(`lane.${receipt.lane}`)),
      element('dt', { 'data-i18n': 'result.deadline' }, t('result.deadline')), element('dd', {}, formatDateTime(receipt.reviewDeadline))),
    element('p', { class: 'warning', role: 'alert', 'data-i18n': 'result.warning' }, t('result.warning')),
    copyStatus,
    element('p', {}, print),
    element('p', {}, element('a', { href: receipt.statusUrl, id: 'status-link', 'data-i18n': 'result.statusLink' }, t('result.statusLink'))),
    element('p', {}, element('a', { href: '/', 'data-i18n': 'result.another' }, t('result.another'))),
  );
  result.querySelector<HTMLElement>('h2')!.focus();
}

async function submit(event: SubmitEvent) {
  event.preventDefault();
  if (submitButton.disabled) return;
  clearErrors(form);
  formErrors.hidden = true;
  const body = collect();
  try {
    validateApplication(body, shanghaiDate(Date.now()));
  } catch (error) {
    if (error instanceof ValidationError) return showErrors(error.issues);
    throw error;
  }
  idempotencyKey ??= crypto.randomUUID();
  submitButton.disabled = true;
  submitButton.textContent = t('submitting');
  try {
    const response = await api<SubmissionReceipt>('POST', '/api/applications', { body, headers: { 'idempotency-key': idempotencyKey } });
    if (response.ok) {
      idempotencyKey = undefined;
      showReceipt(response.body);
    } else if (response.status === 400) showErrors(response.body?.issues ?? []);
    else if (response.status === 409) showErrors([{ path: '', message: t('errors.conflict') }]);
    else showErrors([{ path: '', message: t('errors.server') }]);
  } catch {
    showErrors([{ path: '', message: t('errors.network') }]);
  } finally {
    submitButton.disabled = false;
    submitButton.textContent = t('submit');
  }
}

async function start() {
  const common = element(
    'div',
    { id: 'section-common' },
    element(
      'fieldset',
      {},
      element('legend', { 'data-i18n': 'kind.label' }, t('kind.label')),
      ...(['border-tourism', 'cargo-transit'] as const).map((kind) =>
        element('div', { class: 'field checkbox' }, element('input', { type: 'radio', name: 'kind', id: `kind-${kind}`, value: kind, checked: kind === 'border-tourism' }), element('label', { for: `kind-${kind}`, 'data-i18n': `kind.${kind}` }, t(`kind.${kind}`))),
      ),
    ),
    element('fieldset', {}, element('legend', { 'data-i18n': 'port.label' }, t('port.label')), field('port', 'port.label', { type: 'select', options: [] }), portInfo),
    element('fieldset', {}, element('legend', { 'data-i18n': 'direction.label' }, t('direction.label')),
      field('direction', 'direction.label', { type: 'select', options: [{ value: 'exit', labelKey: 'direction.exit' }, { value: 'entry', labelKey: 'direction.entry' }] })),
  );
  form.prepend(common, buildTourism(), buildCargo(), buildNotifications());
  for (const radio of form.querySelectorAll<HTMLInputElement>('input[name="kind"]')) {
    radio.addEventListener('change', () => {
      form.querySelector<HTMLElement>('#section-border-tourism')!.hidden = kindOf() !== 'border-tourism';
      form.querySelector<HTMLElement>('#section-cargo-transit')!.hidden = kindOf() !== 'cargo-transit';
    });
  }
  const portSelect = form.querySelector<HTMLSelectElement>('#f-port')!;
  portSelect.addEventListener('change', renderPortInfo);
  form.addEventListener('submit', (event) => void submit(event));
  mountLanguageSwitcher(() => {
    renderPortInfo();
    followPageLanguage();
  });
  try {
    const listed = await api<PortList>('GET', '/api/ports');
    if (!listed.ok) throw new Error('The ports could not be loaded');
    ports = listed.body.ports;
    portSelect.replaceChildren(...ports.map((port) => new Option(`${port.name} (${port.code})`, port.code)));
    renderPortInfo();
  } catch {
    showErrors([{ path: '', message: t('errors.network') }]);
  }
  applyLanguage();
}

void start();
