import { describe, expect, it } from 'vitest';
import type { ApplicationRecord } from '../../shared/domain/application.ts';
import { laneOf } from '../../shared/domain/application.ts';
import { auditOutcomeSchema, matchingRule, portPolicyUpdateSchema, sampledForAudit, type AutoApproveRule } from '../../shared/domain/auto-approval.ts';
import { hiddenCharactersMessage } from '../../shared/domain/schemas.ts';
import { cargoApplication, tourismApplication } from '../fixtures/applications.ts';
import { seededRandom } from '../fixtures/seeded-random.ts';

const recordOf = (application: ApplicationRecord['application']) => ({ kind: application.kind, lane: laneOf(application), application });
const rule = (kind: AutoApproveRule['kind'], lanes: AutoApproveRule['lanes'], includeGroups = false): AutoApproveRule => ({ kind, lanes, includeGroups });

describe('rule match', () => {
  it.each([
    { name: 'standard tourism under a standard tourism rule', application: tourismApplication(), rules: [rule('border-tourism', ['standard'])], matches: true },
    { name: 'medical tourism under a standard-only rule', application: tourismApplication({ medical: true }), rules: [rule('border-tourism', ['standard'])], matches: false },
    { name: 'medical tourism under a rule naming medical', application: tourismApplication({ medical: true }), rules: [rule('border-tourism', ['medical'])], matches: true },
    { name: 'a group under a rule without groups', application: tourismApplication({ members: 3 }), rules: [rule('border-tourism', ['standard'])], matches: false },
    { name: 'a group under a rule with groups', application: tourismApplication({ members: 3 }), rules: [rule('border-tourism', ['standard'], true)], matches: true },
    { name: 'perishable cargo under a standard cargo rule', application: cargoApplication({ perishable: true }), rules: [rule('cargo-transit', ['standard'])], matches: false },
    { name: 'perishable cargo under a perishable cargo rule', application: cargoApplication({ perishable: true }), rules: [rule('cargo-transit', ['perishable'])], matches: true },
    { name: 'cargo under a tourism rule', application: cargoApplication({ perishable: false }), rules: [rule('border-tourism', ['standard'])], matches: false },
    { name: 'anything under no rule', application: tourismApplication(), rules: [], matches: false },
  ])('$name: $matches', ({ application, rules, matches }) => {
    expect(matchingRule({ autoApprove: rules }, recordOf(application)) !== undefined).toBe(matches);
  });
});

describe('policy schema', () => {
  it('accepts the contract example and defaults includeGroups to false', () => {
    const parsed = portPolicyUpdateSchema.parse({ autoApprove: [{ kind: 'border-tourism', lanes: ['standard'] }], auditSampleRate: 0.05 });
    expect(parsed).toEqual({ autoApprove: [{ kind: 'border-tourism', lanes: ['standard'], includeGroups: false }], auditSampleRate: 0.05 });
  });

  it.each([0, 1, 0.333, 0.0001])('accepts an audit share of %s', (auditSampleRate) => {
    expect(portPolicyUpdateSchema.safeParse({ autoApprove: [], auditSampleRate }).success).toBe(true);
  });

  // 5e-324 passed the 0..1 bounds and failed in DynamoDB with a 500 (found by the fuzz suite).
  it.each([5e-324, 0.00009, -0.1, 1.01])('refuses an audit share of %s with a 400 on the field', (auditSampleRate) => {
    const parsed = portPolicyUpdateSchema.safeParse({ autoApprove: [], auditSampleRate });
    expect(new Set(parsed.error?.issues.map((issue) => issue.path.join('.')))).toEqual(new Set(['auditSampleRate']));
  });
});

describe('audit sample', () => {
  const sample = (rate: number, seed: number, size = 10_000) => {
    const random = seededRandom(seed);
    return Array.from({ length: size }, () => sampledForAudit(rate, random));
  };

  it('replays the same sample from the same draws', () => {
    expect(sample(0.05, 42)).toEqual(sample(0.05, 42));
    expect(sample(0.05, 42)).not.toEqual(sample(0.05, 43));
  });

  it('samples about the given share, none at 0 and every one at 1', () => {
    const share = sample(0.05, 7).filter(Boolean).length / 10_000;
    expect(share).toBeGreaterThan(0.04);
    expect(share).toBeLessThan(0.06);
    expect(sample(0, 7).some(Boolean)).toBe(false);
    expect(sample(1, 7).every(Boolean)).toBe(true);
  });
});

describe('audit outcome', () => {
  it('takes a note for the supervisors, and refuses one with invisible or direction-changing characters as a decision note is refused', () => {
    expect(auditOutcomeSchema.safeParse({ outcome: 'refer', note: '  Plate photo does not match.  ' }).data).toEqual({ outcome: 'refer', note: 'Plate photo does not match.' });
    for (const note of ['see\u202Eattached', 'ok\u200B', 'line\u0007']) {
      const parsed = auditOutcomeSchema.safeParse({ outcome: 'confirm', note });
      expect(parsed.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['note', hiddenCharactersMessage]]);
    }
  });
});
