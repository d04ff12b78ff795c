/**
 * The checkpoint officer's page at /checkpoint: reads a permit's QR code (camera, photo or pasted text),
 * checks it on the device with the kept keys and signed revocation list (the rules of
 * shared/domain/permit-check.ts, WebCrypto for the signature), asks the service too when it can, and shows
 * one large verdict. A service worker keeps the page, its code, the keys and the list for use offline.
 */
import {
  checkPermit,
  combineVerdicts,
  DEFAULT_REVOCATION_LIST_MAX_AGE_HOURS,
  revocationListAge,
  type PermitRejection,
  type PermitVerdict,
} from '../../shared/domain/permit-check.ts';
import { ReaderUnavailable, readQrFromPhoto, scanWithCamera, type CameraScan } from './checkpoint-scan.ts';
import { askService, refreshTrust, webCryptoVerifier, type Trust } from './checkpoint-trust.ts';
import { element } from './dom.ts';
import { checkpointLabels } from './i18n/checkpoint/index.ts';
import { addLabels, formatDateTime, formatDuration, t } from './i18n/index.ts';
import { applyLanguage, mountLanguageSwitcher } from './i18n/page.ts';

addLabels(checkpointLabels);

const syncStatus = document.querySelector<HTMLElement>('#sync-status')!;
const verdictView = document.querySelector<HTMLElement>('#verdict')!;
const scanMessage = document.querySelector<HTMLElement>('#scan-message')!;
const scanStart = document.querySelector<HTMLButtonElement>('#scan-start')!;
const scanStop = document.querySelector<HTMLButtonElement>('#scan-stop')!;
const cameraBox = document.querySelector<HTMLElement>('#camera-box')!;
const camera = document.querySelector<HTMLVideoElement>('#camera')!;
const photoInput = document.querySelector<HTMLInputElement>('#f-photo')!;
const pasteForm = document.querySelector<HTMLFormElement>('#paste-form')!;
const permitText = document.querySelector<HTMLTextAreaElement>('#f-permit-text')!;
const maxAgeInput = document.querySelector<HTMLInputElement>('#f-max-age')!;

const MAX_AGE_KEY = 'permit-fast-track.checkpoint.maxListAgeHours';
/** How often an open page fetches the keys and the list again while it has network. */
const REFRESH_MS = 5 * 60_000;

let trust: Trust = { listRejected: false };
let offline: 'preparing' | 'ready' | 'unsupported' = 'preparing';
let cameraScan: CameraScan | undefined;
let checks = 0;

interface Shown {
  /** The device's own verdict; absent when it holds no keys yet. */
  local?: PermitVerdict;
  /** `skipped` when there is no point in asking (text that is no permit at all). */
  online: PermitVerdict | 'pending' | 'unavailable' | 'skipped';
  /** A more precise explanation than the verdict's own (a photo without a readable code). */
  detailKey?: string;
}
let shown: Shown | undefined;

function maxAgeHours(): number {
  const stored = Number(localStorage.getItem(MAX_AGE_KEY));
  return stored >= 1 && stored <= 168 ? stored : DEFAULT_REVOCATION_LIST_MAX_AGE_HOURS;
}

const reasonOf = (verdict: PermitVerdict): 'valid' | PermitRejection => (verdict.valid ? 'valid' : verdict.reason);

/** Freshness of the list in hand, and the warning a checkpoint must see when it is old, missing or refused. */
function listLines(): HTMLElement[] {
  const lines: HTMLElement[] = [];
  if (trust.list) {
    const { ageMs, stale } = revocationListAge(trust.list, Date.now(), maxAgeHours());
    const age = t('checkpoint.listAge', { time: formatDateTime(trust.list.issuedAt), age: formatDuration(ageMs), count: trust.list.count });
    lines.push(element('p', { 'data-list-issued-at': trust.list.issuedAt }, age));
    if (stale) lines.push(element('p', { class: 'warning', id: 'list-stale' }, t('checkpoint.listStale', { hours: maxAgeHours() })));
  } else {
    lines.push(element('p', { class: 'warning' }, t('checkpoint.noList')));
  }
  if (trust.listRejected) lines.push(element('p', { class: 'warning' }, t('checkpoint.listRejected')));
  return lines;
}

