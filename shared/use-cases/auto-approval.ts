/**
 * Rule decisions at screening. An application that screening found nothing on, whose kind and lane its
 * port's policy names, is approved in the same conditional write that leaves `SUBMITTED`: its permit is
 * numbered and signed before the write and stored by it, so a redelivered or racing screening finds the
 * application approved and stores no second permit (a losing attempt leaves a gap in the sequence).
 */
import { outboxAddition } from '../domain/notifications.ts';
import type { Flag, ScreeningRecord } from '../domain/application.ts';
import { matchingRule, sampledForAudit, type PortPolicy, type RandomSource } from '../domain/auto-approval.ts';
import type { PermitSigner } from '../domain/permit-token.ts';
import { issuePermit } from '../domain/permits.ts';
import { toShanghaiIso } from '../domain/time.ts';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, recordMetric } from '../adapters/observability.ts';
import { applyTransition, type Transition } from '../adapters/store/application-store.ts';
import { nextPermitSequence } from '../adapters/store/permit-counter-store.ts';
import { currentPolicy } from '../adapters/store/port-policy-store.ts';

/** The actor of every rule decision in an application's history. */
export const RULES_ACTOR = 'rules';

/** What a screening batch needs to apply the ports' rules. */
export interface BatchRules {
  signer: PermitSigner;
  random: RandomSource;
  policyOf(port: string): Promise<PortPolicy>;
}

/**
 * Each port's policy is read (consistently) at most once per batch, unless the batch's own read confirmed
 * the one read before still in force (`inForce`, see port-policy-store.ts): a change applies to every batch
 * that starts reading after it is stored.
 */
export function rulesForBatch(signer: PermitSigner, random: RandomSource = Math.random, inForce?: ReadonlyMap<string, PortPolicy>): BatchRules {
  const reads = new Map<string, Promise<PortPolicy>>();
  return {
    signer,
    random,
    policyOf(port) {
      const confirmed = inForce?.get(port);
      if (confirmed) return Promise.resolve(confirmed);
      let read = reads.get(port);
      if (!read) {
        read = currentPolicy(port);
        reads.set(port, read);
        // A failed read fails only the messages waiting on it; the next message of the port reads again.
        read.catch(() => reads.delete(port));
      }
      return read;
    },
  };
}

export interface RuleApproval {
  transition: Transition;
  policyVersion: number;
  sampled: boolean;
  approvedAtMs: number;
}

/** Either the approval to write, or the application goes to a clerk with any flag the rules' check raised. */
export type RuleDecision = { approval: RuleApproval; flags?: undefined } | { approval?: undefined; flags: Flag[] };

/**
 * What the port's rules decide for a screened application; without `rules` everything goes to a clerk, and
 * so does an application whose people already hold an approved permit for overlapping dates (`approvedPermits`,
 * from the duplicate check's reads), with those flags.
 */
export async function decideByRules(record: ScreeningRecord, flags: Flag[], nowMs: number, rules: BatchRules | undefined, approvedPermits: Flag[]): Promise<RuleDecision> {
  if (!rules || flags.length > 0) return { flags: [] };
  const policy = await rules.policyOf(record.port);
  if (!matchingRule(policy, record)) return { flags: [] };
  if (approvedPermits.length > 0) return { flags: approvedPermits };

  const permit = await issuePermit(nextPermitSequence, rules.signer, record, [], nowMs);
  const sampled = sampledForAudit(policy.auditSampleRate, rules.random);
  const at = toShanghaiIso(nowMs);
  return {
    approval: {
      policyVersion: policy.version,
      sampled,
      approvedAtMs: nowMs,
      transition: {
        id: record.id,
        from: ['SUBMITTED'],
        to: 'APPROVED',
        set: {
          flags: [],
          decision: { outcome: 'approve', decidedAt: at, decidedBy: RULES_ACTOR },
          permit,
          ...(sampled ? { audit: { state: 'pending', sampledAt: at, policyVersion: policy.version } } : {}),
        },
        ...(sampled ? { auditList: { join: { port: record.port, list: 'pending', sinceMs: nowMs } } } : {}),
        // The applicant hears of the approval in this same write, as after a clerk's.
        notify: outboxAddition(record, 'approved', at, { permit: { number: permit.number, validFrom: permit.validFrom, validUntil: permit.validUntil } }),
        entry: {
          at,
          actor: RULES_ACTOR,
          action: 'auto-approve',
          from: 'SUBMITTED',
          to: 'APPROVED',
          policyVersion: policy.version,
          note: `No flags; policy version ${policy.version} approves ${record.kind} in the ${record.lane} lane${sampled ? '; sampled for audit' : ''}.`,
        },
      },
    },
  };
}

/** The rule approval's one write; `false` when the application had already left `SUBMITTED`. */
export async function applyRuleApproval(record: ScreeningRecord, approval: RuleApproval): Promise<boolean> {
  if (!(await applyTransition(approval.transition))) return false;
  logger.info('Approved by rules', { policyVersion: approval.policyVersion, sampledForAudit: approval.sampled });
  recordMetric('Screened', 1, { port: record.port, outcome: 'clean' });
  recordMetric('Decisions', 1, { port: record.port, lane: record.lane, outcome: 'approve', path: 'rules' });
  recordMetric('DecisionSeconds', (approval.approvedAtMs - Date.parse(record.submittedAt)) / 1000, { port: record.port, path: 'rules' }, MetricUnit.Seconds);
  if (approval.sampled) recordMetric('AuditSamples', 1, { port: record.port });
  return true;
}
