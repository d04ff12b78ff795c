import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { guardPluginName } from '../../infra/guard-acknowledgements.ts';
import { buildWeb } from '../../web/build.ts';
import { functions, routes, type FunctionName } from '../../shared/deployment/routes.ts';
import { contentSecurityPolicy } from '../../shared/deployment/web-security.ts';

let built: ReturnType<typeof buildApp>;
let webAssetsPath: string;
let stateful: Template;
let stateless: Template;
let nagReport: ReturnType<AwsSolutionsChecks['validateScope']>;

beforeAll(async () => {
  webAssetsPath = await buildWeb(mkdtempSync(join(tmpdir(), 'web-')));
  built = buildApp({ webAssetsPath });
  // Checked on the construct tree before synthesis, as cdk-nag's validation plugin sees it.
  nagReport = new AwsSolutionsChecks().validateScope(built.app);
  stateful = Template.fromStack(built.stateful);
  stateless = Template.fromStack(built.stateless);
});

const logicalIdOf = (name: FunctionName) => built.stateless.getLogicalId(built.stateless.functions.get(name)!.function.node.defaultChild as never);

/** Every IAM statement of the function's role, from all policies attached to it. */
function statementsOf(name: FunctionName): { Action: string | string[]; Resource: unknown }[] {
  const role = built.stateless.functions.get(name)!.role;
  const roleRef = built.stateless.resolve(role.roleName);
  const policies = Object.values(stateless.findResources('AWS::IAM::Policy')).filter((policy) =>
    JSON.stringify(policy.Properties.Roles).includes(JSON.stringify(roleRef)),
  );
  return policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

/** Every IAM action the function's role may perform. */
const actionsOf = (name: FunctionName): string[] => statementsOf(name).flatMap((statement) => [statement.Action].flat());

/** The resources the function may send SQS messages to. */
const sendTargetsOf = (name: FunctionName) =>
  statementsOf(name).filter((statement) => [statement.Action].flat().includes('sqs:SendMessage')).map((statement) => statement.Resource);

describe('stateful stack', () => {
  it('keeps the table with point-in-time recovery, KMS encryption, TTL and the sparse indexes', () => {
    stateful.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      DeletionProtectionEnabled: true,
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({ IndexName: 'review-queue', KeySchema: [{ AttributeName: 'queuePk', KeyType: 'HASH' }, { AttributeName: 'queueSk', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }),
        Match.objectLike({ IndexName: 'review-queue-by-kind', KeySchema: [{ AttributeName: 'queueKindPk', KeyType: 'HASH' }, { AttributeName: 'queueSk', KeyType: 'RANGE' }] }),
        Match.objectLike({ IndexName: 'intake', KeySchema: [{ AttributeName: 'intakePk', KeyType: 'HASH' }, { AttributeName: 'intakeSk', KeyType: 'RANGE' }], Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['id'] } }),
        Match.objectLike({ IndexName: 'revocations', KeySchema: [{ AttributeName: 'revokedPk', KeyType: 'HASH' }, { AttributeName: 'revokedSk', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } }),
        Match.objectLike({ IndexName: 'audit', KeySchema: [{ AttributeName: 'auditPk', KeyType: 'HASH' }, { AttributeName: 'auditSk', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }),
        Match.objectLike({ IndexName: 'review-queue-by-lane', KeySchema: [{ AttributeName: 'queueLanePk', KeyType: 'HASH' }, { AttributeName: 'queueSk', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }),
      ]),
    });
    stateful.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
  });

  it('redrives the intake and notification queues to their DLQs after 5 receives, encrypted and SSL-only, kept longer than a review clock', () => {
    const queues = stateful.findResources('AWS::SQS::Queue');
    for (const queue of [built.stateful.intakeQueue, built.stateful.notificationQueue]) {
      const { Properties } = queues[built.stateful.getLogicalId(queue.node.defaultChild as never)]!;
      expect(Properties.RedrivePolicy.maxReceiveCount).toBe(5);
      expect(Properties.VisibilityTimeout).toBe(180);
      expect(queues[Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0]]).toBeDefined();
    }
    for (const queue of Object.values(queues)) {
      expect(queue.Properties.KmsMasterKeyId).toBeDefined();
      expect(queue.Properties.MessageRetentionPeriod).toBeGreaterThan(24 * 60 * 60);
    }
    const sslDenials = Object.values(stateful.findResources('AWS::SQS::QueuePolicy')).filter((policy) =>
      policy.Properties.PolicyDocument.Statement.some(
        (statement: Record<string, any>) => statement.Effect === 'Deny' && statement.Condition?.Bool?.['aws:SecureTransport'] === 'false',
      ),
    );
    expect(sslDenials).toHaveLength(4);
  });

  it('gives clerks a user pool without self sign-up, with a strong password policy and MFA', () => {
    stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 14, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true }) },
    });
    for (const group of ['clerk', 'supervisor', 'port-MOHAN', 'port-DALUO', 'port-JINGHONG', 'port-GUANLEI']) {
      stateful.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: group });
    }
  });
});

