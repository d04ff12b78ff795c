/**
 * The console's codes in the clerk's language: kinds, statuses, lanes, flags, reasons, history actions,
 * actors, ports, countries and dates, and the API's refusals (by `error` code, and by issue path or
 * message), so that no code of the API reaches the page as it is.
 */
import type { ValidationIssue } from '../../shared/domain/errors.ts';
import type { ErrorBody } from './dom.ts';
import { element } from './dom.ts';
import { currentLanguage, formatDateTime, formatDuration, intlLanguage, t, translateMessage } from './i18n/index.ts';

export const kindLabel = (kind: string) => t(`fastTrack.kind.${kind}`);
export const statusLabel = (status: string) => t(`console.status.${status}`);
export const flagLabel = (code: string) => t(`console.flag.${code}`);
export const reasonLabel = (code: string) => t(`console.reason.${code}`);
export const actionLabel = (action: string) => t(`console.action.${action}`);
export const portName = (code: string) => t(`console.port.${code}`);
export const laneBadge = (lane: string) => element('span', { class: `badge lane-${lane}` }, t(`lane.${lane}`));

/** `applicant`, `screening` and `rules` are the service's own actors; anyone else is a clerk id, shown as it is. */
export const actorLabel = (actor: string) => (['applicant', 'screening', 'rules'].includes(actor) ? t(`console.actor.${actor}`) : actor);

/** A wide table's scrolling box: a named region the keyboard can reach and scroll. */
export const scrollable = (label: string) => ({ class: 'table-scroll', role: 'region', 'aria-label': label, tabindex: '0' });

/** Countries the ports deal with most, named in every dictionary (the browser may have no names in Lao or Burmese). */
const namedCountries = ['CN', 'LA', 'MM', 'TH', 'VN'];

/** A country code in the page's language: the dictionary's name, else the browser's, else the code itself. */
export function countryName(code: string): string {
  if (namedCountries.includes(code)) return t(`console.country.${code}`);
  const language = intlLanguage();
  try {
    return language ? (new Intl.DisplayNames([language], { type: 'region' }).of(code) ?? code) : code;
  } catch {
    return code;
  }
}

export const formatNumber = (value: number) => new Intl.NumberFormat(intlLanguage() ?? 'en').format(value);

/** Time left to a deadline, or how long it is overdue, in the clerk's words. */
export const timeLeft = (deadline: string, nowMs = Date.now()) => {
  const left = Date.parse(deadline) - nowMs;
  return left > 0 ? formatDuration(left) : t('console.overdueBy', { time: formatDuration(-left) });
};

/** The sections an applicant may replace in an answer, in the words of the detail view. */
const sectionKeys: Record<string, string> = {
  travel: 'console.trip',
  applicant: 'console.applicant',
  contact: 'console.contact',
  members: 'console.travellers',
  agency: 'console.agency',
  crossingDate: 'console.crossingDate',
  carrier: 'console.carrier',
  vehicle: 'console.vehicle',
  drivers: 'console.drivers',
  cargo: 'console.cargo',
};

/**
 * The notes the service writes into the history itself (screening's flags, the rules' approval, the
 * sections an answer changed, a claim released for someone else) in the clerk's words; a clerk's own
 * note is shown as written, and a service note of another form too rather than hidden.
 */
export function historyNote(entry: { actor: string; action: string; note?: string }): string {
  const note = entry.note ?? '';
  const list = (text: string, word: (item: string) => string) => text.split(', ').map(word).join(', ');
  const serviceNotes: { applies: boolean; pattern: RegExp; words: (match: RegExpExecArray) => string }[] = [
    { applies: entry.actor === 'screening', pattern: /^No flags$/, words: () => t('console.screeningClean') },
    { applies: entry.actor === 'screening', pattern: /^Flags: (.+)$/, words: (match) => list(match[1]!, flagLabel) },
    {
      applies: entry.actor === 'rules',
      pattern: /^No flags; policy version (\d+) approves ([\w-]+) in the (\w+) lane(; sampled for audit)?\.$/,
      words: (match) =>
        [t('console.note.rules', { version: match[1]!, kind: kindLabel(match[2]!), lane: t(`lane.${match[3]}`) }), ...(match[4] ? [t('console.note.sampled')] : [])].join(' '),
    },
    {
      applies: entry.action === 'answer-info',
      pattern: /^Changed: (.+)$/,
      words: (match) => t('console.note.changed', { sections: match[1] === 'nothing' ? t('console.none') : list(match[1]!, (section) => t(sectionKeys[section] ?? section)) }),
    },
    { applies: entry.action === 'release', pattern: /^Released the claim of (.+)$/, words: (match) => t('console.note.releasedFor', { clerk: match[1]! }) },
  ];
  for (const service of serviceNotes) {
    const match = service.applies ? service.pattern.exec(note) : null;
    if (match) return service.words(match);
  }
  return note;
}

/** The server's English validation messages of a decision, recognised and put in the clerk's words. */
const knownMessages: [RegExp, string][] = [
  [/^A [\w-]+ decision needs a reason code\.$/, 'console.error.reasonRequired'],
  [/^Tell the applicant what to send in the note\.$/, 'console.error.noteRequired'],
  [/^Members can be excluded only from an approval\.$/, 'console.error.excludeOnlyApprove'],
  [/member\(s\), indexed from 0\.$|^A member index is 0 or more\.$|^Each member index appears once\.$/, 'console.error.noSuchMember'],
  [/^Use one of the reason codes/, 'console.error.reasonUnknown'],
  [/^Use approve, reject or request-info\.$/, 'console.error.outcome'],
  [/^This cursor does not belong/, 'console.error.cursor'],
];

/** One issue of a 400 in the page's language: a known message, a translated schema message, else what the field needs. */
export function issueText(issue: ValidationIssue): string {
  const known = knownMessages.find(([pattern]) => pattern.test(issue.message));
  if (known) return t(known[1]);
  const translated = translateMessage(issue.message);
  return currentLanguage() === 'en' || translated !== issue.message ? translated : t('console.error.field');
}

export type ConsoleAction = 'load' | 'claim' | 'release' | 'decide';

/** What a refusal means for the action that met it, by the contract's `error` code. */
export function failureText(action: ConsoleAction, status: number, body: Partial<ErrorBody> | undefined): string {
  if (status === 0) return t('console.error.network');
  const code = body?.error;
  if (code === 'Conflict') {
    if (action === 'claim') {
      const until = /until (\S+)\.$/.exec(body?.message ?? '')?.[1];
      return until && !Number.isNaN(Date.parse(until)) ? t('console.error.claimConflict', { time: formatDateTime(until) }) : t('console.error.claimGone');
    }
    if (action === 'decide') return t('console.error.decideConflict');
    if (action === 'release') return t('console.error.releaseConflict');
    return t('console.error.Conflict');
  }
  if (code === 'ValidationError' && body?.issues?.length) return body.issues.map(issueText).join(' ');
  const known = ['Unauthorized', 'Forbidden', 'NotFound', 'TooManyRequests', 'ValidationError', 'PayloadTooLarge'];
  return code && known.includes(code) ? t(`console.error.${code}`) : t('errors.server');
}
