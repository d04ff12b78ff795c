/**
 * One application laid out for a decision. Cargo: the crossing, the carrier, the vehicle, the drivers and
 * a table of cargo lines. Tourism: the trip, the applicant and members numbered from 1, the agency, the
 * contact and any medical details. Each flag sits beside the person or vehicle it concerns; then the
 * fast-track audit, the decision so far and the history, every code in the clerk's words.
 */
import type { Flag } from '../../shared/domain/application.ts';
import type { ReviewDetail } from '../../shared/domain/responses.ts';
import type { Person } from '../../shared/domain/schemas.ts';
import { actionLabel, actorLabel, countryName, flagLabel, formatNumber, historyNote, kindLabel, laneBadge, portName, reasonLabel, scrollable, statusLabel, timeLeft } from './console-words.ts';
import { element } from './dom.ts';
import { formatDate, formatDateTime, formatDuration, t } from './i18n/index.ts';

type Child = Node | string;

const definitions = (rows: [string, Child | undefined][]) =>
  element('dl', {}, ...rows.filter(([, value]) => value !== undefined && value !== '').flatMap(([key, value]) => [element('dt', {}, t(key)), element('dd', {}, value!)]));

const section = (id: string, titleKey: string, ...content: Child[]) =>
  element('section', { class: 'card', 'aria-labelledby': `${id}-title` }, element('h3', { id: `${id}-title` }, t(titleKey)), ...content);

/** The flags of one subject, beside it; nothing when screening found none there. */
function flagsOf(flags: Flag[], subject: string): Child {
  const own = flags.filter((flag) => flag.subject === subject);
  return own.length ? element('ul', { class: 'flags', 'data-subject': subject }, ...own.map((flag) => element('li', { 'data-flag': flag.code }, flagLabel(flag.code)))) : '';
}

const documentOf = (person: Person) => element('span', {}, t(`doc.${person.documentType}`), ' ', element('span', { class: 'mono' }, person.documentNumber));

/** A table of people, numbered as the clerk counts them (the applicant first, then members from 1). */
function peopleTable(caption: string, people: { label: string; subject: string; person: Person }[], flags: Flag[]) {
  const headers = ['console.person.who', 'console.person.name', 'console.person.birth', 'console.person.nationality', 'console.person.document', 'console.person.expiry', 'console.flags'];
  return element(
    'div',
    scrollable(caption),
    element(
      'table',
      { class: 'people' },
      element('caption', { class: 'visually-hidden' }, caption),
      element('thead', {}, element('tr', {}, ...headers.map((key) => element('th', { scope: 'col' }, t(key))))),
      element(
        'tbody',
        {},
        ...people.map(({ label, subject, person }) =>
          element(
            'tr',
            { 'data-subject': subject, ...(flags.some((flag) => flag.subject === subject) ? { class: 'flagged' } : {}) },
            element('th', { scope: 'row' }, label),
            element('td', {}, person.fullName),
            element('td', {}, formatDate(person.dateOfBirth)),
            element('td', {}, countryName(person.nationality)),
            element('td', {}, documentOf(person)),
            element('td', {}, formatDate(person.documentExpiry)),
            element('td', {}, flagsOf(flags, subject) || t('console.none')),
          ),
        ),
      ),
    ),
  );
}

function tourism(detail: Extract<ReviewDetail, { kind: 'border-tourism' }>): Child[] {
  const application = detail.application;
  const people = [
    { label: t('console.applicant'), subject: 'applicant', person: application.applicant },
    ...(application.members ?? []).map((person, index) => ({ label: t('console.member', { n: index + 1 }), subject: `members.${index}`, person })),
  ];
  return [
    section(
      'trip',
      'console.trip',
      definitions([
        ['console.destination', countryName(application.travel.destinationCountry)],
        ['console.direction', t(`direction.${application.direction}`)],
        ['console.tripDates', t('console.dateRange', { from: formatDate(application.travel.entryDate), until: formatDate(application.travel.exitDate) })],
      ]),
    ),
    ...(application.urgent ? [section('medical', 'console.medical', definitions([['console.medicalDetails', application.urgent.details ?? '']]))] : []),
    section('travellers', 'console.travellers', peopleTable(t('console.travellers'), people, detail.flags)),
    ...(application.agency
      ? [section('agency', 'console.agency', definitions([['console.agencyName', application.agency.name], ['console.agencyLicence', element('span', { class: 'mono' }, application.agency.licenseNumber)]]))]
      : []),
    section('contact', 'console.contact', definitions([['console.phone', element('span', { class: 'mono' }, application.contact.phone)], ['console.email', application.contact.email]])),
  ];
}