describe('stateless stack', () => {
  it('runs every function on Node.js 24, arm64, traced', () => {
    const all = stateless.findResources('AWS::Lambda::Function');
    const lambdas = (Object.keys(functions) as FunctionName[]).map((name) => all[logicalIdOf(name)]!);
    // The service's functions, plus CDK's handler that copies the web pages at deployment.
    expect(Object.keys(all)).toHaveLength(lambdas.length + 1);
    for (const lambda of lambdas) {
      expect(lambda.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } });
    }
  });

  it('grants each function only what it needs', () => {
    expect(actionsOf('list-ports').filter((action) => /^(dynamodb|sqs|kms):/.test(action))).toEqual([]);
    expect(actionsOf('get-openapi').filter((action) => /^(dynamodb|sqs|kms):/.test(action))).toEqual([]);

    const reader = actionsOf('get-application');
    expect(reader).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    expect(reader).not.toEqual(expect.arrayContaining(['dynamodb:PutItem']));
    expect(reader.some((action) => /^dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem)$/.test(action))).toBe(false);
    expect(reader.some((action) => action.startsWith('sqs:'))).toBe(false);

    const submitter = actionsOf('submit-application');
    expect(submitter).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'sqs:SendMessage']));
    expect(submitter).not.toContain('sqs:ReceiveMessage');

    const consumer = actionsOf('screen-applications');
    expect(consumer).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'dynamodb:UpdateItem']));
    // It sends only to the notification queue (the batch's received messages), never back to its own.
    expect(JSON.stringify(sendTargetsOf('screen-applications'))).not.toContain('IntakeQueue');
    expect(JSON.stringify(sendTargetsOf('screen-applications'))).toContain('NotificationQueue');
    // Submitting gained no permission: its received message rides in its PutItem.
    expect(JSON.stringify(sendTargetsOf('submit-application'))).not.toContain('NotificationQueue');

    const repair = actionsOf('repair-intake');
    expect(repair).toEqual(expect.arrayContaining(['sqs:SendMessage', 'dynamodb:Query']));
    expect(repair.some((action) => /^dynamodb:(PutItem|UpdateItem)$/.test(action))).toBe(false);

    // Signing is decided by the key policy on the signer role, never by a grant on a function.
    for (const name of Object.keys(functions) as FunctionName[]) expect(actionsOf(name)).not.toContain('kms:Sign');
  });

  it('feeds the screening consumer from the intake queue with partial batch responses', () => {
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalIdOf('screen-applications') },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('builds the API from the route table, with the JWT authorizer on every clerk route and none on public ones', () => {
    const apiRoutes = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route'));
    expect(apiRoutes.map((route) => route.Properties.RouteKey).sort()).toEqual(routes.map((route) => `${route.method} ${route.path}`).sort());
    for (const route of routes) {
      const resource = apiRoutes.find((candidate) => candidate.Properties.RouteKey === `${route.method} ${route.path}`)!;
      if (route.auth === 'clerk') {
        expect(resource.Properties.AuthorizationType, route.path).toBe('JWT');
        expect(resource.Properties.AuthorizerId).toBeDefined();
      } else {
        expect(resource.Properties.AuthorizationType ?? 'NONE', route.path).toBe('NONE');
      }
    }
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Audience: [Match.anyValue()], Issuer: Match.anyValue() },
    });
  });

  it('throttles the stage and the public verify and revocation routes, and logs access', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 }),
      RouteSettings: {
        'POST /api/permits/verify': { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
        'GET /api/permits/revocations': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
      },
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  it('delivers messages from the notification queue, sending email and SMS only from the identities given at deploy', () => {
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalIdOf('deliver-notifications') },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const sends = statementsOf('deliver-notifications').filter((statement) => /^(ses|sms-voice):/.test(String(statement.Action)));
    expect(sends.map((statement) => statement.Action).sort()).toEqual(['ses:SendEmail', 'sms-voice:SendTextMessage']);
    const resources = JSON.stringify(sends.map((statement) => statement.Resource));
    expect(resources).toContain(':identity/');
    expect(resources).toMatch(/NotificationEmailFrom/);
    expect(resources).toMatch(/NotificationSmsOrigination/);
    expect(resources).not.toContain('*');
    for (const name of (Object.keys(functions) as FunctionName[]).filter((other) => other !== 'deliver-notifications')) {
      expect(actionsOf(name).filter((action) => /^(ses|sms-voice):/.test(action)), name).toEqual([]);
    }
    const variables = stateless.findResources('AWS::Lambda::Function')[logicalIdOf('deliver-notifications')]!.Properties.Environment.Variables;
    expect(JSON.stringify(variables.PUBLIC_BASE_URL)).toContain('DomainName');
    expect(Object.keys(variables)).toEqual(expect.arrayContaining(['EMAIL_FROM_ADDRESS', 'SMS_ORIGINATION_IDENTITY', 'NOTIFICATION_QUEUE_URL']));
  });

  it('runs the intake repair, notification repair and SLA monitor every 5 minutes', () => {
    for (const name of ['repair-intake', 'repair-notifications', 'monitor-sla'] as const) {
      stateless.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'rate(5 minutes)',
        Targets: Match.arrayWith([Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalIdOf(name), 'Arn'] } })]),
      });
    }
  });

  it('points the signing functions (a clerk decision, the rules at screening, the revocation list) at the KMS key and holds no private key anywhere in the templates', () => {
    for (const name of ['review-decide', 'screen-applications', 'permit-revocations'] as const) {
      const signing = stateless.findResources('AWS::Lambda::Function')[logicalIdOf(name)]!;
      expect(Object.keys(signing.Properties.Environment.Variables), name).toContain('PERMIT_SIGNING_KEY_ARN');
      expect(Object.keys(signing.Properties.Environment.Variables), name).not.toContain('PERMIT_LOCAL_KEY_DIR');
    }
    for (const template of [stateful, stateless]) expect(JSON.stringify(template.toJSON())).not.toMatch(/PRIVATE KEY|"d":"/);
  });

  it('bundles no private key material into any function or web asset', () => {
    const assembly = built.app.synth();
    // Directories: function bundles and web pages (CDK's own deployment handler ships as a zip).
    const assets = readdirSync(assembly.directory, { withFileTypes: true }).filter((entry) => entry.isDirectory() && entry.name.startsWith('asset.')).map((entry) => entry.name);
    const files = assets.flatMap((asset) => readdirSync(join(assembly.directory, asset), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name)));
    expect(files.filter((file) => file.endsWith('/index.mjs'))).toHaveLength(Object.keys(functions).length);
    expect(files.filter((file) => file.endsWith('.html'))).toHaveLength(4);
    for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
  });
});

