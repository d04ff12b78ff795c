/**
 * The review queue as the clerk works it: a port's open applications, earliest deadline first, with the
 * lane as a badge; filters by lane and kind; pages by the API's cursor; refresh on the same page; and
 * "claim next", which claims the first unclaimed application of the page shown.
 */
import { applicationKinds } from '../../shared/domain/auto-approval.ts';
import { lanes } from '../../shared/domain/review-clock.ts';
import type { ClaimResult, QueueItem, ReviewQueuePage } from '../../shared/domain/responses.ts';
import { call } from './console-session.ts';
import { failureText, flagLabel, kindLabel, laneBadge, portName, scrollable, timeLeft } from './console-words.ts';
import { element } from './dom.ts';
import { formatDateTime, t } from './i18n/index.ts';

const TWO_HOURS = 2 * 60 * 60 * 1000;
const PAGE_SIZE = 20;
const viewKey = 'permit-fast-track.console-view';

export interface QueueHost {
  clerkId: () => string;
  ports: () => string[];
  openDetail: (id: string) => Promise<void>;
  say: (text: string, kind?: 'error' | 'success') => void;
  /** After each load of the queue (the fast-track panel follows the port). */
  loaded: () => void;
}

interface View {
  port: string;
  lane: string;
  kind: string;
  /** The cursors that led to the page shown: empty on the first page. */
  cursors: string[];
}