function cargo(detail: Extract<ReviewDetail, { kind: 'cargo-transit' }>): Child[] {
  const application = detail.application;
  const total = application.cargo.reduce((sum, line) => sum + line.weightKg, 0);
  const lineHeaders = ['console.cargoLine', 'console.goods', 'console.hsCode', 'console.weight', 'console.perishable'];
  return [
    section(
      'crossing',
      'console.crossing',
      definitions([
        ['console.crossingDate', formatDate(application.crossingDate)],
        ['console.direction', t(`direction.${application.direction}`)],
      ]),
    ),
    section(
      'carrier',
      'console.carrier',
      definitions([
        ['console.carrierName', application.carrier.companyName],
        ['console.carrierRegistration', element('span', { class: 'mono' }, application.carrier.registrationNumber)],
        ['console.phone', element('span', { class: 'mono' }, application.carrier.contactPhone)],
      ]),
    ),
    section(
      'vehicle',
      'console.vehicle',
      definitions([
        ['console.vehicleType', t(`vehicle.${application.vehicle.type}`)],
        ['console.plate', element('span', { class: 'mono' }, application.vehicle.plateNumber)],
        ['console.registrationCountry', countryName(application.vehicle.registrationCountry)],
      ]),
      flagsOf(detail.flags, 'vehicle'),
    ),
    section(
      'drivers',
      'console.drivers',
      peopleTable(t('console.drivers'), application.drivers.map((person, index) => ({ label: t('console.driver', { n: index + 1 }), subject: `drivers.${index}`, person })), detail.flags),
    ),
    section(
      'cargo',
      'console.cargo',
      element(
        'div',
        scrollable(t('console.cargo')),
        element(
          'table',
          { id: 'cargo-lines' },
          element('caption', { class: 'visually-hidden' }, t('console.cargo')),
          element('thead', {}, element('tr', {}, ...lineHeaders.map((key) => element('th', { scope: 'col' }, t(key))))),
          element(
            'tbody',
            {},
            ...application.cargo.map((line, index) =>
              element(
                'tr',
                {},
                element('th', { scope: 'row' }, String(index + 1)),
                element('td', {}, line.description),
                element('td', { class: 'mono' }, line.hsCode ?? '—'),
                element('td', { class: 'number' }, t('console.weightKg', { kg: formatNumber(line.weightKg) })),
                element('td', {}, line.perishable ? element('strong', {}, t('console.yes')) : t('console.no')),
              ),
            ),
          ),
        ),
      ),
      element('p', { class: 'hint' }, t('console.totalWeight', { kg: formatNumber(total) })),
    ),
  ];
}

/** Flags whose subject has no place above (say, an application-wide one). */
function otherFlags(detail: ReviewDetail): Child[] {
  const placed = detail.kind === 'border-tourism'
    ? ['applicant', ...(detail.application.members ?? []).map((_, index) => `members.${index}`)]
    : ['vehicle', ...detail.application.drivers.map((_, index) => `drivers.${index}`)];
  const rest = detail.flags.filter((flag) => !placed.includes(flag.subject));
  if (detail.flags.length === 0) return [element('p', { class: 'success', id: 'no-flags' }, t('console.screeningClean'))];
  return rest.length ? [section('other-flags', 'console.otherFlags', element('ul', { class: 'flags' }, ...rest.map((flag) => element('li', { 'data-flag': flag.code }, flagLabel(flag.code)))))] : [];
}

function audit(detail: ReviewDetail): Child[] {
  const rule = detail.history.find((entry) => entry.actor === 'rules' && entry.action === 'auto-approve');
  if (!detail.audit && !rule) return [];
  const sample = detail.audit;
  const lines = [
    ...(rule?.policyVersion ? [t('console.audit.policy', { version: rule.policyVersion })] : []),
    ...(sample?.state === 'pending' ? [t('console.audit.pending')] : []),
    ...(sample?.state === 'referred' ? [t('console.audit.referred', { by: sample.referredBy ?? '', at: sample.referredAt ? formatDateTime(sample.referredAt) : '' })] : []),
    ...(sample?.state === 'confirmed' ? [t('console.audit.confirmed', { by: sample.confirmedBy ?? '', at: sample.confirmedAt ? formatDateTime(sample.confirmedAt) : '' })] : []),
    ...(sample?.note ? [sample.note] : []),
  ];
  return [section('audit', 'console.audit', element('ul', { id: 'audit-state' }, ...lines.map((line) => element('li', {}, line))))];
}

