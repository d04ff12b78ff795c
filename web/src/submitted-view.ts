/** The status page's "What you submitted": the applicant's own answers, labelled as on the form. */
import type { ApplicationInput, Person } from '../../shared/domain/schemas.ts';
import { element } from './dom.ts';
import { languages, t } from './i18n/index.ts';

type Row = [labelKey: string, value: Node | string | undefined];

function list(rows: Row[]): HTMLElement {
  return element(
    'dl',
    {},
    ...rows
      .filter(([, value]) => value !== undefined && value !== '')
      .flatMap(([labelKey, value]) => [element('dt', { 'data-i18n': labelKey }, t(labelKey)), element('dd', {}, value)]),
  );
}

function group(legendKey: string, content: Node, legendValues: Record<string, number> = {}): HTMLElement {
  return element('section', { class: 'submitted-group' }, element('h4', {}, t(legendKey, legendValues)), content);
}

const personRows = (person: Person): Row[] => [
  ['person.fullName', person.fullName],
  ['person.dateOfBirth', person.dateOfBirth],
  ['person.nationality', person.nationality],
  ['person.documentType', t(`doc.${person.documentType}`)],
  ['person.documentNumber', element('span', { class: 'mono' }, person.documentNumber)],
  ['person.documentExpiry', person.documentExpiry],
];

const languageName = (code: string | undefined) => languages.find((language) => language.code === code)?.name;

function tourismGroups(application: Extract<ApplicationInput, { kind: 'border-tourism' }>): HTMLElement[] {
  return [
    group('travel.legend', list([
      ['travel.destinationCountry', application.travel.destinationCountry],
      ['travel.entryDate', application.travel.entryDate],
      ['travel.exitDate', application.travel.exitDate],
    ])),
    group('applicant.legend', list(personRows(application.applicant))),
    ...(application.members ?? []).map((member, index) => group('member.legend', list(personRows(member)), { n: index + 1 })),
    ...(application.agency ? [group('agency.legend', list([['agency.name', application.agency.name], ['agency.licenseNumber', application.agency.licenseNumber]]))] : []),
    ...(application.urgent ? [group('medical.label', list([['medical.details', application.urgent.details]]))] : []),
    group('contact.legend', list([
      ['contact.phone', application.contact.phone],
      ['contact.email', application.contact.email],
      ['contact.language', languageName(application.contact.language ?? 'zh-CN')],
    ])),
  ];
}

function cargoGroups(application: Extract<ApplicationInput, { kind: 'cargo-transit' }>): HTMLElement[] {
  return [
    group('carrier.legend', list([
      ['carrier.companyName', application.carrier.companyName],
      ['carrier.registrationNumber', application.carrier.registrationNumber],
      ['carrier.contactPhone', application.carrier.contactPhone],
      ['contact.email', application.contact?.email],
      ['contact.language', languageName(application.contact?.language ?? 'zh-CN')],
    ])),
    group('vehicle.legend', list([
      ['vehicle.type', t(`vehicle.${application.vehicle.type}`)],
      ['vehicle.plateNumber', application.vehicle.plateNumber],
      ['vehicle.registrationCountry', application.vehicle.registrationCountry],
    ])),
    ...application.drivers.map((driver, index) => group('driver.legend', list(personRows(driver)), { n: index + 1 })),
    ...application.cargo.map((line, index) =>
      group('cargoLine.legend', list([
        ['cargo.description', line.description],
        ['cargo.hsCode', line.hsCode],
        ['cargo.weightKg', String(line.weightKg)],
        ['cargo.perishable', line.perishable ? '✓' : '–'],
      ]), { n: index + 1 }),
    ),
  ];
}

export function submittedSection(application: ApplicationInput): HTMLElement {
  const common = list([
    ['status.kind', t(`kind.${application.kind}`)],
    ['port.label', application.port],
    ['direction.label', t(`direction.${application.direction}`)],
    ...(application.kind === 'cargo-transit' ? ([['cargo.crossingDate', application.crossingDate]] as Row[]) : []),
  ]);
  return element(
    'details',
    { id: 'submitted', class: 'submitted' },
    element('summary', {}, t('status.submitted')),
    common,
    ...(application.kind === 'border-tourism' ? tourismGroups(application) : cargoGroups(application)),
  );
}