export function mountQueue(section: HTMLElement, host: QueueHost) {
  const saved = JSON.parse(sessionStorage.getItem(viewKey) ?? 'null') as View | null;
  const view: View = saved && host.ports().includes(saved.port) ? saved : { port: host.ports()[0] ?? '', lane: '', kind: '', cursors: [] };
  let page: ReviewQueuePage = { items: [] };
  const remember = () => sessionStorage.setItem(viewKey, JSON.stringify(view));

  const select = (id: string, labelKey: string, options: [string, string][], value: string, onChange: (value: string) => void) => {
    const control = element('select', { id }, ...options.map(([optionValue, label]) => new Option(label, optionValue)));
    control.value = value;
    control.addEventListener('change', () => onChange(control.value));
    return element('div', { class: 'field' }, element('label', { for: id }, t(labelKey)), control);
  };

  const query = () => {
    const parameters = new URLSearchParams({ port: view.port, limit: String(PAGE_SIZE) });
    if (view.lane) parameters.set('lane', view.lane);
    if (view.kind) parameters.set('kind', view.kind);
    if (view.cursors.length) parameters.set('cursor', view.cursors.at(-1)!);
    return parameters;
  };

  /** Loads the page shown (the same place after a refresh); a cursor the queue no longer knows starts over. */
  async function load(): Promise<void> {
    remember();
    const response = await call<ReviewQueuePage>('GET', `/api/review/applications?${query()}`);
    if (!response.ok && response.status === 400 && view.cursors.length) {
      host.say(t('console.error.cursor'), 'error');
      view.cursors = [];
      return load();
    }
    if (!response.ok) {
      if (response.status !== 401) host.say(failureText('load', response.status, response.body), 'error');
      return;
    }
    page = response.body;
    render();
    host.loaded();
  }

  const refilter = (change: Partial<View>) => {
    Object.assign(view, change, { cursors: [] });
    void load();
  };

  function row(item: QueueItem) {
    const left = Date.parse(item.reviewDeadline) - Date.now();
    const open = element('button', { type: 'button', class: 'secondary', 'data-open': item.id }, t('console.open'), element('span', { class: 'visually-hidden' }, ` ${item.id}`));
    open.addEventListener('click', () => void host.openDetail(item.id));
    const claim = item.claim
      ? item.claim.clerkId === host.clerkId()
        ? t('console.claimedByYou', { time: formatDateTime(item.claim.expiresAt) })
        : t('console.claimedUntil', { clerk: item.claim.clerkId, time: formatDateTime(item.claim.expiresAt) })
      : '—';
    return element(
      'tr',
      { 'data-id': item.id, ...(left <= 0 ? { class: 'overdue' } : {}) },
      element('td', { class: left < TWO_HOURS ? 'time-left urgent' : 'time-left' }, timeLeft(item.reviewDeadline), element('div', { class: 'hint' }, formatDateTime(item.reviewDeadline))),
      element('td', {}, laneBadge(item.lane)),
      element('td', {}, kindLabel(item.kind)),
      element('td', { class: 'mono' }, item.id),
      element('td', {}, item.flags.length ? element('ul', { class: 'plain' }, ...[...new Set(item.flags.map((flag) => flag.code))].map((code) => element('li', {}, flagLabel(code)))) : t('console.none')),
      element('td', { class: 'claim' }, claim),
      element('td', {}, open),
    );
  }

  function render() {
    const filters = element(
      'form',
      { id: 'queue-filters', class: 'filters' },
      select('queue-port', 'console.port', host.ports().map((port) => [port, portName(port)]), view.port, (port) => refilter({ port })),
      select('queue-lane', 'console.lane', [['', t('console.allLanes')], ...lanes.map((lane): [string, string] => [lane, t(`lane.${lane}`)])], view.lane, (lane) => refilter({ lane })),
      select('queue-kind', 'console.kind', [['', t('console.allKinds')], ...applicationKinds.map((kind): [string, string] => [kind, kindLabel(kind)])], view.kind, (kind) => refilter({ kind })),
    );
    filters.addEventListener('submit', (event) => event.preventDefault());
    const refresh = element('button', { type: 'button', id: 'refresh', class: 'secondary' }, t('console.refresh'));
    refresh.addEventListener('click', () => void load());
    const claimNext = element('button', { type: 'button', id: 'claim-next' }, t('console.claimNext'));
    claimNext.addEventListener('click', () => void takeNext());
    const previous = element('button', { type: 'button', id: 'previous-page', class: 'secondary', disabled: view.cursors.length === 0 }, t('console.previousPage'));
    previous.addEventListener('click', () => {
      view.cursors.pop();
      void load();
    });
    const next = element('button', { type: 'button', id: 'next-page', class: 'secondary', disabled: !page.nextCursor }, t('console.nextPage'));
    next.addEventListener('click', () => {
      if (!page.nextCursor) return;
      view.cursors.push(page.nextCursor);
      void load();
    });
    const number = element('input', { id: 'f-lookup', name: 'id', autocomplete: 'off', spellcheck: 'false', class: 'mono', required: true });
    const lookup = element(
      'form',
      { id: 'lookup', class: 'filters' },
      element('div', { class: 'field' }, element('label', { for: 'f-lookup' }, t('console.lookupLabel')), number),
      element('div', { class: 'field' }, element('button', { type: 'submit', class: 'secondary' }, t('console.open'))),
    );
    lookup.addEventListener('submit', (event) => {
      event.preventDefault();
      if (number.value.trim()) void host.openDetail(number.value.trim());
    });
    const headers = ['console.timeLeft', 'console.lane', 'console.kind', 'console.id', 'console.flags', 'console.field.claim'];
    section.replaceChildren(
      element('h2', { id: 'queue-heading' }, t('console.queue')),
      filters,
      element('div', { class: 'actions' }, claimNext, refresh),
      element('p', { id: 'queue-summary', class: 'hint' }, t('console.queueSummary', { count: page.items.length }), ' ', t('console.pageNumber', { n: view.cursors.length + 1 })),
      element(
        'div',
        scrollable(t('console.queue')),
        element(
          'table',
          { 'aria-labelledby': 'queue-heading' },
          element('thead', {}, element('tr', {}, ...headers.map((key) => element('th', { scope: 'col' }, t(key))), element('th', { scope: 'col' }, element('span', { class: 'visually-hidden' }, t('console.actions'))))),
          element('tbody', { id: 'queue' }, ...(page.items.length ? page.items.map(row) : [element('tr', {}, element('td', { colspan: String(headers.length + 1) }, t('console.empty')))])),
        ),
      ),
      element('nav', { class: 'actions pager', 'aria-label': t('console.pages') }, previous, next),
      lookup,
    );
  }

  /** Claims the first application of the page that nobody holds; a lost race moves on to the next one. */
  async function takeNext(): Promise<void> {
    for (const item of page.items.filter((candidate) => !candidate.claim)) {
      const result = await call<ClaimResult>('POST', `/api/review/applications/${encodeURIComponent(item.id)}/claim`);
      if (result.ok) {
        await load();
        await host.openDetail(item.id);
        host.say(t('console.claimedNext', { id: item.id, time: formatDateTime(result.body.claim.expiresAt) }));
        return;
      }
      if (result.status !== 409) return host.say(failureText('claim', result.status, result.body), 'error');
    }
    await load();
    host.say(t('console.nothingToClaim'), 'error');
  }

  return { load, port: () => view.port };
}
