/**
 * Control Tower proactive controls (cfn-guard, run at synthesis by the CfnGuardValidator plugin) that
 * these templates deliberately do not meet, each with its reason, acknowledged on the constructs they
 * concern. The findings that could be fixed were fixed (grant-limiting key policies, the distribution's
 * default root object); a finding not listed here fails synthesis and the infra tests.
 */
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { routes } from '../shared/deployment/routes.ts';
import type { StatefulStack } from './stateful-stack.ts';
import type { StatelessStack } from './stateless-stack.ts';

/** The validator's name, which the acknowledged rule ids are prefixed with. */
export const guardPluginName = 'cdk-validator-cfnguard';

const acknowledge = (scope: IConstruct, rule: string, reason: string) => Validations.of(scope).acknowledge({ id: `${guardPluginName}::${rule}`, reason });

export function acknowledgeGuardFindings(stateful: StatefulStack, stateless: StatelessStack): void {
  for (const deadLetterQueue of [stateful.deadLetterQueue, stateful.notificationDeadLetterQueue]) {
    acknowledge(
      deadLetterQueue,
      'sqs_dlq_check',
      'This is a dead-letter queue (intake or applicant messages): operators inspect and redrive its messages; a queue behind it would only hide them further.',
    );
  }

  for (const route of routes.filter((candidate) => candidate.auth === 'public')) {
    const construct = stateless.api.node.tryFindChild(`${route.method}${route.path.replace(/\//g, '--')}`);
    if (!construct) throw new Error(`No API route construct for ${route.method} ${route.path}`);
    acknowledge(
      construct,
      'api_gw_v2_authorization_type_configured_check',
      'Applicant and checkpoint routes are public by contract: the applicant presents the per-application access token the function checks, and every route is throttled.',
    );
  }

  // The integrations' invoke permissions name this API's route in SourceArn, built with Fn::Join,
  // which the rule cannot read (it accepts only literal strings or plain references).
  acknowledge(
    stateless.api,
    'lambda_function_public_access_prohibited_check',
    "Each permission lets only API Gateway invoke, and only from this API's own route: SourceArn is set, as an Fn::Join of the API id the rule cannot resolve.",
  );

  acknowledge(
    stateless,
    'lambda_inside_vpc_check',
    'The functions reach only AWS public endpoints (DynamoDB, SQS, KMS, CloudWatch) with IAM; there is no private resource to reach, and a VPC would add NAT or endpoint cost and cold-start time for nothing.',
  );
  acknowledge(
    stateless,
    'cloudwatch_log_group_retention_period_check',
    "Operational logs, kept one month: they hold no personal data (a test checks), and each application's audit trail is its history in the table, under point-in-time recovery.",
  );
  acknowledge(
    stateless,
    'cloudwatch_log_group_encrypted_check',
    'CloudWatch Logs encrypts every log group at rest with service keys; these logs hold no personal data, so a customer-managed key would add a key policy and cost without protecting anything more.',
  );

  const { distribution, bucket, logBucket } = stateless.web;
  const defaultCertificate =
    'The default *.cloudfront.net certificate serves HTTPS to every client and cannot take a custom certificate, SNI-only or a minimum TLS policy; a deployment with its own domain attaches an ACM certificate with TLSv1.2_2021.';
  acknowledge(distribution, 'cloudfront_custom_ssl_certificate_check', defaultCertificate);
  acknowledge(distribution, 'cloudfront_sni_enabled_check', defaultCertificate);
  acknowledge(distribution, 'cloudfront_security_policy_check', defaultCertificate);
  acknowledge(
    distribution,
    'cloudfront_origin_failover_enabled_check',
    "The pages come from one bucket in the stack's region, beside the API they call; a failover origin in another region would serve pages whose API is down with them.",
  );

  const pages = 'The bucket holds the built web pages, public by nature and replaced from the repository at every deployment.';
  acknowledge(bucket, 's3_bucket_default_encryption_kms_check', `${pages} SSE-S3 encrypts them; a KMS key would only add a key policy for CloudFront's access.`);
  acknowledge(bucket, 's3_bucket_versioning_enabled_check', `${pages} The previous version is the previous commit.`);
  acknowledge(bucket, 's3_lifecycle_policy_check', `${pages} The deployment prunes what it no longer ships, so nothing accumulates.`);
  acknowledge(bucket, 's3_event_notifications_enabled_check', `${pages} Nothing consumes object events.`);
  acknowledge(bucket, 's3_bucket_object_lock_enabled_check', `${pages} Each deployment must be able to replace them.`);

  const logs = 'The bucket receives CloudFront and S3 access logs, which expire after 90 days.';
  acknowledge(logBucket, 's3_bucket_default_encryption_kms_check', `${logs} S3 server access log delivery supports only SSE-S3 on its target bucket.`);
  acknowledge(logBucket, 's3_bucket_acl_prohibited_check', `${logs} CloudFront standard logging delivers through the log-delivery ACL, which needs object-writer ownership.`);
  acknowledge(logBucket, 's3_bucket_logging_enabled_check', `${logs} Logging it into itself would loop; it is the access-log target of the other bucket.`);
  acknowledge(logBucket, 's3_bucket_versioning_enabled_check', `${logs} Log objects are written once and expire; versions would keep them past their expiry.`);
  acknowledge(logBucket, 's3_event_notifications_enabled_check', `${logs} Nothing consumes object events.`);
  acknowledge(logBucket, 's3_bucket_object_lock_enabled_check', `${logs} Object Lock would prevent the 90-day expiry.`);
}
