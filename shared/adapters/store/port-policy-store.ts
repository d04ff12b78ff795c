/**
 * Port policies: each change is a new item `VERSION#n` in the port's partition, put only if that version
 * does not exist yet. The put is the change and its history entry at once (who, when, what), and of two
 * changes made on the same version exactly one is stored. The highest version is the policy in force.
 */
import { defaultPolicy, type PortPolicy } from '../../domain/auto-approval.ts';
import { policyPartition, policyVersionKey, policyVersionPrefix } from '../../deployment/table.ts';
import { conditionalWrite, queryPage, withoutKeys } from './table-io.ts';

/** The latest `limit` versions of a port's policy, newest first (empty when none was ever set). */
export async function recentPolicyVersions(port: string, limit: number): Promise<PortPolicy[]> {
  const { items } = await queryPage({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': policyPartition(port), ':prefix': policyVersionPrefix },
    ScanIndexForward: false,
    Limit: limit,
    // A change must be seen by the next read, in the console and in the next screening batch alike.
    ConsistentRead: true,
  });
  return items.map((item) => withoutKeys(item) as unknown as PortPolicy);
}

/** The policy in force at a port: its latest version, or the default (no rule). */
export async function currentPolicy(port: string): Promise<PortPolicy> {
  const [latest] = await recentPolicyVersions(port, 1);
  return latest ?? defaultPolicy(port);
}

/** Stores a new version; `false` when that version exists already (someone changed the policy first). */
export async function putPolicyVersion(policy: PortPolicy): Promise<boolean> {
  return conditionalWrite({
    put: { Item: { ...policyVersionKey(policy.port, policy.version), ...policy }, ConditionExpression: 'attribute_not_exists(pk)' },
  });
}
