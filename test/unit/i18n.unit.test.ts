/**
 * The web's languages are complete: every key in all four, every placeholder kept, and every
 * validation message the API and the form can produce translated into Chinese, Lao and Burmese.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { flagCodes, historyActions, statuses } from '../../shared/domain/application.ts';
import { applicationKinds } from '../../shared/domain/auto-approval.ts';
import { errorCodes, ValidationError } from '../../shared/domain/errors.ts';
import { portCodes, vehicleTypes } from '../../shared/domain/ports.ts';
import { reasonCodeList } from '../../shared/domain/reason-codes.ts';
import { lanes } from '../../shared/domain/review-clock.ts';
import { auditOutcomeSchema, portPolicyUpdateSchema } from '../../shared/domain/auto-approval.ts';
import { decisionSchema, infoAnswerSchema } from '../../shared/domain/review-schemas.ts';
import { toValidationIssues } from '../../shared/domain/validation-issues.ts';
import { validateApplication } from '../../shared/domain/validate-application.ts';
import { cargoApplication, today, tourismApplication } from '../fixtures/applications.ts';

const stored = new Map<string, string>();
let i18n: typeof import('../../web/src/i18n/index.ts');
const languageKey = 'permit-fast-track.language';

beforeAll(async () => {
  vi.stubGlobal('localStorage', { getItem: (key: string) => stored.get(key) ?? null, setItem: (key: string, value: string) => stored.set(key, value) });
  i18n = await import('../../web/src/i18n/index.ts');
  // The checkpoint page adds its own labels; checked here like the rest, and never overriding a shared one.
  const { checkpointLabels } = await import('../../web/src/i18n/checkpoint/index.ts');
  expect(Object.keys(checkpointLabels.en).filter((key) => key in i18n.dictionaries.en)).toEqual([]);
  i18n.addLabels(checkpointLabels);
  // So does the clerk console.
  const { consoleLabels } = await import('../../web/src/i18n/console/index.ts');
  expect(Object.keys(consoleLabels.en).filter((key) => key in i18n.dictionaries.en)).toEqual([]);
  i18n.addLabels(consoleLabels);
});
afterAll(() => vi.unstubAllGlobals());

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('dictionaries', () => {
  it.each(['zh-CN', 'lo', 'my'] as const)('%s has every English key, with the same placeholders, none left in English', (language) => {
    const english = i18n.dictionaries.en;
    const other = i18n.dictionaries[language];
    expect(Object.keys(english).filter((key) => !(key in other))).toEqual([]);
    expect(Object.keys(other).filter((key) => !(key in english))).toEqual([]);
    for (const [key, text] of Object.entries(english)) {
      expect(placeholders(other[key]!), key).toEqual(placeholders(text));
      // Words that read the same in every language (codes, "HS") are the only ones allowed to match.
      if (/[a-z]{3,}/.test(text.replace(/\{\w+\}/g, ''))) expect(other[key], key).not.toBe(text);
    }
  });

  it('labels every data-i18n key the pages use', () => {
    const pages = ['index.html', 'status.html', 'console.html', 'checkpoint.html'].map((file) => readFileSync(join(import.meta.dirname, '..', '..', 'web', 'public', file), 'utf8'));
    const header = readFileSync(join(import.meta.dirname, '..', '..', 'web', 'partials', 'site-header.html'), 'utf8');
    const scripts = ['apply.ts', 'status.ts', 'console.ts', 'console-fast-track.ts', 'console-queue.ts', 'console-detail.ts', 'console-decision.ts', 'console-words.ts', 'dom.ts', 'checkpoint.ts', 'submitted-view.ts'].map((file) => readFileSync(join(import.meta.dirname, '..', '..', 'web', 'src', file), 'utf8'));
    const used = new Set([
      ...[...pages, header].flatMap((html) => [...html.matchAll(/data-i18n="([^"]+)"/g)].map((match) => match[1]!)),
      // Literal keys in the scripts: t('...') and the *Key options of fields.
      ...scripts.flatMap((code) => [...code.matchAll(/\bt\('([^'$]+)'/g), ...code.matchAll(/(?:labelKey|hintKey|legendKey|addKey|removeKey|itemLegendKey)['"]?:\s*'([^'$]+)'/g)].map((match) => match[1]!)),
    ]);
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((key) => !(key in i18n.dictionaries.en))).toEqual([]);
  });
});

describe('the codes of the API', () => {
  // Every value the review API can send, and the key the console shows it by (console-words.ts).
  const coded: [string, readonly string[]][] = [
    ['console.status.', statuses],
    ['fastTrack.kind.', applicationKinds],
    ['lane.', lanes],
    ['console.flag.', flagCodes],
    ['console.reason.', reasonCodeList],
    ['console.action.', historyActions],
    ['console.port.', portCodes],
    ['console.actor.', ['applicant', 'screening', 'rules']],
    ['console.error.', errorCodes.filter((code) => code !== 'InternalError' && code !== 'UnsupportedMediaType' && code !== 'Conflict')],
    ['vehicle.', vehicleTypes],
    ['doc.', ['passport', 'border-pass', 'id-card']],
    ['direction.', ['exit', 'entry']],
  ];

  it.each(['zh-CN', 'en', 'lo', 'my'] as const)('each has words in %s', (language) => {
    const dictionary = i18n.dictionaries[language];
    const missing = coded.flatMap(([prefix, values]) => values.map((value) => `${prefix}${value}`)).filter((key) => !dictionary[key]);
    expect(missing).toEqual([]);
  });
});

describe('validation messages', () => {
  /** Every message a mutated application or answer produces: one field at a time set to something wrong. */
  function producedMessages(): Set<string> {
    const messages = new Set<string>();
    const collect = (body: unknown) => {
      try {
        validateApplication(body, today());
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        for (const issue of error.issues) messages.add(issue.message);
      }
    };
    const wrongValues: unknown[] = [undefined, '', 'x'.repeat(600), 12, -1, 5e-324, 1e9, '2026-02-30', '1999-01-01', '1800-01-01', '2999-01-01', 'Li\u200BWei', 'ZZZ', true, [], {}, null, ['a'], Array.from({ length: 60 }, () => ({}))];
    const leaves = (value: unknown, path: (string | number)[] = []): (string | number)[][] =>
      value && typeof value === 'object' ? [path, ...Object.entries(value).flatMap(([key, inner]) => leaves(inner, [...path, Array.isArray(value) ? Number(key) : key]))] : [path];
    for (const base of [tourismApplication({ members: 2, medical: true }), tourismApplication(), cargoApplication({ perishable: true }), cargoApplication({ vehicle: 'vessel', port: 'GUANLEI' })]) {
      for (const path of leaves(base)) {
        if (path.length === 0) continue;
        for (const value of wrongValues) {
          const body = structuredClone(base) as Record<string | number, any>;
          let target = body;
          for (const step of path.slice(0, -1)) target = target[step];
          if (value === undefined) delete target[path.at(-1)!];
          else target[path.at(-1)!] = value;
          collect(body);
        }
      }
      collect({ ...base, unexpected: 1 });
    }
    collect([]);
    const tourism = tourismApplication();
    collect({ ...tourism, travel: { ...tourism.travel, exitDate: '2000-01-01' } });
    for (const message of ['', ' ', 'x'.repeat(2001), 'see\u202Eattached']) {
      const parsed = infoAnswerSchema.safeParse({ message });
      if (!parsed.success) for (const issue of toValidationIssues(parsed.error)) messages.add(issue.message);
    }
    // The applicant message a clerk may add to a decision.
    for (const decision of [{ outcome: 'approve', applicantMessage: 'x'.repeat(1001) }, { outcome: 'request-info', reasonCode: 'other', note: 'Send a scan.', applicantMessage: 'x' }]) {
      const parsed = decisionSchema.safeParse(decision);
      if (!parsed.success) for (const issue of toValidationIssues(parsed.error)) messages.add(issue.message);
    }
    return messages;
  }

  /** Every message a bad port policy or audit outcome produces (the console shows the server's 400s). */
  function policyMessages(): Set<string> {
    const messages = new Set<string>();
    const rule = (overrides: Record<string, unknown>) => ({ kind: 'border-tourism', lanes: ['standard'], ...overrides });
    const bodies: [typeof portPolicyUpdateSchema | typeof auditOutcomeSchema, unknown][] = [
      ...[
        { autoApprove: [rule({ kind: 'visa' })], auditSampleRate: 0 },
        { autoApprove: [rule({ lanes: ['express'] })], auditSampleRate: 0 },
        { autoApprove: [rule({ lanes: [] })], auditSampleRate: 0 },
        { autoApprove: [rule({ lanes: ['standard', 'standard'] })], auditSampleRate: 0 },
        { autoApprove: [rule({}), rule({ lanes: ['medical'] })], auditSampleRate: 0 },
        { autoApprove: [rule({}), rule({}), rule({})], auditSampleRate: 0 },
        { autoApprove: [rule({ kind: 'cargo-transit', lanes: ['medical'], includeGroups: true })], auditSampleRate: 0 },
        { autoApprove: [], auditSampleRate: 2 },
        { autoApprove: [], auditSampleRate: 5e-324 },
        { autoApprove: [], auditSampleRate: 'five' },
        { autoApprove: [], auditSampleRate: 0, expectedVersion: 0.5 },
      ].map((body) => [portPolicyUpdateSchema, body] as [typeof portPolicyUpdateSchema, unknown]),
      [auditOutcomeSchema, { outcome: 'approve', note: 'x'.repeat(2001) }],
    ];
    for (const [schema, body] of bodies) {
      const parsed = schema.safeParse(body);
      if (!parsed.success) for (const issue of toValidationIssues(parsed.error)) messages.add(issue.message);
    }
    return messages;
  }

  it.each(['zh-CN', 'lo', 'my'] as const)('of port policies and audits are all translated into %s', (language) => {
    stored.set(languageKey, language);
    const messages = policyMessages();
    expect(messages.size).toBeGreaterThan(10);
    expect([...messages].filter((message) => i18n.translateMessage(message) === message)).toEqual([]);
  });

  it.each(['zh-CN', 'lo', 'my'] as const)('are all translated into %s', (language) => {
    stored.set(languageKey, language);
    const messages = producedMessages();
    expect(messages.size).toBeGreaterThan(20);
    expect([...messages].filter((message) => i18n.translateMessage(message) === message)).toEqual([]);
  });
});