function outcome(detail: ReviewDetail): Child[] {
  const parts: Child[] = [];
  const members = detail.kind === 'border-tourism' ? (detail.application.members ?? []) : [];
  if (detail.decision) {
    const decision = detail.decision;
    parts.push(
      section(
        'decision',
        'console.decision',
        definitions([
          ['console.what', t('console.decidedBy', { outcome: actionLabel(decision.outcome), by: actorLabel(decision.decidedBy), at: formatDateTime(decision.decidedAt) })],
          ['console.reason', decision.reasonCode ? reasonLabel(decision.reasonCode) : undefined],
          ['console.excludedShown', decision.excludedMembers?.length ? decision.excludedMembers.map((index) => t('console.excludeMember', { n: index + 1, name: members[index]?.fullName ?? '' })).join(', ') : undefined],
          ['console.internalNote', decision.note],
          ['console.messageToApplicant', decision.applicantMessage],
        ]),
      ),
    );
  }
  if (detail.infoRequest) {
    const request = detail.infoRequest;
    parts.push(
      section(
        'info-request',
        'console.infoRequest',
        definitions([
          ['console.reason', reasonLabel(request.reasonCode)],
          ['console.messageToApplicant', request.message],
          ['console.who', t('console.requestedBy', { by: request.requestedBy, at: formatDateTime(request.requestedAt) })],
          ['console.details', request.answer ? `${t('console.infoAnswer', { at: request.answeredAt ? formatDateTime(request.answeredAt) : '' })}: ${request.answer}` : undefined],
        ]),
      ),
    );
  }
  if (detail.permit) parts.push(element('p', { id: 'permit-issued' }, t('console.permitIssued', { number: detail.permit.number, from: formatDate(detail.permit.validFrom), until: formatDate(detail.permit.validUntil) })));
  if (detail.revocation) parts.push(element('p', {}, t('console.revokedBy', { by: detail.revocation.revokedBy, at: formatDateTime(detail.revocation.revokedAt) }), ' · ', reasonLabel(detail.revocation.reasonCode)));
  return parts;
}

function history(detail: ReviewDetail): HTMLElement {
  const headers = ['console.when', 'console.who', 'console.what', 'console.details'];
  return section(
    'history',
    'console.history',
    element(
      'div',
      scrollable(t('console.history')),
      element(
        'table',
        {},
        element('thead', {}, element('tr', {}, ...headers.map((key) => element('th', { scope: 'col' }, t(key))))),
        element(
          'tbody',
          { id: 'history' },
          ...detail.history.map((entry) =>
            element(
              'tr',
              { 'data-action': entry.action },
              element('td', {}, formatDateTime(entry.at)),
              element('td', {}, actorLabel(entry.actor), entry.policyVersion ? ` (${t('console.policyVersion', { version: entry.policyVersion })})` : ''),
              element('td', {}, actionLabel(entry.action), entry.from && entry.to ? element('div', { class: 'hint' }, t('console.transition', { from: statusLabel(entry.from), to: statusLabel(entry.to) })) : ''),
              element('td', {}, [entry.reasonCode ? reasonLabel(entry.reasonCode) : '', historyNote(entry)].filter(Boolean).join(' · ')),
            ),
          ),
        ),
      ),
    ),
  );
}

/** The application's summary line and body, without the actions (the console adds claim, release and the decision form). */
export function renderDetail(detail: ReviewDetail, clerkId: string): { heading: HTMLElement; summary: HTMLElement; body: Child[]; history: HTMLElement } {
  const claim = detail.claim
    ? detail.claim.clerkId === clerkId
      ? t('console.claimedByYou', { time: formatDateTime(detail.claim.expiresAt) })
      : t('console.claimedUntil', { clerk: detail.claim.clerkId, time: formatDateTime(detail.claim.expiresAt) })
    : t('console.none');
  const open = detail.status === 'PENDING_REVIEW';
  const clock = detail.clockRemainingMinutes !== undefined ? t('console.clockStopped', { time: formatDuration(detail.clockRemainingMinutes * 60_000) }) : undefined;
  return {
    heading: element('h2', { tabindex: '-1', id: 'detail-heading' }, t('console.detailTitle', { id: detail.id })),
    summary: definitions([
      ['console.kind', kindLabel(detail.kind)],
      ['console.port', portName(detail.port)],
      ['console.lane', laneBadge(detail.lane)],
      ['console.field.status', element('strong', { id: 'detail-status', 'data-status': detail.status }, statusLabel(detail.status))],
      ['console.field.submitted', formatDateTime(detail.submittedAt)],
      ['console.deadline', open ? `${formatDateTime(detail.reviewDeadline)} · ${timeLeft(detail.reviewDeadline)}` : clock],
      ['console.field.claim', open ? element('span', { id: 'claim-holder' }, claim) : undefined],
    ]),
    body: [...otherFlags(detail), ...(detail.kind === 'border-tourism' ? tourism(detail) : cargo(detail)), ...audit(detail), ...outcome(detail)],
    history: history(detail),
  };
}
