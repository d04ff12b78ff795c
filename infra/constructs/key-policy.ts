/** What the key policy of every customer-managed key of the service says beyond its own grants. */
import { AnyPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Key } from 'aws-cdk-lib/aws-kms';

/**
 * Grants on the key only for AWS services acting for a resource (DynamoDB creates its own on the table's
 * key): nobody can hand out lasting use of a key by grant, around its policy.
 */
export function limitGrantsToAwsServices(key: Key): Key {
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: 'GrantsOnlyForAwsServices',
      effect: Effect.DENY,
      principals: [new AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    }),
  );
  return key;
}