describe('web pages behind CloudFront', () => {
  const distribution = () => Object.values(stateless.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;
  const ref = (construct: { node: { defaultChild?: unknown } }) => ({ Ref: built.stateless.getLogicalId(construct.node.defaultChild as never) });

  it('keeps the pages in a private, SSL-only bucket that only this distribution may read', () => {
    stateless.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 's3-assets/' }),
    });
    stateless.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const policy = Object.values(stateless.findResources('AWS::S3::BucketPolicy')).find((candidate) => JSON.stringify(candidate.Properties.Bucket) === JSON.stringify(ref(built.stateless.web.bucket)))!;
    const statements = policy.Properties.PolicyDocument.Statement as { Effect: string; Principal?: unknown; Action: unknown; Condition?: unknown }[];
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    const reads = statements.filter((statement) => statement.Effect === 'Allow');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject', Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } } });
    expect(distribution().Origins.find((origin: { S3OriginConfig?: unknown }) => origin.S3OriginConfig).OriginAccessControlId).toBeDefined();
  });

  it('routes /api/* to the HTTP API uncached, with every method and every viewer header but Host', () => {
    const api = distribution().CacheBehaviors.find((behavior: { PathPattern: string }) => behavior.PathPattern === '/api/*');
    expect(api).toMatchObject({
      AllowedMethods: expect.arrayContaining(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']),
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // managed CachingDisabled
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac', // managed AllViewerExceptHostHeader
      ViewerProtocolPolicy: 'https-only',
    });
    const origin = distribution().Origins.find((candidate: { Id: string }) => candidate.Id === api.TargetOriginId);
    expect(JSON.stringify(origin.DomainName)).toContain(built.stateless.getLogicalId(built.stateless.api.node.defaultChild as never));
    expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
  });

  it('caches the signed revocation list at the edge only as long as the function says, before the uncached /api/*', () => {
    const behaviors = distribution().CacheBehaviors as { PathPattern: string }[];
    const revocations = behaviors.findIndex((behavior) => behavior.PathPattern === '/api/permits/revocations');
    expect(revocations).toBeGreaterThanOrEqual(0);
    expect(revocations).toBeLessThan(behaviors.findIndex((behavior) => behavior.PathPattern === '/api/*'));
    expect(behaviors[revocations]).toMatchObject({
      AllowedMethods: ['GET', 'HEAD'],
      CachePolicyId: '83da9c7e-98b4-4e11-a168-04f0df8e2c65', // managed UseOriginCacheControlHeaders
      ViewerProtocolPolicy: 'https-only',
    });
  });

  it('sends the same security headers as the local server on pages and API alike', () => {
    stateless.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: { ContentSecurityPolicy: contentSecurityPolicy, Override: true },
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true }),
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ContentTypeOptions: { Override: true },
        }),
      }),
    });
    expect(contentSecurityPolicy).not.toContain('unsafe-inline');
    const policyId = distribution().DefaultCacheBehavior.ResponseHeadersPolicyId;
    expect(policyId).toBeDefined();
    for (const behavior of distribution().CacheBehaviors) expect(behavior.ResponseHeadersPolicyId).toEqual(policyId);
  });

  it('rewrites page paths in a viewer-request function that logs to the log bucket', () => {
    const association = distribution().DefaultCacheBehavior.FunctionAssociations[0];
    expect(association.EventType).toBe('viewer-request');
    const fn = Object.values(stateless.findResources('AWS::CloudFront::Function'))[0]!;
    expect(fn.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
    expect(fn.Properties.FunctionCode).toBe(readFileSync(join(import.meta.dirname, '..', '..', 'infra', 'cloudfront', 'web-routes.js'), 'utf8'));
    expect(distribution().Logging).toMatchObject({ Prefix: 'cloudfront/' });
  });

  it('copies the built pages with no-cache and the bundles with a five-minute cache, and outputs the web URL', () => {
    const deployments = Object.values(stateless.findResources('Custom::CDKBucketDeployment')).map((deployment) => deployment.Properties);
    expect(deployments).toHaveLength(3);
    expect(deployments).toContainEqual(expect.objectContaining({ SystemMetadata: { 'cache-control': 'no-cache' }, Exclude: ['assets/*', 'console-config.json', '.well-known/*'], RetainOnDelete: false }));
    expect(deployments).toContainEqual(expect.objectContaining({ SystemMetadata: { 'cache-control': 'public, max-age=300' }, DestinationBucketKeyPrefix: 'assets/' }));
    stateless.hasOutput('WebUrl', {});
  });
});