function renderSync(): void {
  const offlineKey = { preparing: 'checkpoint.offlinePreparing', ready: 'checkpoint.offlineReady', unsupported: 'checkpoint.offlineUnsupported' }[offline];
  syncStatus.replaceChildren(
    ...(navigator.onLine ? [] : [element('p', { class: 'warning' }, t('checkpoint.networkDown'))]),
    element('p', { id: 'offline-state', 'data-state': offline }, t(offlineKey)),
    trust.jwks ? element('p', {}, t('checkpoint.keys', { count: trust.jwks.keys.length })) : element('p', { class: 'warning' }, t('checkpoint.noKeys')),
    ...(trust.jwks ? listLines() : []),
  );
}

function finalVerdict(state: Shown): PermitVerdict | undefined {
  const online = typeof state.online === 'object' ? state.online : undefined;
  return state.local ? combineVerdicts(state.local, online) : online;
}

function row(labelKey: string, value: Node | string): HTMLElement[] {
  return [element('dt', {}, t(labelKey)), element('dd', {}, value)];
}

function renderVerdict(): void {
  const verdict = shown && finalVerdict(shown);
  if (!shown || !verdict) return;
  const reason = reasonOf(verdict);
  const tone = reason === 'valid' ? 'ok' : reason === 'malformed' ? 'unknown' : 'stop';
  const permit = verdict.permit;
  const dates = { from: permit?.validFrom ?? '…', until: permit?.validUntil ?? '…' };
  const online = shown.online;
  const onlineLine = {
    pending: t('checkpoint.servicePending'),
    unavailable: t('checkpoint.serviceOffline'),
    skipped: undefined,
  };
  const sources = [
    ...(shown.local ? [t('checkpoint.device', { verdict: t(`verdict.${reasonOf(shown.local)}`) })] : []),
    typeof online === 'object' ? t('checkpoint.service', { verdict: t(`verdict.${reasonOf(online)}`) }) : onlineLine[online],
  ].filter((line) => line !== undefined);
  verdictView.className = `verdict ${tone}`;
  verdictView.dataset.verdict = reason;
  verdictView.replaceChildren(
    element(
      'p',
      { class: 'verdict-word' },
      element('span', { class: 'verdict-symbol', 'aria-hidden': 'true' }, { ok: '✓', stop: '✗', unknown: '?' }[tone]),
      element('strong', { id: 'verdict-word' }, t(`verdict.${reason}`)),
    ),
    element('p', { class: 'verdict-detail' }, t(shown.detailKey ?? `verdict.${reason}.detail`, dates)),
    ...(!verdict.valid && verdict.revokedAt ? [element('p', {}, t('verdict.revoked.at', { at: formatDateTime(verdict.revokedAt) }))] : []),
    ...(permit
      ? [
          element(
            'dl',
            {},
            ...row('permit.number', element('span', { class: 'mono', id: 'verdict-number' }, permit.number)),
            // Names are isolated: a right-to-left mark inside one cannot reorder what is around it.
            ...row('permit.holders', element('ul', {}, ...permit.holders.map((holder) => element('li', {}, element('bdi', {}, `${holder.fullName} (${holder.documentNumber})`))))),
            ...(permit.vehiclePlate ? row('permit.vehicle', element('bdi', {}, permit.vehiclePlate)) : []),
            ...row('checkpoint.validity', t('permit.valid', dates)),
            ...row('checkpoint.port', permit.port),
            ...row('checkpoint.kind', t(`kind.${permit.kind}`)),
          ),
        ]
      : []),
    element('ul', { class: 'sources' }, ...sources.map((source) => element('li', {}, source))),
    ...(trust.jwks ? listLines() : []),
  );
  verdictView.hidden = false;
}

function say(text: string, kind: 'hint' | 'error'): void {
  scanMessage.textContent = text;
  scanMessage.className = kind;
  scanMessage.hidden = text === '';
}

/** Checks a token on the device at once, then with the service when online; the verdict gets the focus. */
async function check(token: string, detailKey?: string): Promise<void> {
  const sequence = ++checks;
  say('', 'hint');
  const local = trust.jwks
    ? await checkPermit(token, { jwks: trust.jwks, verifySignature: webCryptoVerifier, nowMs: Date.now(), revocations: trust.list })
    : undefined;
  // Text that is no permit at all is not worth a round trip.
  const notPermit = local !== undefined && !local.valid && local.reason === 'malformed';
  const askOnline = navigator.onLine && !notPermit;
  if (!local && !askOnline) {
    say(t('checkpoint.noKeys'), 'error');
    return;
  }
  shown = { ...(local ? { local } : {}), online: notPermit ? 'skipped' : askOnline ? 'pending' : 'unavailable', ...(detailKey ? { detailKey } : {}) };
  if (local) {
    renderVerdict();
    verdictView.focus();
  }
  if (!askOnline) return;
  const before = local && reasonOf(local);
  const online = await askService(token.trim());
  if (sequence !== checks || !shown) return;
  shown.online = online ?? 'unavailable';
  renderVerdict();
  const after = finalVerdict(shown);
  // The officer is told again only when the service changed the verdict.
  if (after && reasonOf(after) !== before) verdictView.focus();
}

