/**
 * Port policies: each change is a new item `VERSION#n` in the port's partition, put only if that version
 * does not exist yet. The put is the change and its history entry at once (who, when, what), and of two
 * changes made on the same version exactly one is stored. The highest version is the policy in force.
 *
 * Versions are numbered without gaps (each is the one before plus one) and never changed or removed, so a
 * policy read earlier is still in force exactly as long as the next version's key holds no item: screening
 * keeps the last policy it read per port and confirms it with that key in its batch read (one key beside
 * the document lists) instead of a Query per batch.
 */
import { defaultPolicy, type PortPolicy } from '../../domain/auto-approval.ts';
import { policyPartition, policyVersionKey, policyVersionPrefix, type ItemKey } from '../../deployment/table.ts';
import { conditionalWrite, queryPage, withoutKeys } from './table-io.ts';

/** The newest policy this instance has read at each port (one entry per port at most). */
const lastRead = new Map<string, PortPolicy>();

function remember(policy: PortPolicy): void {
  const known = lastRead.get(policy.port);
  if (!known || known.version < policy.version) lastRead.set(policy.port, policy);
}

/** A policy read earlier, and the key whose absence, read consistently, shows it is still in force. */
export interface PolicyProbe {
  policy: PortPolicy;
  nextVersionKey: ItemKey;
}

/** The probe for each of `ports` whose policy this instance has read before (none for the others). */
export function policyProbes(ports: Iterable<string>): PolicyProbe[] {
  return [...new Set(ports)].flatMap((port) => {
    const policy = lastRead.get(port);
    return policy ? [{ policy, nextVersionKey: policyVersionKey(port, policy.version + 1) }] : [];
  });
}

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
  const policy = latest ?? defaultPolicy(port);
  remember(policy);
  return policy;
}

/** Stores a new version; `false` when that version exists already (someone changed the policy first). */
export async function putPolicyVersion(policy: PortPolicy): Promise<boolean> {
  return conditionalWrite({
    put: { Item: { ...policyVersionKey(policy.port, policy.version), ...policy }, ConditionExpression: 'attribute_not_exists(pk)' },
  });
}