describe('clerk sign-in', () => {
  const distribution = () => Object.values(stateless.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;

  it('gives the pool a hosted sign-in domain whose prefix carries the account', () => {
    const domain = Object.values(stateful.findResources('AWS::Cognito::UserPoolDomain'))[0]!.Properties;
    expect(JSON.stringify(domain.Domain)).toContain('permit-fast-track-');
    expect(JSON.stringify(domain.Domain)).toContain('AWS::AccountId');
  });

  it('serves the token and revocation endpoints under the console origin, uncached, from the hosted sign-in domain', () => {
    const behaviors = distribution().CacheBehaviors as { PathPattern: string; TargetOriginId: string }[];
    for (const path of ['/oauth2/token', '/oauth2/revoke']) {
      const behavior = behaviors.find((candidate) => candidate.PathPattern === path)!;
      expect(behavior, path).toMatchObject({ AllowedMethods: expect.arrayContaining(['POST']), CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', ViewerProtocolPolicy: 'https-only' });
      const origin = distribution().Origins.find((candidate: { Id: string }) => candidate.Id === behavior.TargetOriginId);
      expect(JSON.stringify(origin.DomainName)).toContain('.amazoncognito.com');
      expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only' });
    }
    expect(behaviors.some((behavior) => behavior.PathPattern.startsWith('/oauth2/authorize'))).toBe(false);
  });

  it('writes the console config and the issuer metadata beside the pages as JSON, never cached, naming the console client', () => {
    const deployments = Object.values(stateless.findResources('Custom::CDKBucketDeployment')).map((deployment) => deployment.Properties);
    const runtime = deployments.find((deployment) => deployment.DistributionPaths?.includes('/console-config.json'))!;
    expect(runtime).toMatchObject({ Prune: false, SystemMetadata: { 'cache-control': 'no-cache', 'content-type': 'application/json' }, DistributionPaths: ['/console-config.json', '/.well-known/openid-configuration'] });
    const clientId = Object.keys(stateless.findResources('AWS::Cognito::UserPoolClient'))[0]!;
    expect(JSON.stringify(runtime.SourceMarkers[0])).toContain(`{"Ref":"${clientId}"}`);
    stateless.hasOutput('ConsoleUrl', {});
  });

  it('keeps the former console client and its export only when an upgrade asks for it', () => {
    expect(stateful.findResources('AWS::Cognito::UserPoolClient')).toEqual({});
    const upgrading = new App({ context: { keepFormerConsoleClient: 'true' } });
    const kept = Template.fromStack(buildApp({ webAssetsPath }, upgrading).stateful).toJSON();
    expect(Object.keys(kept.Resources).filter((id) => kept.Resources[id].Type === 'AWS::Cognito::UserPoolClient')).toEqual(['ClerkPoolConsoleClient1E09D00F']);
    expect(Object.values(kept.Outputs).map((output: any) => output.Export?.Name)).toContain('PermitFastTrackStateful:ExportsOutputRefClerkPoolConsoleClient1E09D00FE4518D18');
  });
});

describe('cdk-nag', () => {
  it('reports no AwsSolutions violations', () => {
    const violations = nagReport.violations.map((violation) => `${violation.ruleName}: ${violation.violatingResources.map((resource) => resource.resourceLogicalId).join(', ')}`);
    expect(violations).toEqual([]);
  });
});

describe('Control Tower proactive controls (cfn-guard at synthesis)', () => {
  interface GuardViolation {
    ruleName: string;
    description: string;
    reason?: string;
    violatingConstructs: { constructPath: string }[];
  }

  it('finds nothing unacknowledged, and every acknowledged finding has its reason', () => {
    // Synthesis itself fails on an unacknowledged finding; its report says what was acknowledged where.
    const report = JSON.parse(readFileSync(join(built.app.synth().directory, 'validation-report.json'), 'utf8'));
    const guard = report.pluginReports.find((plugin: { pluginName: string }) => plugin.pluginName === guardPluginName);
    const describe = (violation: GuardViolation) => `${violation.description} at ${violation.violatingConstructs.map((construct) => construct.constructPath).join(', ')}`;
    expect(guard.violations.map(describe)).toEqual([]);
    expect(guard.conclusion).toBe('success');
    const acknowledged = guard.suppressedViolations as GuardViolation[];
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const violation of acknowledged) expect(violation.reason?.length ?? 0, violation.ruleName).toBeGreaterThan(40);
  });
});