const unreadable: PermitVerdict = { valid: false, reason: 'malformed' };

function showUnreadable(detailKey: string): void {
  ++checks;
  shown = { local: unreadable, online: 'skipped', detailKey };
  renderVerdict();
  verdictView.focus();
}

photoInput.addEventListener('change', async () => {
  const file = photoInput.files?.[0];
  if (!file) return;
  say(t('checkpoint.reading'), 'hint');
  try {
    const text = await readQrFromPhoto(file);
    say('', 'hint');
    if (text) await check(text);
    else showUnreadable('checkpoint.noCode');
  } catch {
    say(t('checkpoint.readerFailed'), 'error');
  } finally {
    // The same photo may be chosen again.
    photoInput.value = '';
  }
});

pasteForm.addEventListener('submit', (event) => {
  event.preventDefault();
  if (permitText.value.trim() === '') {
    permitText.focus();
    return;
  }
  void check(permitText.value);
});

function stopCamera(): void {
  cameraScan?.stop();
  cameraScan = undefined;
  cameraBox.hidden = true;
  scanStop.hidden = true;
  scanStart.hidden = false;
}

scanStart.addEventListener('click', async () => {
  say('', 'hint');
  cameraBox.hidden = false;
  scanStart.hidden = true;
  scanStop.hidden = false;
  try {
    cameraScan = await scanWithCamera(camera, (text) => {
      stopCamera();
      void check(text);
    });
  } catch (error) {
    stopCamera();
    say(t(error instanceof ReaderUnavailable ? 'checkpoint.readerFailed' : 'checkpoint.noCamera'), 'error');
    scanStart.focus();
  }
});
scanStop.addEventListener('click', () => {
  stopCamera();
  scanStart.focus();
});

maxAgeInput.value = String(maxAgeHours());
maxAgeInput.addEventListener('change', () => {
  const hours = Number(maxAgeInput.value);
  if (hours >= 1 && hours <= 168) localStorage.setItem(MAX_AGE_KEY, String(hours));
  maxAgeInput.value = String(maxAgeHours());
  renderSync();
  renderVerdict();
});

/** Fetches the keys and the list again; true when both came from the service. */
async function refresh(): Promise<boolean> {
  const { trust: refreshed, reachedService } = await refreshTrust(trust);
  trust = refreshed;
  renderSync();
  return reachedService;
}

/** Right after the network comes back it often carries nothing yet: the page tries again, soon, a few times. */
const RETRIES_AFTER_RECONNECT_MS = [2_000, 5_000, 15_000, 30_000];
let reconnects = 0;

async function refreshAfterReconnect(): Promise<void> {
  const reconnect = ++reconnects;
  if (await refresh()) return;
  for (const wait of RETRIES_AFTER_RECONNECT_MS) {
    await new Promise((resolve) => setTimeout(resolve, wait));
    // A newer reconnect has its own tries; without network there is nothing to try.
    if (reconnect !== reconnects || !navigator.onLine || (await refresh())) return;
  }
}

async function prepareOffline(): Promise<void> {
  if (!('serviceWorker' in navigator)) {
    offline = 'unsupported';
  } else {
    try {
      await navigator.serviceWorker.register('/checkpoint-sw.js', { scope: '/checkpoint' });
      await navigator.serviceWorker.ready;
      offline = 'ready';
    } catch {
      offline = 'unsupported';
    }
  }
  renderSync();
}

const relabel = () => {
  document.title = t('checkpoint.pageTitle');
  renderSync();
  renderVerdict();
};
mountLanguageSwitcher(relabel);
applyLanguage();
relabel();
window.addEventListener('online', () => void refreshAfterReconnect());
window.addEventListener('offline', renderSync);
// Keeps the list's age current on a page left open, and the list itself fresh while there is network.
setInterval(renderSync, 60_000);
setInterval(() => navigator.onLine && void refresh(), REFRESH_MS);
void refresh().then(prepareOffline);
