/**
 * Automated decisions: a port's policy (which kinds and lanes its supervisor lets the rules approve, and
 * what share of those approvals a clerk audits), the rule match, and the audit sample. Pure rules; the
 * store keeps the policy's versions, the screening use case applies them.
 */
import * as z from 'zod';
import type { ApplicationRecord } from './application.ts';
import { officerNote } from './schema-basics.ts';
import { applicationKinds, lanes, lanesOfKind } from './review-clock.ts';

/** Re-exported for the policy's readers: the kinds and their lanes are the review clock's. */
export { applicationKinds, lanesOfKind };

export const autoApproveRuleSchema = z.strictObject({
  kind: z.enum(applicationKinds, 'Use border-tourism or cargo-transit.'),
  lanes: z
    .array(z.enum(lanes, 'Use medical, perishable or standard.'))
    .min(1, 'Name at least one lane.')
    .refine((named) => new Set(named).size === named.length, 'Each lane appears once.'),
  /** Group applications (an applicant with members) qualify only when a rule says so. */
  includeGroups: z.boolean().default(false),
});
export type AutoApproveRule = z.infer<typeof autoApproveRuleSchema>;

/** `PUT /api/review/ports/{port}/policy`: the whole policy, replacing the current one. */
export const portPolicyUpdateSchema = z
  .strictObject({
    autoApprove: z.array(autoApproveRuleSchema).max(applicationKinds.length, 'At most one rule per kind.'),
    auditSampleRate: z
      .number('Give the share of rule approvals to audit, from 0 to 1 (0.05 is 5%).')
      .min(0, 'The audit share is from 0 to 1 (0.05 is 5%).')
      .max(1, 'The audit share is from 0 to 1 (0.05 is 5%).')
      // Also keeps the number inside the range a DynamoDB number can hold (5e-324 is not).
      .refine((rate) => rate === 0 || rate >= 0.0001, 'An audit share is 0, or at least 0.0001 (0.01%).'),
    /** The version the change was made on (0 when there was no policy): a stale one answers 409. */
    expectedVersion: z.number().int('A version is a whole number.').min(0, 'A version is a whole number.').optional(),
  })
  .superRefine((policy, ctx) => {
    const seen = new Set<string>();
    for (const [index, rule] of policy.autoApprove.entries()) {
      if (seen.has(rule.kind)) {
        ctx.addIssue({ code: 'custom', path: ['autoApprove', index, 'kind'], message: 'This kind has a rule already: put all its lanes in one rule.' });
      }
      seen.add(rule.kind);
      for (const [laneIndex, lane] of rule.lanes.entries()) {
        if (!lanesOfKind[rule.kind].includes(lane)) {
          ctx.addIssue({ code: 'custom', path: ['autoApprove', index, 'lanes', laneIndex], message: 'No application of this kind is in this lane.' });
        }
      }
      if (rule.kind === 'cargo-transit' && rule.includeGroups) {
        ctx.addIssue({ code: 'custom', path: ['autoApprove', index, 'includeGroups'], message: 'Only border-tourism applications have groups.' });
      }
    }
  });
export type PortPolicyUpdate = z.infer<typeof portPolicyUpdateSchema>;

/** One version of a port's policy; each change is a new version, kept as its history. */
export interface PortPolicy {
  port: string;
  /** 0 for the default (no policy ever set), then 1, 2, ... per change. */
  version: number;
  autoApprove: AutoApproveRule[];
  auditSampleRate: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** Until a supervisor sets one: no rule, so every application goes to a clerk. */
export const defaultPolicy = (port: string): PortPolicy => ({ port, version: 0, autoApprove: [], auditSampleRate: 0, updatedAt: null, updatedBy: null });

export const isGroupApplication = (record: Pick<ApplicationRecord, 'application'>) =>
  record.application.kind === 'border-tourism' && (record.application.members?.length ?? 0) > 0;

/** The rule that lets the policy approve this application, if any (flags are the caller's check). */
export function matchingRule(policy: Pick<PortPolicy, 'autoApprove'>, record: Pick<ApplicationRecord, 'kind' | 'lane' | 'application'>): AutoApproveRule | undefined {
  return policy.autoApprove.find(
    (rule) => rule.kind === record.kind && rule.lanes.includes(record.lane) && (rule.includeGroups || !isGroupApplication(record)),
  );
}

/** A draw in [0, 1), injected so that a test can replay the sample. */
export type RandomSource = () => number;

/** Whether one rule approval is sampled for audit: a share `rate` of them, by the given draw. */
export const sampledForAudit = (rate: number, random: RandomSource) => rate > 0 && random() < rate;

/** A clerk's (or supervisor's) verdict on a sampled rule approval. */
export const auditOutcomeSchema = z.strictObject({
  outcome: z.enum(['confirm', 'refer'], 'Use confirm or refer.'),
  note: officerNote.optional(),
});
export type AuditOutcomeRequest = z.infer<typeof auditOutcomeSchema>;
