/** Small DOM helpers shared by the pages: accessible fields, error slots, and the API client. */
import type { ErrorCode, ValidationIssue } from '../../shared/domain/errors.ts';
import { t, translateMessage } from './i18n/index.ts';

export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | undefined> = {},
  ...children: (Node | string | undefined)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child !== undefined) node.append(child);
  return node;
}

/** Where a tab keeps an application's access token (sessionStorage): set by the receipt, read by the status page. */
export const accessTokenKey = (applicationId: string) => `permit-fast-track.token.${applicationId}`;

export const idFor = (path: string) => `f-${path.replace(/\./g, '-')}`;
export const errorIdFor = (path: string) => `e-${path.replace(/\./g, '-')}`;

export interface FieldOptions {
  type?: 'text' | 'date' | 'tel' | 'email' | 'number' | 'checkbox' | 'select' | 'textarea' | 'password';
  options?: { value: string; labelKey: string }[];
  hintKey?: string;
  required?: boolean;
  value?: string | boolean;
  autocomplete?: string;
}

/** A labelled input with its hint and an error slot, wired with aria-describedby. */
export function field(path: string, labelKey: string, options: FieldOptions = {}): HTMLElement {
  const id = idFor(path);
  const hintId = options.hintKey ? `h-${id}` : undefined;
  const type = options.type ?? 'text';
  let control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  if (type === 'select') {
    control = element('select', { id, name: path, 'data-path': path, required: options.required });
    for (const option of options.options ?? []) control.append(element('option', { value: option.value, 'data-i18n': option.labelKey }, t(option.labelKey)));
    if (typeof options.value === 'string') control.value = options.value;
  } else if (type === 'textarea') {
    control = element('textarea', { id, name: path, 'data-path': path, rows: '3', required: options.required });
    if (typeof options.value === 'string') control.value = options.value;
  } else {
    control = element('input', {
      id,
      name: path,
      type,
      'data-path': path,
      'data-kind': type === 'number' ? 'number' : type === 'checkbox' ? 'boolean' : 'string',
      required: options.required,
      autocomplete: options.autocomplete,
      inputmode: type === 'number' ? 'decimal' : undefined,
    });
    if (type === 'checkbox') (control as HTMLInputElement).checked = options.value === true;
    else if (typeof options.value === 'string') control.value = options.value;
  }
  control.setAttribute('aria-describedby', [hintId].filter(Boolean).join(' '));
  const label = element('label', { for: id, 'data-i18n': labelKey }, t(labelKey));
  const hint = options.hintKey ? element('p', { id: hintId, class: 'hint', 'data-i18n': options.hintKey }, t(options.hintKey)) : undefined;
  const error = element('p', { id: errorIdFor(path), class: 'error', hidden: true });
  const wrapper = element('div', { class: type === 'checkbox' ? 'field checkbox' : 'field' });
  if (type === 'checkbox') wrapper.append(control, label, hint ?? '', error);
  else wrapper.append(label, control, hint ?? '', error);
  return wrapper;
}

export function clearErrors(root: ParentNode): void {
  for (const error of root.querySelectorAll<HTMLElement>('.error')) {
    error.hidden = true;
    error.textContent = '';
  }
  for (const control of root.querySelectorAll<HTMLElement>('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
    const describedBy = (control.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && !id.startsWith('e-'));
    control.setAttribute('aria-describedby', describedBy.join(' '));
  }
}

/**
 * Shows each issue next to its field (its first required field for a missing object, else the nearest
 * enclosing group), marks the control invalid, and
 * moves focus to the first one. Returns the messages that found no field.
 */
export function showIssues(root: HTMLElement, issues: { path: string; message: string }[]): string[] {
  const unplaced: string[] = [];
  let first: HTMLElement | undefined;
  for (const issue of issues) {
    let path = issue.path;
    let slot = document.getElementById(errorIdFor(path));
    if (!slot && path) {
      // A missing object (say `contact` when every contact field is empty) belongs to its first required field.
      const inner = [...root.querySelectorAll<HTMLElement>(`[data-path^="${CSS.escape(path)}."]`)].filter((control) => !control.closest('[hidden]'));
      const target = inner.find((control) => control.hasAttribute('required')) ?? inner[0];
      if (target) {
        path = target.dataset.path!;
        slot = document.getElementById(errorIdFor(path));
      }
    }
    while (!slot && path.includes('.')) {
      path = path.slice(0, path.lastIndexOf('.'));
      slot = document.getElementById(errorIdFor(path));
    }
    if (!slot) {
      unplaced.push(translateMessage(issue.message));
      continue;
    }
    slot.textContent = translateMessage(issue.message);
    slot.hidden = false;
    const control = document.getElementById(idFor(path)) ?? slot.closest('fieldset')?.querySelector<HTMLElement>('input, select, textarea, button') ?? undefined;
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      const describedBy = new Set((control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean));
      describedBy.add(slot.id);
      control.setAttribute('aria-describedby', [...describedBy].join(' '));
      first ??= control;
    }
  }
  (first ?? root.querySelector<HTMLElement>('#form-errors'))?.focus();
  return unplaced;
}

/** The contract's error body (every 4xx and 5xx). */
export interface ErrorBody {
  error: ErrorCode;
  message: string;
  issues?: ValidationIssue[];
}

/**
 * A 2xx answer carries the operation's success body (its type from shared/domain/responses.ts); any
 * other status the contract's error body, or nothing when a proxy answered with something else.
 */
export type ApiResponse<T> = { ok: true; status: number; body: T } | { ok: false; status: number; body: Partial<ErrorBody> | undefined };

export async function api<T>(method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
  const response = await fetch(path, {
    method,
    headers: { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  // Typed, not parsed: the contract test holds the server's answers to these schemas, and parsing them here
  // with strict schemas would refuse the optional fields the contract lets the server add.
  return response.ok ? { ok: true, status: response.status, body: body as T } : { ok: false, status: response.status, body: body as Partial<ErrorBody> | undefined };
}
