/**
 * A port's automated-decision policy: clerks and supervisors of the port read it, its supervisors change
 * it. Each change is a new version, stored with who and when in one conditional put, so a change made on
 * a stale version is refused (409) instead of silently replacing the one made in between.
 */
import { defaultPolicy, type PortPolicy, type PortPolicyUpdate } from '../domain/auto-approval.ts';
import { conflict } from '../domain/errors.ts';
import { requirePort, requireSupervisor, type Principal } from '../domain/principal.ts';
import { systemClock, toShanghaiIso, type Clock } from '../domain/time.ts';
import { logger, recordMetric } from '../adapters/observability.ts';
import { currentPolicy, putPolicyVersion, recentPolicyVersions } from '../adapters/store/port-policy-store.ts';

/** How many past versions the policy view lists as its history. */
export const POLICY_HISTORY_SHOWN = 20;

export type PortPolicyView = PortPolicy & { history: PortPolicy[] };

export async function getPortPolicy(principal: Principal, port: string): Promise<PortPolicyView> {
  requirePort(principal, port);
  const versions = await recentPolicyVersions(port, POLICY_HISTORY_SHOWN);
  return { ...(versions[0] ?? defaultPolicy(port)), history: versions };
}

export async function updatePortPolicy(principal: Principal, port: string, update: PortPolicyUpdate, clock: Clock = systemClock): Promise<PortPolicy> {
  requirePort(principal, port);
  requireSupervisor(principal);
  const current = await currentPolicy(port);
  if (update.expectedVersion !== undefined && update.expectedVersion !== current.version) {
    throw conflict(`The policy was changed to version ${current.version} after version ${update.expectedVersion} was read; reload it and make the change again.`);
  }
  const next: PortPolicy = {
    port,
    version: current.version + 1,
    autoApprove: update.autoApprove,
    auditSampleRate: update.auditSampleRate,
    updatedAt: toShanghaiIso(clock()),
    updatedBy: principal.clerkId,
  };
  if (!(await putPolicyVersion(next))) throw conflict('Someone else changed the policy at the same moment; reload it and make the change again.');
  logger.info('Port policy changed', {
    port,
    version: next.version,
    rules: next.autoApprove.map((rule) => `${rule.kind}:${rule.lanes.join('+')}${rule.includeGroups ? ':groups' : ''}`),
    auditSampleRate: next.auditSampleRate,
  });
  recordMetric('PolicyChanges', 1, { port });
  return next;
}
